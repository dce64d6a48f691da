import { acceleratorsOn, onDevice } from '../../profiles/device.js';
import { stageEdges, stageLoadFactors, topologicalOrder } from '../../profiles/graph.js';
import type { PipelineProfile, VariantProfile } from '../../profiles/types.js';
import { latencyMs, latencyP99Ms, profiledBatches, throughputRps } from '../../profiles/variant.js';
import type { NodeSpec } from '../../serving/cluster.js';
import type { StageConfig } from '../types.js';

/** One stage of an InferLine plan: its (fixed) variant on a device, batch size and replicas. */
export interface InferLineStage {
  variant: string;
  device: string;
  batch: number;
  replicas: number;
}

/** Whether a configuration meets the SLO on the planning sample (InferLine's Estimator). */
export type InferLineEstimator = (stages: readonly InferLineStage[]) => boolean;

/** What {@link planInferLine} needs. */
export interface InferLinePlanInput {
  pipeline: PipelineProfile;
  slaMs: number;
  /** The variant of each stage (InferLine serves one model per stage). */
  variants: readonly string[];
  /** Device types each stage may use (the variant has a profile for, the cluster has nodes of). */
  devices: readonly (readonly string[])[];
  /** Price of a CPU core (`cpu`) and of one accelerator slot of each other device type. */
  prices: Readonly<Record<string, number>>;
  /** Price of an accelerator slot of a device type missing from `prices`. */
  defaultAcceleratorPrice: number;
  /** Mean arrival rate of the planning sample, requests/s (sizes the replicas of a downgraded stage). */
  loadRps: number;
  /** Largest batch size considered. */
  batchingCap: number;
  /** Largest replica count of a stage. */
  scalingCap: number;
  /** Most estimator calls per plan (memoised repeats are free); bounds the planning time. */
  maxEstimates: number;
  /** The cluster's nodes; capacity is not checked when absent. */
  nodes?: readonly NodeSpec[];
  estimator: InferLineEstimator;
}

/** Why a plan ended. */
export type InferLinePlanStatus =
  /** It met the SLO on the sample and no action lowered the cost further. */
  | 'feasible'
  /** It met the SLO; the cost search stopped at the estimate budget. */
  | 'budget'
  /** Nothing tried met the SLO (service time above it, capacity exhausted, or budget spent): the last configuration tried. */
  | 'infeasible';

/** An action the planner applied, in order. */
export interface InferLineStep {
  action: 'add-replica' | 'increase-batch' | 'remove-replica' | 'downgrade-hardware';
  stage: number;
  cost: number;
}

/** The planner's answer. */
export interface InferLinePlan {
  stages: InferLineStage[];
  status: InferLinePlanStatus;
  /** Price of the configuration: sum over stages of replicas x replica price. */
  cost: number;
  /** Estimator calls made. */
  estimates: number;
  steps: InferLineStep[];
}

/** Price of one replica of `v` on `device`: its host cores at the core price plus its accelerator slots. */
export function replicaPrice(v: VariantProfile, device: string, prices: Readonly<Record<string, number>>, defaultAcceleratorPrice: number): number {
  const onD = onDevice(v, device);
  const acc = acceleratorsOn(v, device);
  return onD.cores * (prices.cpu ?? 1) + (acc > 0 ? acc * (prices[device] ?? defaultAcceleratorPrice) : 0);
}

/**
 * The longest path of a pipeline (chain or graph) under per-stage times: the largest sum of
 * `perStage` along any path from the entry to a stage without children.
 */
export function longestPath(pipeline: PipelineProfile, perStage: readonly number[]): number {
  const edges = stageEdges(pipeline);
  const best = new Array<number>(perStage.length).fill(-Infinity);
  best[0] = perStage[0];
  let longest = 0;
  for (const u of topologicalOrder(edges)) {
    if (best[u] === -Infinity) continue;
    if (edges[u].length === 0) longest = Math.max(longest, best[u]);
    for (const e of edges[u]) best[e.to] = Math.max(best[e.to], best[u] + perStage[e.to]);
  }
  return longest;
}

/**
 * Whether `stages` fit the cluster: replicas placed first-fit decreasing (by cores) on the nodes of
 * their device type, each needing its cores, accelerator slots and memory. Always true without nodes.
 */
export function fitsCluster(pipeline: PipelineProfile, stages: readonly InferLineStage[], nodes: readonly NodeSpec[] | undefined): boolean {
  if (!nodes) return true;
  const free = nodes.map((n) => ({ device: n.device, cores: n.cores, acc: n.accelerators, mem: n.memoryMB }));
  const asks: { device: string; cores: number; acc: number; mem: number }[] = [];
  stages.forEach((s, i) => {
    const v = variantOf(pipeline, i, s.variant);
    const d = onDevice(v, s.device);
    const ask = { device: s.device, cores: d.cores, acc: acceleratorsOn(v, s.device), mem: d.memoryMB ?? 0 };
    for (let k = 0; k < s.replicas; k++) asks.push(ask);
  });
  asks.sort((a, b) => b.cores - a.cores || b.acc - a.acc);
  for (const a of asks) {
    const n = free.find((f) => f.device === a.device && f.cores >= a.cores && f.acc >= a.acc && f.mem >= a.mem);
    if (!n) return false;
    n.cores -= a.cores;
    n.acc -= a.acc;
    n.mem -= a.mem;
  }
  return true;
}

