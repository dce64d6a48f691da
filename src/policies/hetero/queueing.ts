/**
 * The queueing-aware stage latency the device-aware planners (`energy-slo`, `loki`) plan with.
 *
 * A rate model (replicas that sustain `lambda` requests/s, latency = batch latency + the time to
 * fill a batch) holds when requests arrive spread over each second (`poisson`, `uniform`). IPA's
 * load generator (`withinSecond: "ipa"`, the trace default) sends a second's requests within its
 * first few hundredths of a second (each after an exponential delay of mean 1/n s): every second
 * brings a *burst* of `n` requests, and replicas sized to the rate drain it in several rounds of
 * batches, so the burst's last requests wait for all the rounds before theirs. `step` sends them
 * all at the start of the second, the same burst.
 *
 * **Burst model.** A burst of `N` tasks reaches a stage with `c` replicas of batch size `b` and
 * batch latency `L`: the `F = floor(N / b)` full batches leave in rounds of `c`, done after
 * `ceil(F / c) x L`; a remainder of fewer than `b` tasks leaves when a replica is free for it and
 * its oldest task has waited the maximum batch wait `W` (the serving system's adaptive batching),
 * done after `max(W, floor(F / c) x L) + L`. The burst's last task is done after the larger of the
 * two: {@link burstLatencyMs}. Along a path the planners add the stages' terms: an upper bound,
 * since a stage can only start on tasks the previous one has finished. `N` is the predicted
 * per-second count times the stage's load factor (a second's requests are the burst).
 *
 * @module
 */
import type { WithinSecondMode } from '../../workload/types.js';

/** How arrivals are placed within a second, as the planners model it. */
export type ArrivalPattern =
  /** A second's requests arrive together (`ipa`, `step`): plan for the burst ({@link burstLatencyMs}). */
  | 'burst'
  /** Spread over the second (`poisson`, `uniform`): the rate model (batch latency plus batch fill). */
  | 'rate';

/** The withinSecond modes the planners accept (as a trace workload's `withinSecond`). */
export const WITHIN_SECOND_MODES: readonly WithinSecondMode[] = ['ipa', 'poisson', 'uniform', 'step'];

/** The pattern a trace workload's `withinSecond` mode produces. */
export function arrivalPattern(mode: WithinSecondMode): ArrivalPattern {
  return mode === 'ipa' || mode === 'step' ? 'burst' : 'rate';
}

/**
 * When the last task of a burst of `burst` tasks that reaches a stage at once is done, ms: full
 * batches in rounds of `replicas`, then the remainder batch once it is due (`maxBatchWaitMs`) and a
 * replica is free. `batchLatencyMs` is the batch's service time the planner uses (p99 or mean).
 * 0 tasks: 0.
 */
export function burstLatencyMs(burst: number, replicas: number, batch: number, batchLatencyMs: number, maxBatchWaitMs: number): number {
  const n = Math.ceil(burst - 1e-9);
  if (n <= 0) return 0;
  const full = Math.floor(n / batch);
  const rest = n - full * batch;
  const fullDone = Math.ceil(full / replicas) * batchLatencyMs;
  const restDone = rest > 0 ? Math.max(batch > 1 ? maxBatchWaitMs : 0, Math.floor(full / replicas) * batchLatencyMs) + batchLatencyMs : 0;
  return Math.max(fullDone, restDone);
}

/** One replica count worth planning with, and the stage latency it gives. */
export interface ReplicaChoice {
  replicas: number;
  latencyMs: number;
}

/**
 * The replica counts worth considering for a stage deployment under a burst, with their latency:
 * from `minReplicas` (the fewest that sustain the rate) up to `maxReplicas`, each count that makes
 * the burst's last task finish strictly earlier than every smaller count does (more replicas only
 * cost, so a count that does not shorten the burst is never worth taking). At most one burst round
 * per replica is useful, so counts stop at `ceil(burst / batch)`.
 */
export function burstReplicaChoices(burst: number, batch: number, batchLatencyMs: number, maxBatchWaitMs: number, minReplicas: number, maxReplicas: number): ReplicaChoice[] {
  const out: ReplicaChoice[] = [];
  const top = Math.min(maxReplicas, Math.max(minReplicas, Math.ceil(Math.ceil(burst - 1e-9) / batch)));
  let best = Infinity;
  for (let c = minReplicas; c <= top; c++) {
    const l = burstLatencyMs(burst, c, batch, batchLatencyMs, maxBatchWaitMs);
    if (l < best - 1e-9) {
      out.push({ replicas: c, latencyMs: l });
      best = l;
    }
  }
  return out;
}
