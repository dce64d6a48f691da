/**
 * A stream of arrival times in seconds, non-decreasing. `next()` returns Infinity when the process
 * has no more arrivals. One call per request, so implementations allocate nothing per call.
 */
export interface ArrivalProcess {
  /** The next arrival time, s (Infinity when there are no more). */
  next(): number;
}

/**
 * How the requests of one second of a rate trace are spread within it.
 * - `ipa`: IPA's load generator: each of the second's n requests is sent after an independent
 *   Exp(mean 1/n) delay from the start of the second (so some land in later seconds).
 * - `poisson`: a nonhomogeneous Poisson process whose rate is the trace value in each second
 *   (counts per second are then Poisson, not exactly the trace's).
 * - `uniform`: n requests evenly spaced at `(k + 0.5) / n`.
 * - `step`: all n at the start of the second (IPA's profiling mode).
 */
export type WithinSecondMode = 'ipa' | 'poisson' | 'uniform' | 'step';
