import { selectInPlace } from './select.js';

/** Whether doubles are stored little-endian here (the high word of value i at 32-bit index 2i + 1). */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
/**
 * Histogram buckets: a value's top 16 bits (sign, exponent and 4 mantissa bits). Non-negative
 * values fill the lower half, in their order; a value in the upper half is negative or -0.
 */
const BUCKET_SHIFT = 16;
const BUCKETS = 1 << 16;
/** The first bucket of values whose exponent is all ones: +Infinity, and NaN when any low bit is set. */
const NON_FINITE = 0x7ff0;
/** The first bucket of negative values and -0. */
const NEGATIVE = 0x8000;

/** Order statistics asked of a segment `values[from..to)` alongside those of the whole buffer. */
export interface SegmentRanks {
  from: number;
  to: number;
  /** Ranks within the segment (0-based, each in [0, to - from)). */
  ranks: readonly number[];
}

/**
 * The order statistics of `values` at the given `ranks` (0-based, each in [0, values.length)),
 * exact, without reordering `values`: one pass counts each value's bucket (its top 16 bits, which
 * for non-negative doubles are in their order), a second pass copies out only the values of the
 * buckets holding a requested rank, and a selection within those few gives each value. Two
 * sequential passes over the buffer instead of a partitioning selection per rank, which moves
 * values all over a large buffer (a million latencies are 8 MB).
 *
 * With `segment`, the order statistics of `values[segment.from..segment.to)` at `segment.ranks`
 * follow in the result, found in the same two passes (a run's one long series interval and the
 * run's summary, over nearly the same latencies: one pass each instead of a selection more).
 *
 * Returns undefined when it does not apply: a negative value, -0 or NaN (the top bits are then out
 * of order), a big-endian platform, or a requested bucket holding so many of the values that
 * copying it out would not gain; the caller then selects in place. The values returned are the
 * same as sorting would give at those ranks (equal values are the same double, except that the
 * input holds no -0 to tie with 0).
 */
export function orderStatistics(values: Float64Array, ranks: readonly number[], segment?: SegmentRanks): Float64Array | undefined {
  const n = values.length;
  if (!LITTLE_ENDIAN || n === 0 || values.byteOffset % 4 !== 0) return undefined;
  const from = segment?.from ?? 0;
  const to = segment?.to ?? 0;
  if (segment && !(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= n)) {
    throw new RangeError(`orderStatistics: segment [${from}, ${to}) is not within [0, ${n})`);
  }
  const hiWords = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const counts = new Uint32Array(BUCKETS);
  // One increment per value and nothing else: this pass runs once per run over every latency,
  // mostly before V8 has optimised it, so each operation in it counts. Negative values, -0 and
  // NaN are found from the counts afterwards rather than tested value by value.
  const end = 2 * n;
  for (let i = 1; i < end; i += 2) counts[hiWords[i] >>> BUCKET_SHIFT]++;
  // The segment's counts: those of the whole less the values outside it when they are the fewer
  // (a run's one long interval leaves out only the requests completed after the run's end), else
  // its own values counted.
  let segCounts = counts;
  if (segment) {
    if (n - (to - from) <= to - from) {
      segCounts = counts.slice();
      for (let i = 1; i < 2 * from; i += 2) segCounts[hiWords[i] >>> BUCKET_SHIFT]--;
      for (let i = 2 * to + 1; i < end; i += 2) segCounts[hiWords[i] >>> BUCKET_SHIFT]--;
    } else {
      segCounts = new Uint32Array(BUCKETS);
      for (let i = 2 * from + 1; i < 2 * to; i += 2) segCounts[hiWords[i] >>> BUCKET_SHIFT]++;
    }
  }
  for (let b = NEGATIVE; b < BUCKETS; b++) if (counts[b] !== 0) return undefined; // negative or -0
  for (let b = NON_FINITE; b < NEGATIVE; b++) {
    if (counts[b] !== 0) {
      for (let i = 0; i < n; i++) if (values[i] !== values[i]) return undefined; // NaN (rare: scan only then)
      break;
    }
  }
  const whole = bucketsOfRanks(counts, n, ranks);
  const part = segment ? bucketsOfRanks(segCounts, to - from, segment.ranks) : undefined;
  if (whole === undefined || (segment && part === undefined)) return undefined;
  // One pass copies every requested bucket's values out, the segment's into its own parts too.
  const parts = whole.buckets.map((b) => new Float64Array(counts[b]));
  const filled = new Int32Array(parts.length);
  const slotOf = whole.slotOf;
  const out = new Float64Array(ranks.length + (segment ? segment.ranks.length : 0));
  if (part === undefined) copyOut(values, hiWords, 0, n, slotOf, parts, filled);
  else {
    const segParts = part.buckets.map((b) => new Float64Array(segCounts[b]));
    const segFilled = new Int32Array(segParts.length);
    const segSlotOf = part.slotOf;
    copyOut(values, hiWords, 0, from, slotOf, parts, filled);
    for (let i = from, hi = 2 * from + 1; i < to; i++, hi += 2) {
      const b = hiWords[hi] >>> BUCKET_SHIFT;
      const s = slotOf[b];
      if (s >= 0) parts[s][filled[s]++] = values[i];
      const t = segSlotOf[b];
      if (t >= 0) segParts[t][segFilled[t]++] = values[i];
    }
    copyOut(values, hiWords, to, n, slotOf, parts, filled);
    selectRanks(part, segParts, out, ranks.length);
  }
  selectRanks(whole, parts, out, 0);
  return out;
}

