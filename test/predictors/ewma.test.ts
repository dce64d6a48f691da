import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ewma, reactive } from '../../src/predictors/index.js';

describe('ewma()', () => {
  it('ewma().predict([]) is 0', () => {
    expect(ewma().predict([])).toBe(0);
  });

  it('ewma().predict(constant) is the constant, whatever alpha', () => {
    for (const alpha of [0.01, 0.3, 1]) {
      expect(ewma({ alpha }).predict([7, 7, 7, 7])).toBeCloseTo(7, 12);
    }
  });

  it('ewma({ alpha }) follows s_t = alpha x_t + (1 - alpha) s_(t-1), s_0 = x_0', () => {
    expect(ewma({ alpha: 0.5 }).predict([0, 4])).toBeCloseTo(2, 12);
    expect(ewma({ alpha: 0.5 }).predict([0, 4, 4])).toBeCloseTo(3, 12);
    expect(ewma({ alpha: 0.25 }).predict([8, 0, 0])).toBeCloseTo(8 * 0.75 * 0.75, 12);
  });

  it('ewma({ halfLifeS }) reaches half of a step after halfLifeS seconds', () => {
    const step = [0, ...Array.from({ length: 30 }, () => 10)];
    expect(ewma({ halfLifeS: 30 }).predict(step)).toBeCloseTo(5, 10);
    expect(ewma().predict([0, ...Array.from({ length: 10 }, () => 10)])).toBeCloseTo(5, 10); // default 10 s
  });

  it('ewma({ alpha: 1 }) equals reactive() (a ramp)', () => {
    const ramp = [1, 2, 3, 4, 5];
    expect(ewma({ alpha: 1 }).predict(ramp)).toBe(reactive().predict(ramp));
  });

  it('ewma({ marginPct }) adds the headroom', () => {
    expect(ewma({ alpha: 0.5, marginPct: 100 }).predict([0, 4])).toBeCloseTo(4, 12);
  });

  it('ewma() rejects alpha outside (0, 1], a half-life <= 0, and both at once', () => {
    expect(() => ewma({ alpha: 0 })).toThrow(/predictor\.alpha: expected a number in \(0, 1\]/);
    expect(() => ewma({ alpha: 1.5 })).toThrow(InputError);
    expect(() => ewma({ halfLifeS: 0 })).toThrow(/predictor\.halfLifeS/);
    expect(() => ewma({ alpha: 0.5, halfLifeS: 3 })).toThrow(/either alpha or halfLifeS, not both/);
  });
});
