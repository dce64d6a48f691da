import type { BatchTable } from './types.js';

/** A batch table as sorted parallel arrays, for fast interpolation. */
export interface SortedBatchTable {
  readonly sizes: Float64Array;
  readonly values: Float64Array;
}

/** Sorts a `{ "batch": value }` table by batch size. */
export function sortBatchTable(table: BatchTable): SortedBatchTable {
  const entries = Object.entries(table)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  return {
    sizes: Float64Array.from(entries, (e) => e[0]),
    values: Float64Array.from(entries, (e) => e[1]),
  };
}

/**
 * The value at batch size `b`: exact at profiled sizes, linear between them. Below the smallest
 * profiled size the smallest size's value is used (a partial batch is never faster than the smallest
 * batch measured); above the largest it throws, because extrapolating a latency silently would
 * invent data. Callers validate configured batch sizes against {@link batchRange} first.
 */
export function interpolateBatch(t: SortedBatchTable, b: number): number {
  const { sizes, values } = t;
  const n = sizes.length;
  if (b <= sizes[0]) return values[0];
  if (b > sizes[n - 1]) {
    throw new RangeError(`batch size ${b} is above the largest profiled batch size ${sizes[n - 1]}`);
  }
  let i = 1;
  while (sizes[i] < b) i++;
  const b0 = sizes[i - 1];
  const b1 = sizes[i];
  return values[i - 1] + ((values[i] - values[i - 1]) * (b - b0)) / (b1 - b0);
}

/** Smallest and largest profiled batch size of a table. */
export function batchRange(table: BatchTable): { min: number; max: number } {
  const sizes = Object.keys(table).map(Number);
  return { min: Math.min(...sizes), max: Math.max(...sizes) };
}
