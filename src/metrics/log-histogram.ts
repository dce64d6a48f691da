import type { LatencySummary } from './latency-summary.js';

/** Values below this are kept in the zero bucket; the relative-error bound holds from here up. */
export const LOG_HISTOGRAM_MIN = 1e-9;

/**
 * A mergeable log-bucketed histogram of non-negative values with a relative-error bound (the
 * mapping of DDSketch, Masson et al., VLDB 2019): bucket `i` holds the values in `(g^(i-1), g^i]`
 * with `g = (1 + a) / (1 - a)`, and reads back as `2 g^i / (g + 1)`, within `a` of every value in
 * it. So each order statistic it reports is within relative error `a` of the exact one, and so is
 * a quantile interpolated between two of them (a convex combination of two values each within `a`).
 *
 * Memory is one count per bucket between the smallest and largest value seen: about
 * `ln(max / min) / (2a)` buckets (0.1 %: ~1,150 per decade), whatever the number of values. Values
 * in `[0, 1e-9)` count as 0 (exactly), outside the bound; count, mean, min and max are exact.
 */
export class LogHistogram {
  readonly relativeError: number;
  private readonly lnGamma: number;
  private readonly gamma: number;
  private counts = new Float64Array(0);
  /** Bucket index of `counts[0]`. */
  private offset = 0;
  private zeros = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** @param relativeError the bound `a`, in (0, 1): 0.001 is 0.1 %. */
  constructor(relativeError: number) {
    if (!(relativeError > 0 && relativeError < 1)) throw new RangeError(`relativeError must be in (0, 1), got ${relativeError}`);
    this.relativeError = relativeError;
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.lnGamma = Math.log(this.gamma);
  }

  /** Adds a value (>= 0). */
  push(v: number): void {
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v < LOG_HISTOGRAM_MIN) {
      this.zeros++;
      return;
    }
    this.addToBucket(Math.ceil(Math.log(v) / this.lnGamma), 1);
  }

  /** Adds every value of `other` (same relative error) to this histogram. */
  merge(other: LogHistogram): void {
    if (other.relativeError !== this.relativeError) throw new RangeError('cannot merge histograms of different relative errors');
    this.count += other.count;
    this.sum += other.sum;
    this.zeros += other.zeros;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    for (let k = 0; k < other.counts.length; k++) if (other.counts[k] > 0) this.addToBucket(other.offset + k, other.counts[k]);
  }

  /** Forgets the values, keeping the memory. */
  clear(): void {
    this.counts.fill(0);
    this.zeros = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Buckets held (memory is 8 bytes each). */
  get buckets(): number {
    return this.counts.length;
  }

  /**
   * The values at 0-based ranks `ranks` (ascending), each within the relative error of the exact
   * order statistic (clamped to the exact min and max).
   */
  atRanks(ranks: readonly number[]): number[] {
    const out: number[] = [];
    let r = 0;
    let seen = this.zeros;
    while (r < ranks.length && ranks[r] < seen) {
      out.push(this.min < LOG_HISTOGRAM_MIN ? 0 : this.min);
      r++;
    }
    for (let k = 0; k < this.counts.length && r < ranks.length; k++) {
      seen += this.counts[k];
      if (ranks[r] >= seen) continue;
      const v = (2 * Math.pow(this.gamma, this.offset + k)) / (this.gamma + 1);
      const clamped = Math.min(this.max, Math.max(this.min, v));
      while (r < ranks.length && ranks[r] < seen) {
        out.push(clamped);
        r++;
      }
    }
    while (out.length < ranks.length) out.push(this.max);
    return out;
  }

  /**
   * The histogram as a CDF: one point per non-empty bucket (the zero bucket first, as 0), ascending.
   * `values[i]` is the bucket's value (clamped to the exact min and max) and `counts[i]` the number
   * of values in it and below. Bucket edges are exact, so the CDF reaches `counts[i] / count` at the
   * largest value in bucket `i`, which is within the relative error of `values[i]`.
   */
  cdf(): { values: number[]; counts: number[] } {
    const values: number[] = [];
    const counts: number[] = [];
    let seen = this.zeros;
    if (this.zeros > 0) {
      values.push(this.min < LOG_HISTOGRAM_MIN ? 0 : this.min);
      counts.push(seen);
    }
    for (let k = 0; k < this.counts.length; k++) {
      if (this.counts[k] === 0) continue;
      seen += this.counts[k];
      values.push(Math.min(this.max, Math.max(this.min, (2 * Math.pow(this.gamma, this.offset + k)) / (this.gamma + 1))));
      counts.push(seen);
    }
    return { values, counts };
  }

  /**
   * Mean (exact), max (exact) and p50/p95/p99 as `summariseInPlace` defines them (R-7:
   * linear interpolation between the order statistics around `(n - 1) p`), from the estimated order
   * statistics; NaN when empty.
   */
  summary(): LatencySummary {
    const n = this.count;
    if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
    const ps = [0.5, 0.95, 0.99];
    const ranks: number[] = [];
    for (const p of ps) {
      const i = Math.floor((n - 1) * p);
      ranks.push(i, Math.min(i + 1, n - 1));
    }
    const x = this.atRanks([...ranks].sort((a, b) => a - b));
    const sortedRanks = [...ranks].sort((a, b) => a - b);
    const at = (rank: number) => x[sortedRanks.indexOf(rank)];
    const q = (p: number) => {
      const h = (n - 1) * p;
      const i = Math.floor(h);
      const lo = at(i);
      const hi = at(Math.min(i + 1, n - 1));
      return lo + (hi - lo) * (h - i);
    };
    return { mean: this.sum / n, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: this.max };
  }

  private addToBucket(i: number, c: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = i - 32;
    }
    let k = i - this.offset;
    if (k < 0 || k >= this.counts.length) {
      // Grow to cover i with room on that side (doubling), keeping the counts in place.
      const lo = Math.min(this.offset, i);
      const hi = Math.max(this.offset + this.counts.length - 1, i);
      const size = Math.max(2 * this.counts.length, hi - lo + 1 + 64);
      const start = k < 0 ? hi + 1 - size : lo;
      const next = new Float64Array(size);
      next.set(this.counts, this.offset - start);
      this.counts = next;
      this.offset = start;
      k = i - start;
    }
    this.counts[k] += c;
  }
}
