/**
 * Traffic envelopes, the measure InferLine's tuner watches (network calculus: the most arrivals in
 * any interval of a given length). Per-second arrival counts are all a policy observes, so windows
 * are whole seconds.
 */

/** Window lengths of the envelope, s: doubling from 1 s, capped at 60 s (InferLine's largest window). */
export const ENVELOPE_WINDOWS_S: readonly number[] = [1, 2, 4, 8, 16, 32, 60];

/**
 * The traffic envelope of per-second counts: for each window length `w` (s), the largest number of
 * arrivals in any `w` consecutive seconds divided by `w`, i.e. the highest rate sustained over `w`.
 * A window longer than the counts covers all of them (their sum over `w`: what such a window has
 * seen so far). The counts `w x rate` never decrease with `w`; the rate does not increase from a
 * window to a multiple of it (a window of `k w` splits into `k` windows of `w`), but may from 32 s to
 * 60 s.
 *
 * @example
 * trafficEnvelope([1, 5, 1, 1], [1, 2, 4]); // [5, 3, 2]
 */
export function trafficEnvelope(counts: readonly number[], windows: readonly number[] = ENVELOPE_WINDOWS_S): number[] {
  const n = counts.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + counts[i];
  return windows.map((w) => {
    if (w >= n) return prefix[n] / w;
    let best = 0;
    for (let i = w; i <= n; i++) best = Math.max(best, prefix[i] - prefix[i - w]);
    return best / w;
  });
}

/**
 * By how much an observed envelope exceeds a planned one: `max over windows of observed / planned`.
 * Scaling every stage's service rate by this factor keeps each window's delay bound within the
 * planned one (for a rate-scaled server the network-calculus delay bound
 * `max_w (A(w) / C - w)` is unchanged when arrivals `A` and capacity `C` scale together).
 * `Infinity` when some window has arrivals the plan had none of; 0 when nothing arrived.
 */
export function envelopeRatio(observed: readonly number[], planned: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < observed.length; i++) {
    if (observed[i] <= 0) continue;
    f = Math.max(f, planned[i] > 0 ? observed[i] / planned[i] : Infinity);
  }
  return f;
}