/** Copies the values of `values[from..to)` whose bucket has a slot into that slot's part. */
function copyOut(values: Float64Array, hiWords: Uint32Array, from: number, to: number, slotOf: Int16Array, parts: Float64Array[], filled: Int32Array): void {
  for (let i = from, hi = 2 * from + 1; i < to; i++, hi += 2) {
    const s = slotOf[hiWords[hi] >>> BUCKET_SHIFT];
    if (s >= 0) parts[s][filled[s]++] = values[i];
  }
}

/** Where each requested rank lies: its bucket's slot among the requested buckets, and its rank within the bucket. */
interface RankBuckets {
  /** Per bucket, its slot (-1: not requested). */
  slotOf: Int16Array;
  /** The requested buckets, by slot (numbered in their order of first use). */
  buckets: number[];
  rankSlot: Int32Array;
  within: Int32Array;
}

/** The buckets holding `ranks` of `n` counted values; undefined when one holds too many to copy out with gain. */
function bucketsOfRanks(counts: Uint32Array, n: number, ranks: readonly number[]): RankBuckets | undefined {
  const slotOf = new Int16Array(BUCKETS).fill(-1);
  const buckets: number[] = [];
  const rankSlot = new Int32Array(ranks.length);
  const within = new Int32Array(ranks.length);
  const tooBig = (n >>> 3) + 4096;
  for (let r = 0; r < ranks.length; r++) {
    const rank = ranks[r];
    if (!(Number.isInteger(rank) && rank >= 0 && rank < n)) throw new RangeError(`orderStatistics: rank ${rank} is not an integer in [0, ${n})`);
    let below = 0;
    let b = 0;
    while (below + counts[b] <= rank) below += counts[b++];
    if (counts[b] > tooBig) return undefined;
    if (slotOf[b] < 0) {
      slotOf[b] = buckets.length;
      buckets.push(b);
    }
    rankSlot[r] = slotOf[b];
    within[r] = rank - below;
  }
  return { slotOf, buckets, rankSlot, within };
}

/** Selects each rank's value within its bucket's copied-out values, into `out` from `at` on. */
function selectRanks(where: RankBuckets, parts: Float64Array[], out: Float64Array, at: number): void {
  for (let r = 0; r < where.rankSlot.length; r++) {
    const part = parts[where.rankSlot[r]];
    selectInPlace(part, where.within[r]);
    out[at + r] = part[where.within[r]];
  }
}
