import type { EnergyLog } from './energy-log.js';

/**
 * Joules of `log` between `fromS` and `toS` on the log's clock, taking each interval's share by
 * overlap: power is assumed flat within an interval, which is all an interval counter can say.
 * Parts of the window outside the log contribute nothing, so callers check coverage with
 * {@link coversWindow} first.
 */
export function joulesBetween(log: EnergyLog, fromS: number, toS: number): number {
  let j = 0;
  for (const iv of log.intervals) {
    const start = iv.t - iv.durationS;
    const lo = Math.max(start, fromS);
    const hi = Math.min(iv.t, toS);
    if (hi > lo && iv.durationS > 0) j += (iv.joules * (hi - lo)) / iv.durationS;
  }
  return j;
}

/** Whether the log's intervals span `[fromS, toS]` entirely. */
export function coversWindow(log: EnergyLog, fromS: number, toS: number): boolean {
  const n = log.intervals.length;
  return n > 0 && log.startS <= fromS && log.intervals[n - 1].t >= toS;
}
