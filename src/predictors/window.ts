/**
 * The largest of `values[from..to)` (0 when the range is empty). A loop rather than
 * `Math.max(...slice)`: no copy, and no argument-count limit on long histories.
 * @internal
 */
export function maxOf(values: readonly number[], from: number, to: number): number {
  let m = 0;
  let first = true;
  for (let i = Math.max(0, from); i < to; i++) {
    const v = values[i];
    if (first || v > m) m = v;
    first = false;
  }
  return m;
}

/** The mean of `values[from..to)` (0 when the range is empty). @internal */
export function meanOf(values: readonly number[], from: number, to: number): number {
  const start = Math.max(0, from);
  if (to <= start) return 0;
  let s = 0;
  for (let i = start; i < to; i++) s += values[i];
  return s / (to - start);
}
