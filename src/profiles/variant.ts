import { batchRange, interpolateBatch, sortBatchTable, type SortedBatchTable } from './batch-table.js';
import type { BatchTable, VariantProfile } from './types.js';

/**
 * Sorted tables by profile table: sorting on every call had cost a quarter of an adaptive run's
 * time. Profiles are read-only once a simulation or policy uses them, so a table object's sorted
 * form never goes stale; a WeakMap lets it go with its profile.
 */
const sorted = new WeakMap<BatchTable, SortedBatchTable>();
function sortedTable(table: BatchTable): SortedBatchTable {
  let t = sorted.get(table);
  if (t === undefined) {
    t = sortBatchTable(table);
    sorted.set(table, t);
  }
  return t;
}

/** Mean batch latency of `v` at batch size `b`, in ms (interpolated; see {@link interpolateBatch}). */
export function latencyMs(v: VariantProfile, b: number): number {
  return interpolateBatch(sortedTable(v.latencyMs), b);
}

/** p99 batch latency at `b` in ms: the profiled p99 where present, else the mean latency. */
export function latencyP99Ms(v: VariantProfile, b: number): number {
  return interpolateBatch(sortedTable(v.latencyP99Ms ?? v.latencyMs), b);
}

/**
 * Requests per second one replica sustains at batch size `b`, as planners see it: the profile's
 * measured maximum (`maxThroughputRps`, interpolated) where it has one, else `b / latency(b)`.
 */
export function throughputRps(v: VariantProfile, b: number): number {
  return v.maxThroughputRps ? interpolateBatch(sortedTable(v.maxThroughputRps), b) : (b * 1000) / latencyMs(v, b);
}

/** Energy of one batch of size `b` in Joules, or `undefined` if the profile has none. */
export function batchEnergyJ(v: VariantProfile, b: number): number | undefined {
  return v.energyJ ? interpolateBatch(sortedTable(v.energyJ), b) : undefined;
}

/** Profiled batch sizes of `v`, ascending. */
export function profiledBatches(v: VariantProfile): number[] {
  return Array.from(sortedTable(v.latencyMs).sizes);
}

/** The largest batch size a replica of `v` may be configured with. */
export function maxBatch(v: VariantProfile): number {
  return batchRange(v.latencyMs).max;
}
