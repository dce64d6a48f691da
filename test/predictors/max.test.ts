import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { max } from '../../src/predictors/index.js';

const ones = (n: number) => Array.from({ length: n }, () => 1);

describe('max()', () => {
  it('max().predict([]) is 0', () => {
    expect(max().predict([])).toBe(0);
  });

  it('max().predict(series) on constant, ramp and step series', () => {
    expect(max().predict(ones(300).map(() => 7))).toBe(7);
    expect(max().predict(Array.from({ length: 300 }, (_, i) => i))).toBe(299);
    expect(max().predict([...ones(100).map(() => 9), ...ones(50)])).toBe(9);
  });

  it('max() looks at exactly the last 120 s by default: the window edges', () => {
    const h = ones(200);
    h[200 - 120] = 9; // the oldest second inside the window
    expect(max().predict(h)).toBe(9);
    const g = ones(200);
    g[200 - 121] = 9; // one second too old
    expect(max().predict(g)).toBe(1);
  });

  it('max({ windowS }) with less history than the window uses all of it', () => {
    expect(max({ windowS: 60 }).predict([4, 8, 2])).toBe(8);
    expect(max({ windowS: 2 }).predict([9, 3, 4])).toBe(4);
  });

  it('max({ marginPct }) adds the headroom', () => {
    expect(max({ marginPct: 50 }).predict([2, 6, 4])).toBeCloseTo(9, 12);
  });

  it('max({ windowS }) rejects windows that are not whole seconds >= 1', () => {
    for (const windowS of [0, 1.5, -3, '60', Number.NaN]) {
      expect(() => max({ windowS: windowS as number })).toThrow(InputError);
    }
    expect(() => max({ windowS: 0 })).toThrow(/predictor\.windowS: expected a whole number of seconds >= 1, got 0/);
  });
});
