import type { LatencySummary } from './latency-summary.js';

/**
 * The headline numbers of a run. Request counts cover requests that arrived after the warm-up;
 * time integrals (cores, energy) cover [warmupS, durationS]. See docs/metrics.md for every formula.
 */
export interface Summary {
  /** Requests that arrived in [warmupS, durationS). */
  requests: number;
  completed: number;
  dropped: number;
  /** Still in the system when nothing more could happen (e.g. a stage with zero replicas). */
  unfinished: number;
  /** Dropped, unfinished, or completed later than the SLA. */
  slaViolations: number;
  slaViolationRate: number;
  /** End-to-end latency of completed requests, ms. */
  latencyMs: LatencySummary;
  /** Mean PAS over completed requests (method and normalisation as configured). */
  accuracy: number;
  /** Time-average cores allocated over [warmupS, durationS] (IPA's cost). */
  costCores: number;
  /** Cores allocated integrated over [warmupS, durationS], core-seconds. */
  coreSeconds: number;
  /** Completed requests per second over [warmupS, durationS]. */
  throughputRps: number;
  /** Energy over [warmupS, durationS] in Joules: idle + dynamic. */
  energyJ: number;
  /** Idle power of the nodes (or of the allocated cores) integrated over [warmupS, durationS], J. */
  idleEnergyJ: number;
  /** Dynamic energy of the batches started in [warmupS, durationS), J. */
  dynamicEnergyJ: number;
  /** energyJ / completed (NaN when none completed). */
  energyPerRequestJ: number;
  /** energyJ / measured seconds. */
  meanPowerW: number;
  /**
   * Grams of CO2 over [warmupS, durationS] when a carbon intensity trace is given, else 0. This and
   * every energy figure above are NaN when the scenario turns energy accounting off (`metrics.energy`).
   */
  carbonG: number;
  /** Replicas that had to wait for cores, and their total wait in seconds. */
  replicasDelayedByCapacity: number;
  capacityWaitS: number;
  /** Reconfigurations applied (policy decisions that changed the configuration). */
  reconfigurations: number;
  /** Events the engine handled. */
  events: number;
  /** Simulated seconds, drain after the last arrival included. */
  simulatedS: number;
}

/** Per-interval time series, as columns of equal length (one entry per interval). */
export interface Series {
  intervalS: number;
  /** Start of each interval, s. */
  t: number[];
  /** Arrivals per second in the interval. */
  arrivalRate: number[];
  completed: number[];
  dropped: number[];
  /** Requests finished in the interval that violated the SLA (dropped or late). */
  slaViolations: number[];
  /** Time-average cores allocated in the interval. */
  cores: number[];
  /** Mean PAS of requests completed in the interval (NaN when none). */
  accuracy: number[];
  /** Latency of requests completed in the interval, ms (NaN when none). */
  meanLatencyMs: number[];
  p99LatencyMs: number[];
  /** Mean power in the interval (idle + dynamic of batches started in it), W (NaN with `metrics.energy` false, as `carbonG`). */
  powerW: number[];
  /** Grams of CO2 of the interval's energy (0 without a carbon trace). */
  carbonG: number[];
  /** Per stage, sampled at the end of each interval. */
  stages: StageSeries[];
}

/** One stage's state sampled at the end of each interval. */
export interface StageSeries {
  name: string;
  /** Variant asked for (the first deployment's, when the stage runs a mix). */
  variant: string[];
  /** Its device type. */
  device: string[];
  batch: number[];
  /** Replicas asked for. */
  replicas: number[];
  /** Replicas serving (idle or busy). */
  readyReplicas: number[];
  queueLength: number[];
}
