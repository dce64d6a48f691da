import { describe, expect, it } from 'vitest';
import { exponential, gamma, lognormal, noiseSampler, stream } from '../../src/random/index.js';

function moments(draw: () => number, n = 200_000) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, cv: Math.sqrt(s2 / n - mean * mean) / mean };
}

describe('random streams', () => {
  it('the same seed and name repeat the same sequence; other names and seeds differ', () => {
    const a = stream(1, 'arrivals');
    const b = stream(1, 'arrivals');
    const c = stream(1, 'service/s');
    const d = stream(2, 'arrivals');
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(Array.from({ length: 5 }, () => d())).not.toEqual(xs);
  });

  it('uniforms are in [0, 1) with mean 1/2', () => {
    const u = stream(3, 'u');
    let lo = Infinity;
    let hi = -Infinity;
    const m = moments(() => {
      const x = u();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      return x;
    }, 50_000);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
  });
});

describe('distributions have the asked mean and coefficient of variation', () => {
  const u = stream(9, 'dist');
  it('exponential: cv 1', () => {
    const m = moments(() => exponential(u, 2));
    expect(m.mean).toBeCloseTo(2, 1);
    expect(m.cv).toBeCloseTo(1, 1);
  });
  it.each([0.2, 0.5, 1.5])('lognormal cv %s', (cv) => {
    const m = moments(() => lognormal(u, 3, cv));
    expect(Math.abs(m.mean / 3 - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.cv / cv - 1)).toBeLessThan(0.05);
  });
  it.each([0.3, 1, 2])('gamma cv %s', (cv) => {
    const m = moments(() => gamma(u, 3, cv));
    expect(Math.abs(m.mean / 3 - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.cv / cv - 1)).toBeLessThan(0.05);
  });
  it('service noise has mean 1; deterministic is exactly 1', () => {
    expect(noiseSampler({ type: 'deterministic' }, u)()).toBe(1);
    expect(Math.abs(moments(noiseSampler({ type: 'gamma', cv: 0.5 }, u)).mean - 1)).toBeLessThan(0.01);
  });
});
