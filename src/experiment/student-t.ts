import { logGamma, normalQuantile, regularizedBeta } from './special-functions.js';

/** P(T > t) for t >= 0: half the regularised incomplete beta at df / (df + t²). */
function upperTail(t: number, df: number): number {
  return 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** The density of Student's t with `df` degrees of freedom. */
function density(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * P(T <= t) for Student's t distribution with `df` > 0 degrees of freedom (not necessarily an
 * integer, as Welch's test needs).
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `df` > 0 degrees of freedom: `studentTQuantile(0.975, 4)` is
 * 2.7764451..., the multiplier of a 95% confidence interval from 5 samples.
 *
 * Closed forms for df = 1 and 2; otherwise Newton's method on the upper tail (accurate to ~1e-15
 * through the incomplete beta function), started from a Cornish-Fisher expansion around the normal
 * quantile and kept inside a bracket, falling back to bisection when a step would leave it.
 * Working on the tail P(T > t) rather than the CDF keeps full relative precision for p near 1.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || !(df > 0) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const q = 1 - p;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * q);
  const z = normalQuantile(p);
  if (df > 1e8) return z;
  const z3 = z ** 3;
  let t = z + (z3 + z) / (4 * df) + (5 * z ** 5 + 16 * z3 + 3 * z) / (96 * df * df);
  let lo = 0;
  let hi = Math.max(t, 1);
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  if (!(t > lo && t < hi)) t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = upperTail(t, df) - q; // decreasing in t
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / density(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}
