import { batchRange, interpolateBatch, sortBatchTable } from './batch-table.js';
import type { VariantProfile } from './types.js';

/** Mean batch latency of `v` at batch size `b`, in ms (interpolated; see {@link interpolateBatch}). */
export function latencyMs(v: VariantProfile, b: number): number {
  return interpolateBatch(sortBatchTable(v.latencyMs), b);
}

/** p99 batch latency at `b` in ms: the profiled p99 where present, else the mean latency. */
export function latencyP99Ms(v: VariantProfile, b: number): number {
  return interpolateBatch(sortBatchTable(v.latencyP99Ms ?? v.latencyMs), b);
}

/** Requests per second one replica sustains at batch size `b`: `b / latency(b)`. */
export function throughputRps(v: VariantProfile, b: number): number {
  return (b * 1000) / latencyMs(v, b);
}

/** Energy of one batch of size `b` in Joules, or `undefined` if the profile has none. */
export function batchEnergyJ(v: VariantProfile, b: number): number | undefined {
  return v.energyJ ? interpolateBatch(sortBatchTable(v.energyJ), b) : undefined;
}

/** Profiled batch sizes of `v`, ascending. */
export function profiledBatches(v: VariantProfile): number[] {
  return Object.keys(v.latencyMs).map(Number).sort((a, b) => a - b);
}

/** The largest batch size a replica of `v` may be configured with. */
export function maxBatch(v: VariantProfile): number {
  return batchRange(v.latencyMs).max;
}
