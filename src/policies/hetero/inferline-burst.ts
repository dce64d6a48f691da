/**
 * The queueing-aware part of InferLine's tuner in infersim. Between plans the tuner scales the
 * plan's replicas by the traffic envelope's ratio (`inferline.ts`). When a second's requests arrive
 * as a burst (IPA's load generator), replicas in proportion to the rate do not shorten the burst's
 * drain, which goes in whole rounds of batches (a stage at 22 replicas takes two rounds for 28
 * requests whatever the rate ratio says). {@link burstTopUp} adds replicas until a replay of the
 * observed per-second peak, sent at once through the pipeline ({@link burstReplayMs}), finishes
 * within the SLO, and reports when the cluster cannot hold it (the policy then re-plans).
 *
 * @module
 */
import { onDevice } from '../../profiles/device.js';
import { stageLoadFactors } from '../../profiles/graph.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { latencyMs, latencyP99Ms } from '../../profiles/variant.js';
import type { NodeSpec } from '../../serving/cluster.js';
import { stagePaths } from './cluster-model.js';
import { fitsCluster, type InferLineStage } from './inferline-planner.js';

/**
 * Completion times (ascending) of tasks arriving at `arrivals` (ms, ascending) at a stage with
 * `replicas` replicas of batch size `batch` and batch service time `serviceMs`, under the serving
 * system's adaptive batching: a free replica starts a batch once `batch` tasks wait or the oldest
 * has waited `maxBatchWaitMs`.
 */
export function replayStage(arrivals: readonly number[], replicas: number, batch: number, serviceMs: number, maxBatchWaitMs: number): number[] {
  const free = new Array<number>(replicas).fill(0);
  const done: number[] = [];
  let i = 0;
  while (i < arrivals.length) {
    let r = 0;
    for (let k = 1; k < replicas; k++) if (free[k] < free[r]) r = k;
    const head = arrivals[i];
    const fullAt = i + batch - 1 < arrivals.length ? arrivals[i + batch - 1] : Infinity;
    const start = Math.max(free[r], head, Math.min(fullAt, head + (batch > 1 ? maxBatchWaitMs : 0)));
    let j = i;
    while (j < arrivals.length && j - i < batch && arrivals[j] <= start) j++;
    const end = start + serviceMs;
    for (let k = i; k < j; k++) done.push(end);
    free[r] = end;
    i = j;
  }
  return done.sort((a, b) => a - b);
}

/**
 * When the last task of a burst of `peak` requests, all arriving at time 0, leaves the pipeline,
 * ms: replayed stage by stage along every entry-to-sink path with profiled mean batch latencies (as
 * InferLine's Estimator replays mean service times), a stage's tasks spawned from its parent's
 * completions in the ratio of their load factors, plus each stage's p99-minus-mean batch latency
 * along the path (the last task's batches may be slow ones; with mean times alone the tuner left
 * 1.2 % of the video-hetero comparison's requests late, with this tail 0.6 %); the largest over
 * the paths.
 */
export function burstReplayMs(pipeline: PipelineProfile, stages: readonly InferLineStage[], peak: number, maxBatchWaitMs: number): number {
  const factors = stageLoadFactors(pipeline);
  let worst = 0;
  for (const path of stagePaths(pipeline)) {
    let times: number[] = new Array<number>(Math.ceil(peak * factors[path.stages[0]] - 1e-9)).fill(0);
    let prevFactor = factors[path.stages[0]];
    let tail = 0;
    for (const s of path.stages) {
      if (factors[s] !== prevFactor && times.length > 0) {
        // Spawn tasks in the ratio of the load factors (cumulative rounding keeps the total).
        const ratio = factors[s] / prevFactor;
        const spawned: number[] = [];
        times.forEach((t, k) => {
          const n = Math.round((k + 1) * ratio) - Math.round(k * ratio);
          for (let m = 0; m < n; m++) spawned.push(t);
        });
        times = spawned;
        prevFactor = factors[s];
      }
      const st = stages[s];
      const v = pipeline.stages[s].variants.find((x) => x.name === st.variant)!;
      const dv = onDevice(v, st.device);
      times = replayStage(times, st.replicas, st.batch, latencyMs(dv, st.batch), maxBatchWaitMs);
      tail += Math.max(0, latencyP99Ms(dv, st.batch) - latencyMs(dv, st.batch));
    }
    if (times.length) worst = Math.max(worst, times[times.length - 1] + tail);
  }
  return worst;
}

/**
 * Adds replicas until {@link burstReplayMs} at a burst of `peak` requests meets `slaMs`: each step
 * adds, to one stage, the fewest replicas that shorten the replay (trying up to the count that takes
 * the stage's burst in one round), choosing the stage with the largest saving per replica added;
 * stops when the SLO holds, or nothing that fits the cluster and `scalingCap` helps. `met` says
 * whether the SLO holds at the end.
 */
export function burstTopUp(
  pipeline: PipelineProfile,
  stages: readonly InferLineStage[],
  peak: number,
  slaMs: number,
  maxBatchWaitMs: number,
  scalingCap: number,
  nodes: readonly NodeSpec[] | undefined,
): { stages: InferLineStage[]; met: boolean } {
  const factors = stageLoadFactors(pipeline);
  const next = stages.map((s) => ({ ...s }));
  let current = burstReplayMs(pipeline, next, peak, maxBatchWaitMs);
  while (current > slaMs) {
    let best: { stage: number; add: number; ms: number } | undefined;
    for (let i = 0; i < next.length; i++) {
      const base = next[i].replicas;
      const oneRound = Math.max(base, Math.ceil((peak * factors[i]) / next[i].batch));
      for (let c = base + 1; c <= Math.min(scalingCap, oneRound); c++) {
        next[i].replicas = c;
        const fits = fitsCluster(pipeline, next, nodes);
        const ms = fits ? burstReplayMs(pipeline, next, peak, maxBatchWaitMs) : Infinity;
        next[i].replicas = base;
        if (!fits) break;
        if (ms < current - 1e-9) {
          const add = c - base;
          if (!best || (current - ms) / add > (current - best.ms) / best.add + 1e-12) best = { stage: i, add, ms };
          break;
        }
      }
    }
    if (!best) break;
    next[best.stage].replicas += best.add;
    current = best.ms;
  }
  return { stages: next, met: current <= slaMs };
}

/**
 * The largest second the tuner's scale-up sizes for: the largest of the last 60 s of per-second
 * `history`, plus how much the last `intervalS` seconds' largest second grew over the largest of
 * the 60 s before them. Replicas the tuner adds serve only from its next decision plus their start-up
 * (about one decision interval more, 6-22 s with the example profiles), so while the load climbs
 * it sizes for one more interval of the same growth; on a flat load it is the recent peak. On
 * video-hetero/bursty the load steps from 6 to 16 and 24 requests/s at 6.5 minutes: sized for the
 * peak seen so far, the tuner stayed an interval behind and left about 1 % of a run's requests late.
 *
 * @example
 * risingPeak([5, 6, 5, 16, 12], 2); // 16 + (16 - 6) = 26
 */
export function risingPeak(history: readonly number[], intervalS: number): number {
  const peak = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const last = peak(history.slice(-intervalS));
  const before = peak(history.slice(Math.max(0, history.length - 60 - intervalS), Math.max(0, history.length - intervalS)));
  return peak(history.slice(-60)) + Math.max(0, last - before);
}
