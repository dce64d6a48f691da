import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/experiment/mean-ci.js';
import { logGamma, regularizedBeta } from '../../src/experiment/special-functions.js';
import { studentTCdf, studentTQuantile } from '../../src/experiment/student-t.js';

// Reference quantiles (R's qt, 10+ significant digits; df = 1 and 2 also have closed forms).
const TABLE: [number, number, number][] = [
  [0.975, 1, 12.706204736174707],
  [0.975, 2, 4.302652729749464],
  [0.975, 3, 3.182446305284263],
  [0.975, 4, 2.7764451051977934],
  [0.975, 9, 2.2621571627982053],
  [0.975, 10, 2.2281388519862744],
  [0.975, 30, 2.0422724563012373],
  [0.975, 1000, 1.9623390808264074],
  [0.95, 3, 2.353363434801823],
  [0.995, 5, 4.032142983557536],
  [0.9995, 2, 0.999 / Math.sqrt(2 * 0.9995 * 0.0005)], // closed form for df = 2
  [0.9, 20, 1.325340706985046],
];

describe('studentTQuantile(p, df)', () => {
  it('matches reference values: t(0.975, 4) = 2.7764', () => {
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 7);
    for (const [p, df, q] of TABLE) {
      expect(Math.abs(studentTQuantile(p, df) - q) / q, `t(${p}, ${df})`).toBeLessThan(1e-9);
      expect(Math.abs(studentTQuantile(1 - p, df) + q) / q, `t(${1 - p}, ${df})`).toBeLessThan(1e-9);
    }
  });

  it('tends to the normal quantile as df grows', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it('inverts the CDF for any p and df (fractional df included)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 500, noNaN: true }), (p, df) => {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('edge cases: 0.5 is 0, 0 and 1 are infinite, bad input is NaN', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(0.9, 0)).toBeNaN();
    expect(studentTQuantile(1.2, 3)).toBeNaN();
  });
});

describe('special functions', () => {
  it('logGamma(n) = ln((n-1)!) and logGamma(1/2) = ln(sqrt(pi))', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('regularizedBeta(x, 1, 1) = x and I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedBeta(0.2, 2.5, 4) + regularizedBeta(0.8, 4, 2.5)).toBeCloseTo(1, 13);
  });

  it('studentTCdf(t, 1) is the Cauchy CDF', () => {
    for (const t of [-3, -0.5, 0, 1, 10]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
  });
});

describe('meanCI(values, level)', () => {
  it('mean, sd, and the t interval of a small sample', () => {
    const ci = meanCI([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(ci.halfWidth).toBeCloseTo(2.7764451051977934 * Math.sqrt(2.5 / 5), 12);
    expect(ci.ciLow).toBeCloseTo(3 - ci.halfWidth, 14);
  });

  it('leaves out NaN and null and says how many it used; n < 2 has no interval', () => {
    expect(meanCI([1, NaN, null, 3]).n).toBe(2);
    const one = meanCI([4]);
    expect(one.mean).toBe(4);
    expect(one.halfWidth).toBeNaN();
    expect(meanCI([]).mean).toBeNaN();
  });

  it('95% intervals of normal samples cover the true mean about 95% of the time (seeded Monte Carlo)', () => {
    const rng = seedrandom.alea('ci-coverage');
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const trials = 2000;
    for (const n of [3, 5, 10]) {
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        const ci = meanCI(Array.from({ length: n }, () => 7 + 2 * normal()));
        if (ci.ciLow <= 7 && 7 <= ci.ciHigh) covered++;
      }
      expect(covered / trials, `n = ${n}`).toBeGreaterThanOrEqual(0.93);
      expect(covered / trials, `n = ${n}`).toBeLessThanOrEqual(0.97);
    }
  });

  it('the 90% level covers about 90%', () => {
    const rng = seedrandom.alea('ci-90');
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    let covered = 0;
    for (let t = 0; t < 2000; t++) {
      const ci = meanCI(Array.from({ length: 4 }, () => normal()), 0.9);
      if (ci.ciLow <= 0 && 0 <= ci.ciHigh) covered++;
    }
    expect(covered / 2000).toBeGreaterThan(0.875);
    expect(covered / 2000).toBeLessThan(0.925);
  });
});