/** The configuration the simulator takes for a plan. */
export function toPipelineConfig(stages: readonly InferLineStage[]): StageConfig[] {
  return stages.map((s) => ({ variant: s.variant, batch: s.batch, replicas: s.replicas, device: s.device }));
}

function variantOf(pipeline: PipelineProfile, stage: number, name: string): VariantProfile {
  const v = pipeline.stages[stage].variants.find((x) => x.name === name);
  if (!v) throw new RangeError(`stage ${stage} has no variant "${name}"`);
  return v;
}

/** Batch sizes a stage may use on a device: the profiled ones up to the cap. */
function batchesOn(v: VariantProfile, device: string, cap: number): number[] {
  const sizes = profiledBatches(onDevice(v, device)).filter((b) => b <= cap);
  return sizes.length ? sizes : [1];
}

const ACTION_RANK: Record<InferLineStep['action'], number> = { 'remove-replica': 0, 'downgrade-hardware': 1, 'increase-batch': 2, 'add-replica': 3 };

/**
 * InferLine's planner (Crankshaw et al., SoCC 2020, Algorithms 1 and 2), as a pure function over an
 * estimator:
 *
 * 1. **Initialise**: every stage at batch 1, one replica, on its best hardware (the device with the
 *    lowest batch-1 latency; ties to the cheaper). If the batch-1 p99 service time along the longest
 *    path exceeds the SLO, no configuration can meet it (`infeasible`). Otherwise, while the
 *    estimator says the SLO is missed (or some stage cannot keep up with the sample's mean load:
 *    see below), add a replica to the bottleneck: the stage with the least
 *    capacity for its share of the load, `replicas x throughput / load factor`.
 * 2. **Minimise cost**: repeatedly consider, for every stage, *increase batch* (to the next profiled
 *    size, up to `batchingCap`), *remove replica*, and *downgrade hardware* (to the next cheaper
 *    device the stage may use, keeping the batch where profiled); apply the cheapest candidate that
 *    fits the cluster and meets the SLO; a candidate dearer than the current configuration is never
 *    taken. Stop when no candidate is feasible. Increase batch and downgrade re-size the stage: the
 *    fewest replicas that keep it above the sample's mean load, then one more at a time while the
 *    SLO is missed and the cost stays below the current one (for increase batch: up to the current
 *    replica count, which is the paper's plain action and keeps the cost, so it is taken only when
 *    nothing cheaper is feasible).
 *
 * Candidates are estimated in order of cost (ties: remove replica, downgrade, increase batch; then
 * stage order), so only the cheapest feasible one and those cheaper than it cost an estimate.
 * Estimates are memoised; `maxEstimates` bounds the work (status `budget` or `infeasible`). A
 * configuration with some stage's capacity (`replicas x throughput`) at or below its mean load over
 * the sample (`loadRps x load factor`) is rejected without an estimate: a short sample can let an
 * overloaded configuration pass, but its queue grows without bound on any longer horizon.
 */
