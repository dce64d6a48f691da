import { studentTQuantile } from './student-t.js';

/** Mean, spread and confidence interval of a sample. */
export interface MeanCI {
  /** Finite values used (NaN and null are left out). */
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); NaN when n < 2. */
  sd: number;
  /** Standard error of the mean, sd / sqrt(n). */
  se: number;
  /** Half-width of the interval, t(1 - (1 - level)/2, n - 1) * se; NaN when n < 2. */
  halfWidth: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * The mean of `values` with a Student-t confidence interval (`level` 0.95 by default): the
 * interval across independent replications (seeds) of a simulation. Non-finite values are left out
 * and `n` says how many were used.
 */
export function meanCI(values: Iterable<unknown>, level = 0.95): MeanCI {
  const xs: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) xs.push(v);
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN, halfWidth: NaN, ciLow: NaN, ciHigh: NaN };
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  if (n < 2) return { n, mean, sd: NaN, se: NaN, halfWidth: NaN, ciLow: NaN, ciHigh: NaN };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const se = sd / Math.sqrt(n);
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, n - 1) * se;
  return { n, mean, sd, se, halfWidth, ciLow: mean - halfWidth, ciHigh: mean + halfWidth };
}
