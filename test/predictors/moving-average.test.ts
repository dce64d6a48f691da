import { describe, expect, it } from 'vitest';
import { movingAverage } from '../../src/predictors/index.js';

describe('movingAverage()', () => {
  it('movingAverage().predict([]) is 0', () => {
    expect(movingAverage().predict([])).toBe(0);
  });

  it('movingAverage().predict(constant) is the constant', () => {
    expect(movingAverage().predict(Array.from({ length: 500 }, () => 6))).toBeCloseTo(6, 12);
  });

  it('movingAverage().predict(ramp) is the mean of the last 120 s', () => {
    const ramp = Array.from({ length: 200 }, (_, i) => i + 1); // 1..200
    expect(movingAverage().predict(ramp)).toBeCloseTo((81 + 200) / 2, 12);
  });

  it('movingAverage({ windowS }) window edges: older seconds do not count', () => {
    expect(movingAverage({ windowS: 3 }).predict([100, 1, 2, 3])).toBeCloseTo(2, 12);
    expect(movingAverage({ windowS: 4 }).predict([100, 1, 2, 3])).toBeCloseTo(26.5, 12);
  });

  it('movingAverage({ windowS }) with less history averages what exists (a step)', () => {
    expect(movingAverage({ windowS: 60 }).predict([0, 0, 9])).toBeCloseTo(3, 12);
  });

  it('movingAverage() is a real mean, not IPA\'s max/len', () => {
    // IPA's "avg" on [2, 4] would say max/len = 2.
    expect(movingAverage().predict([2, 4])).toBeCloseTo(3, 12);
  });

  it('movingAverage({ marginPct }) adds the headroom', () => {
    expect(movingAverage({ marginPct: 10 }).predict([10, 30])).toBeCloseTo(22, 12);
  });
});