export function planInferLine(input: InferLinePlanInput): InferLinePlan {
  const { pipeline, slaMs } = input;
  const variants = input.variants.map((name, i) => variantOf(pipeline, i, name));
  const price = (i: number, device: string) => replicaPrice(variants[i], device, input.prices, input.defaultAcceleratorPrice);
  const cost = (st: readonly InferLineStage[]) => st.reduce((a, s, i) => a + s.replicas * price(i, s.device), 0);
  const factors = stageLoadFactors(pipeline);
  const memo = new Map<string, boolean>();
  let estimates = 0;
  const steps: InferLineStep[] = [];
  const estimate = (st: readonly InferLineStage[]): boolean | undefined => {
    const key = JSON.stringify(st);
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (estimates >= input.maxEstimates) return undefined;
    estimates++;
    const ok = input.estimator(st);
    memo.set(key, ok);
    return ok;
  };
  const result = (st: InferLineStage[], status: InferLinePlanStatus): InferLinePlan => ({ stages: st, status, cost: cost(st), estimates, steps });
  // A configuration that cannot keep up with the sample's mean load is unstable over any horizon
  // longer than the sample, even when a short sample lets it pass: rejected without an estimate.
  const stable = (st: readonly InferLineStage[]) =>
    st.every((s, i) => s.replicas * throughputRps(onDevice(variants[i], s.device), s.batch) > input.loadRps * factors[i] * (1 + 1e-9));

  // 1. Initialise on the best hardware.
  let cur: InferLineStage[] = variants.map((v, i) => {
    const ranked = [...input.devices[i]].sort((a, b) => latencyMs(onDevice(v, a), 1) - latencyMs(onDevice(v, b), 1) || price(i, a) - price(i, b));
    return { variant: v.name, device: ranked[0], batch: 1, replicas: 1 };
  });
  const serviceMs = longestPath(pipeline, cur.map((s, i) => latencyP99Ms(onDevice(variants[i], s.device), 1)));
  if (serviceMs > slaMs || !fitsCluster(pipeline, cur, input.nodes)) return result(cur, 'infeasible');
  for (;;) {
    const ok = stable(cur) ? estimate(cur) : false;
    if (ok === undefined) return result(cur, 'infeasible');
    if (ok) break;
    // Stages from the tightest to the loosest capacity for their load; the first that can grow grows.
    const order = cur
      .map((s, i) => ({ i, capacity: (s.replicas * throughputRps(onDevice(variants[i], s.device), s.batch)) / Math.max(factors[i], 1e-12) }))
      .sort((a, b) => a.capacity - b.capacity || a.i - b.i);
    let grownStage = -1;
    for (const { i } of order) {
      if (cur[i].replicas >= input.scalingCap) continue;
      const next = cur.map((s, j) => (j === i ? { ...s, replicas: s.replicas + 1 } : s));
      if (fitsCluster(pipeline, next, input.nodes)) {
        cur = next;
        grownStage = i;
        break;
      }
    }
    if (grownStage < 0) return result(cur, 'infeasible');
    steps.push({ action: 'add-replica', stage: grownStage, cost: cost(cur) });
  }

  // 2. Minimise cost.
  for (;;) {
    const base = cost(cur);
    const candidates: { stages: InferLineStage[]; action: InferLineStep['action']; stage: number; cost: number }[] = [];
    const push = (i: number, action: InferLineStep['action'], s: InferLineStage) => {
      const next = cur.map((x, j) => (j === i ? s : x));
      const c = cost(next);
      if (c > base || (c === base && action !== 'increase-batch')) return;
      if (!stable(next) || !fitsCluster(pipeline, next, input.nodes)) return;
      candidates.push({ stages: next, action, stage: i, cost: c });
    };
    // The fewest replicas that keep stage i stable at the sample's mean load on (device, batch).
    const fewest = (i: number, device: string, batch: number) => {
      const need = (input.loadRps * factors[i]) / throughputRps(onDevice(variants[i], device), batch);
      return Math.min(input.scalingCap, Math.max(1, Math.floor(need + 1e-9) + (need > 0 ? 1 : 0)));
    };
    cur.forEach((s, i) => {
      const v = variants[i];
      const larger = batchesOn(v, s.device, input.batchingCap).find((b) => b > s.batch);
      if (larger !== undefined) push(i, 'increase-batch', { ...s, batch: larger, replicas: Math.min(s.replicas, fewest(i, s.device, larger)) });
      if (s.replicas > 1) push(i, 'remove-replica', { ...s, replicas: s.replicas - 1 });
      const p = price(i, s.device);
      const cheaper = input.devices[i].filter((d) => price(i, d) < p).sort((a, b) => price(i, b) - price(i, a));
      if (cheaper.length) {
        const d = cheaper[0];
        const batch = [...batchesOn(v, d, input.batchingCap)].reverse().find((b) => b <= s.batch) ?? 1;
        push(i, 'downgrade-hardware', { ...s, device: d, batch, replicas: fewest(i, d, batch) });
      }
    });
    const byOrder = (a: (typeof candidates)[number], b: (typeof candidates)[number]) =>
      a.cost - b.cost || ACTION_RANK[a.action] - ACTION_RANK[b.action] || a.stage - b.stage;
    candidates.sort(byOrder);
    let taken = false;
    while (candidates.length) {
      const c = candidates.shift()!;
      const ok = estimate(c.stages);
      if (ok === undefined) return result(cur, 'budget');
      if (ok) {
        cur = c.stages;
        steps.push({ action: c.action, stage: c.stage, cost: c.cost });
        taken = true;
        break;
      }
      // A re-sized stage that misses the SLO is tried with one more replica, while that is no dearer
      // than now (strictly cheaper for a downgrade; for a batch increase, up to the current count).
      if ((c.action === 'downgrade-hardware' || c.action === 'increase-batch') && c.stages[c.stage].replicas < input.scalingCap) {
        const more = c.stages.map((x, j) => (j === c.stage ? { ...x, replicas: x.replicas + 1 } : x));
        const mc = cost(more);
        if ((mc < base || (mc === base && c.action === 'increase-batch')) && fitsCluster(pipeline, more, input.nodes)) {
          candidates.push({ stages: more, action: c.action, stage: c.stage, cost: mc });
          candidates.sort(byOrder);
        }
      }
    }
    if (!taken) return result(cur, 'feasible');
  }
}

/** Stage `i`'s replica throughput in its plan, requests/s. */
export function stageThroughput(pipeline: PipelineProfile, stages: readonly InferLineStage[], i: number): number {
  const s = stages[i];
  return throughputRps(onDevice(variantOf(pipeline, i, s.variant), s.device), s.batch);
}
