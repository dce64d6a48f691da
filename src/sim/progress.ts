import { wallMs } from '../util/wall-clock.js';
import type { SimulationResult } from './result.js';
import type { Simulation } from './simulation.js';

/** Where a run is, as {@link SimulateOptions.onProgress} sees it. */
export interface SimulationProgress {
  /** Simulated time reached, s (at most the scenario's `durationS`; the drain after it is not counted). */
  simulatedS: number;
  /** The scenario's `durationS`. */
  durationS: number;
  /** `simulatedS / durationS`, in [0, 1]; exactly 1 once, when the run has finished. */
  fraction: number;
  /** Events handled so far. */
  events: number;
  /** Wall time since the run started, ms. */
  elapsedMs: number;
}

/** Options of `simulate`. */
export interface SimulateOptions {
  /**
   * Called at the start, at most every `progressEveryMs` of wall time while running, and once at the
   * end with `fraction` 1. Leave it out for the fastest run: without it the run has no progress checks.
   */
  onProgress?: (progress: SimulationProgress) => void;
  /** Least wall time between two `onProgress` calls, ms (default 200). */
  progressEveryMs?: number;
}

/**
 * Simulated-time chunks per run when reporting progress: the event loop runs uninterrupted within a
 * chunk, and the clock is read only between chunks, so the check costs nothing per event.
 */
const CHUNKS = 500;

/**
 * Runs `sim` to the end in chunks of simulated time, reporting progress between chunks. Stepping
 * with `advanceTo` handles the same events in the same order as one `run()`, so the result is the
 * same bit for bit (only the wall-clock `timing` differs).
 */
export function runWithProgress(sim: Simulation, options: SimulateOptions & { onProgress: NonNullable<SimulateOptions['onProgress']> }): SimulationResult {
  const every = options.progressEveryMs ?? 200;
  const durationS = sim.scenario.durationS;
  const t0 = wallMs();
  const report = (simulatedS: number, fraction: number): void =>
    options.onProgress({ simulatedS, durationS, fraction, events: sim.engine.events, elapsedMs: wallMs() - t0 });
  sim.start();
  report(0, 0);
  let last = wallMs();
  for (let k = 1; k < CHUNKS; k++) {
    const t = (durationS * k) / CHUNKS;
    sim.advanceTo(t);
    const now = wallMs();
    if (now - last >= every) {
      last = now;
      report(t, t / durationS);
    }
  }
  const result = sim.finish();
  report(durationS, 1);
  return result;
}
