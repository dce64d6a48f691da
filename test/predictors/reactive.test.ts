import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { reactive } from '../../src/predictors/index.js';

describe('reactive()', () => {
  it('reactive().predict([]) is 0', () => {
    expect(reactive().predict([])).toBe(0);
  });

  it('reactive().predict(series) is the last second: constant, ramp, step', () => {
    expect(reactive().predict([5, 5, 5])).toBe(5);
    expect(reactive().predict([1, 2, 3, 4])).toBe(4);
    expect(reactive().predict([9, 9, 9, 2])).toBe(2);
  });

  it('reactive({ marginPct }) adds the headroom', () => {
    expect(reactive({ marginPct: 20 }).predict([10])).toBeCloseTo(12, 12);
  });

  it('reactive({ marginPct: -5 }) throws an InputError at predictor.marginPct', () => {
    expect(() => reactive({ marginPct: -5 })).toThrow(InputError);
    expect(() => reactive({ marginPct: -5 })).toThrow(/predictor\.marginPct: expected a number >= 0/);
  });
});
