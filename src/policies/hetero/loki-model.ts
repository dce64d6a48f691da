/**
 * Loki's planning problem (Ahmad, Guan and Sitaraman, "Loki: a system for serving ML inference
 * pipelines with hardware and accuracy scaling", HPDC 2024; code: UMass-LIDS/Loki,
 * `src/simulator/algorithms/pipeline_ilp.py`), written for infersim's devices and graphs, and its
 * exact evaluation. The MILP is in `loki-milp.ts`, the exhaustive search in `loki-exhaustive.ts`.
 *
 * **Decisions**, per stage: for every deployment (a variant on a device type), a replica count and
 * one batch size. **Latency**: a stage's latency is the largest profiled (mean) batch latency of
 * its deployments with replicas; along every entry-to-sink path the stage latencies sum to at most
 * `SLA / deadlineFactor` (Loki: `SLO / 2`, i.e. a deadline of twice the processing latency).
 * **Load**: stage `s` receives `lambda_s = lambda x stageLoadFactors[s]` tasks/s; a share `r_sv`
 * of them is served by variant `v`, within its replicas' throughput: `lambda_s r_sv <= sum n b /
 * latency(b)`. **Accuracy**: a path's accuracy is the product of its variants' accuracies; Loki's
 * objective is the traffic-weighted path accuracy, `sum over stage paths p of w_p sum over variant
 * paths P of p of c_P x prod acc(P)`, with path flows `c_P >= 0` whose marginals at each stage are
 * the shares `r_s` and `w_p` the stage path's share of the traffic.
 *
 * @module
 */
import { onDevice } from '../../profiles/device.js';
import { stageLoadFactors } from '../../profiles/graph.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { latencyMs, profiledBatches, throughputRps } from '../../profiles/variant.js';
import { replicasFor } from '../solvers/build.js';
import type { PipelineConfig, StageConfig, StageDeployment } from '../types.js';
import { flowAccuracy, lokiFlowModel, lokiShares, variantLoads, type LokiFlowModel, type LokiFlows } from './loki-flow.js';
import { replicaNeeds, stagePaths, usableDevices, type ClusterModel } from './cluster-model.js';
import type { ArrivalPattern } from './queueing.js';

/** One batch size of a deployment. */
export interface LokiBatchOption {
  batch: number;
  /**
   * Profiled mean batch latency, ms (Loki's `batch / throughput`); under the burst model, when the
   * last task of a second's burst is done if it takes at most {@link rounds} rounds of batches.
   */
  latencyMs: number;
  /**
   * Requests/s one replica serves at this batch size; under the burst model, its share of the
   * stage's rate when it serves `rounds` batches of each second's burst, at most its throughput.
   */
  throughputRps: number;
  /** Burst model: rounds of batches a second's burst may take (absent under the rate model). */
  rounds?: number;
  /**
   * Most replicas worth deploying at this batch size: within the scaling cap and the device type's
   * capacity, and no more than carry the whole stage load alone (more never helps).
   */
  maxReplicas: number;
}

/** A variant on a device type, in one stage. */
export interface LokiDeployment {
  variant: string;
  /** Index of the variant in its stage's {@link LokiStage.variants} (most accurate first). */
  variantIndex: number;
  device: string;
  /** Host cores and accelerator slots of one replica. */
  cores: number;
  accelerators: number;
  batches: LokiBatchOption[];
}

/** A stage of the problem. */
export interface LokiStage {
  name: string;
  /** Tasks/s the stage receives. */
  loadRps: number;
  /** Its variants, most accurate first (ties by name). */
  variants: { name: string; accuracy: number }[];
  deployments: LokiDeployment[];
}

/** One instance of Loki's problem. */
export interface LokiProblem {
  stages: LokiStage[];
  /** Entry-to-sink stage paths, with traffic weights that sum to 1. */
  paths: { stages: number[]; weight: number }[];
  /** `SLA / deadlineFactor`, ms (Infinity: no latency constraint). */
  latencyBudgetMs: number;
  /** Finite resources per device type. */
  capacity: { device: string; resource: 'cores' | 'accelerators'; limit: number }[];
  /**
   * Path-aware routing (`routing: "path"`): the load of a stage's variants follows the flows from
   * the upstream variants, with their per-variant factors (`loki-flow.ts`); absent: Loki's
   * MostAccurateFirst model, fixed stage loads split in shares.
   */
  flow?: LokiFlowModel;
}

/** What {@link buildLokiProblem} needs. */
export interface LokiProblemParams {
  pipeline: PipelineProfile;
  lambdaRps: number;
  slaMs: number;
  /** Loki: 2 (a path's processing latency may take half the SLA). */
  deadlineFactor: number;
  cluster: ClusterModel;
  devices: readonly string[];
  batchingCap: number;
  scalingCap: number;
  /**
   * How requests arrive within a second (default `rate`: Loki's model). `burst` (IPA's load
   * generator) offers each batch size once per number of rounds `R` a second's burst may take:
   * latency `max(R x L, W + L)` (`W` the maximum batch wait, for batches above 1) and per-replica
   * capacity `b x R` tasks of the burst, at most the throughput (see `queueing.ts`).
   */
  arrivals?: ArrivalPattern;
  /** Burst model: requests of the largest second to plan for at the entry (default `lambdaRps`). */
  burstRequests?: number;
  /** Burst model: the serving system's maximum batch wait, ms (default 0). */
  maxBatchWaitMs?: number;
  /** `path`: plan path flows with per-variant factors, for routing in shares (default: `accurate-first`). */
  routing?: 'path' | 'accurate-first';
}

/** Rounds of batches offered per batch size under the burst model (then the throughput-bound option). */
const BURST_ROUNDS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

/**
 * Batch options of one batch size: under the rate model the profile's; under the burst model one
 * per number of rounds `R` with `R x L` under a second (then one bound by the throughput, whose
 * burst takes about a second). `rateShare` = stage rate / stage burst, to state a replica's burst
 * capacity in the rate units of the load constraint.
 */
function batchOptions(b: number, lat: number, thr: number, arrivals: ArrivalPattern, rateShare: number, waitMs: number, budgetMs: number): Omit<LokiBatchOption, 'maxReplicas'>[] {
  if (arrivals !== 'burst') return [{ batch: b, latencyMs: lat, throughputRps: thr }];
  const wait = b > 1 ? waitMs : 0;
  const out: Omit<LokiBatchOption, 'maxReplicas'>[] = [];
  for (const R of BURST_ROUNDS) {
    const perReplica = b * R * rateShare;
    const latency = Math.max(R * lat, wait + lat);
    // Past the budget no path can use it (the MILP would only carry it); R = 1 stays for the fallbacks.
    if (R > 1 && latency > budgetMs) break;
    if (perReplica >= thr) {
      // Sized to the rate alone: a second's burst drains within about a second.
      const Rt = Math.ceil(1000 / lat);
      out.push({ batch: b, latencyMs: Math.max(Rt * lat, wait + lat), throughputRps: thr, rounds: Rt });
      break;
    }
    out.push({ batch: b, latencyMs: latency, throughputRps: perReplica, rounds: R });
  }
  return out;
}

/** Builds the problem at a load (every variant; see {@link mostAccurateOnly} for Loki's phase 1). */
export function buildLokiProblem(p: LokiProblemParams): LokiProblem {
  const factors = stageLoadFactors(p.pipeline);
  const stages = p.pipeline.stages.map((stage, s): LokiStage => {
    const loadRps = p.lambdaRps * factors[s];
    const arrivals = p.arrivals ?? 'rate';
    // Stage rate over the stage's burst (a second's requests, the largest planned for).
    const burst = Math.max(p.lambdaRps, p.burstRequests ?? p.lambdaRps);
    const rateShare = burst > 0 ? p.lambdaRps / burst : 1;
    const variants = stage.variants
      .map((v) => ({ name: v.name, accuracy: v.accuracy }))
      .sort((a, b) => b.accuracy - a.accuracy || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const deployments: LokiDeployment[] = [];
    variants.forEach((vv, variantIndex) => {
      const v = stage.variants.find((x) => x.name === vv.name)!;
      for (const device of usableDevices(v, p.cluster, p.devices)) {
        const group = p.cluster.groups.get(device)!;
        const needs = replicaNeeds(v, device);
        const dv = onDevice(v, device);
        const fit = Math.min(
          p.scalingCap,
          needs.cores > 0 ? Math.floor(group.cores / needs.cores + 1e-9) : Infinity,
          needs.accelerators > 0 ? Math.floor(group.accelerators / needs.accelerators + 1e-9) : Infinity,
        );
        const batches: LokiBatchOption[] = [];
        for (const b of profiledBatches(dv)) {
          if (b > p.batchingCap) continue;
          for (const o of batchOptions(b, latencyMs(dv, b), throughputRps(dv, b), arrivals, rateShare, p.maxBatchWaitMs ?? 0, p.slaMs / p.deadlineFactor)) {
            const maxReplicas = Math.min(fit, replicasFor(loadRps, o.throughputRps));
            if (maxReplicas >= 1) batches.push({ ...o, maxReplicas });
          }
        }
        // Burst model: drop options another of the deployment beats (no slower, at least the capacity):
        // a replica holds the same resources at any batch size, so they never help.
        if (arrivals === 'burst') {
          const kept = batches.filter((o, i) => !batches.some((q, j) => j !== i && q.latencyMs <= o.latencyMs && q.throughputRps >= o.throughputRps && (q.latencyMs < o.latencyMs || q.throughputRps > o.throughputRps || j < i)));
          batches.splice(0, batches.length, ...kept);
        }
        if (batches.length) deployments.push({ variant: v.name, variantIndex, device, cores: needs.cores, accelerators: needs.accelerators, batches });
      }
    });
    return { name: stage.name, loadRps, variants, deployments };
  });
  const raw = stagePaths(p.pipeline);
  const total = raw.reduce((a, x) => a + x.weight, 0);
  const paths = raw.map((x) => ({ stages: x.stages, weight: total > 0 ? x.weight / total : 1 / raw.length }));
  const capacity: LokiProblem['capacity'] = [];
  for (const g of p.cluster.groups.values()) {
    if (!p.devices.includes(g.device)) continue;
    if (Number.isFinite(g.cores)) capacity.push({ device: g.device, resource: 'cores', limit: g.cores });
    if (g.device !== 'cpu') capacity.push({ device: g.device, resource: 'accelerators', limit: g.accelerators });
  }
  const problem: LokiProblem = { stages, paths, latencyBudgetMs: p.slaMs / p.deadlineFactor, capacity };
  if (p.routing === 'path') {
    problem.flow = lokiFlowModel(p.pipeline, stages.map((st) => st.variants.map((v) => v.name)), p.lambdaRps, paths.map((x) => x.stages));
  }
  return problem;
}

/** Loki's phase 1 (hardware scaling): the same problem with only each stage's most accurate variant. */
export function mostAccurateOnly(problem: LokiProblem): LokiProblem {
  return {
    ...problem,
    stages: problem.stages.map((st) => ({ ...st, variants: st.variants.slice(0, 1), deployments: st.deployments.filter((d) => d.variantIndex === 0) })),
  };
}

/** The problem without its latency constraint (the last fallback). */
export function withoutLatency(problem: LokiProblem): LokiProblem {
  return { ...problem, latencyBudgetMs: Infinity };
}

/**
 * A solution: per stage and deployment (in {@link LokiStage.deployments} order), the replica count
 * and the index of the batch option (-1 without replicas).
 */
export interface LokiAssignment {
  replicas: number[][];
  batch: number[][];
  /** Path-aware problems: the planned flows (see `loki-flow.ts`). */
  flows?: LokiFlows;
}

/** The properties of an assignment. */
export interface LokiEvaluation {
  /** Whether latency and capacity hold and every stage has a replica. */
  feasible: boolean;
  /** The largest share of every stage's load the replicas can serve, at most 1 (1: all served). */
  served: number;
  /**
   * Traffic-weighted path accuracy of the served traffic (normalised by `served`), with the shares
   * filled most accurate first and each path's flows coupled most accurate with most accurate: the
   * optimum of Loki's path-flow objective for these replicas (see {@link pathAccuracy}).
   */
  accuracy: number;
  /** Replicas in all (Loki's workers). */
  workers: number;
  /** Sum of the stage latencies, ms (the tie-break after workers). */
  latencySumMs: number;
  /** Stage latencies, ms. */
  stageLatencyMs: number[];
  /** Largest path latency, ms. */
  pathLatencyMs: number;
  /** Per stage, the share of its served load each variant takes (sums to `served`). */
  shares: number[][];
}

/** Relative tolerance of capacity checks, matching the MILP's feasibility tolerance. */
export const LOKI_TOLERANCE = 1e-7;

/**
 * Shares of a stage's load per variant (most accurate first), filled most accurate first up to
 * each variant's capacity, until `served` of the load is placed: the simulator's routing, and for
 * fixed capacities the marginals that first-order dominate every other feasible choice.
 */
export function greedyShares(capacityRps: readonly number[], loadRps: number, served: number): number[] {
  let left = served;
  return capacityRps.map((cap, i) => {
    const room = loadRps > 0 ? cap / loadRps : i === 0 ? Infinity : 0;
    const r = Math.max(0, Math.min(left, room));
    left -= r;
    return r;
  });
}

/**
 * The best traffic-weighted accuracy of a stage path for given shares: the comonotone coupling
 * (the q-th quantile of every stage's variants, most accurate first). Optimal for Loki's objective,
 * since a product of non-negative accuracies is supermodular in the variants' accuracy order (Lorentz
 * 1953; Tchen 1980). Shares sum to the same total along the path; the result is not normalised.
 */
export function pathAccuracy(accuracies: readonly (readonly number[])[], shares: readonly (readonly number[])[]): number {
  const m = accuracies.length;
  const idx = new Array<number>(m).fill(0);
  const left = shares.map((r) => r[0] ?? 0);
  let total = 0;
  for (;;) {
    // Skip exhausted variants.
    for (let j = 0; j < m; j++) {
      while (left[j] <= 1e-15 && idx[j] < shares[j].length - 1) left[j] = shares[j][++idx[j]];
    }
    let step = Infinity;
    for (let j = 0; j < m; j++) step = Math.min(step, left[j]);
    if (!(step > 1e-15)) break;
    let prod = 1;
    for (let j = 0; j < m; j++) prod *= accuracies[j][idx[j]];
    total += step * prod;
    for (let j = 0; j < m; j++) left[j] -= step;
  }
  return total;
}

/** Evaluates an assignment exactly (see {@link LokiEvaluation}). */
export function evaluateLoki(problem: LokiProblem, a: LokiAssignment): LokiEvaluation {
  let workers = 0;
  let latencySum = 0;
  let feasible = true;
  let served = 1;
  const use = problem.capacity.map(() => 0);
  const stageLatencyMs = problem.stages.map((st, s) => {
    let l = 0;
    let n = 0;
    st.deployments.forEach((d, k) => {
      const reps = a.replicas[s][k];
      if (reps <= 0) return;
      const b = d.batches[a.batch[s][k]];
      n += reps;
      l = Math.max(l, b.latencyMs);
      problem.capacity.forEach((c, i) => {
        if (c.device === d.device) use[i] += reps * d[c.resource];
      });
    });
    if (n === 0) feasible = false;
    workers += n;
    latencySum += l;
    return l;
  });
  const caps = problem.stages.map((st, s) => {
    const cap = st.variants.map(() => 0);
    st.deployments.forEach((d, k) => {
      const reps = a.replicas[s][k];
      if (reps > 0) cap[d.variantIndex] += reps * d.batches[a.batch[s][k]].throughputRps;
    });
    const total = cap.reduce((x, y) => x + y, 0);
    if (st.loadRps > 0) served = Math.min(served, (total * (1 + LOKI_TOLERANCE)) / st.loadRps);
    return cap;
  });
  served = Math.min(1, served);
  use.forEach((u, i) => {
    if (u > problem.capacity[i].limit + 1e-9) feasible = false;
  });
  let pathLatencyMs = 0;
  for (const p of problem.paths) pathLatencyMs = Math.max(pathLatencyMs, p.stages.reduce((x, s) => x + stageLatencyMs[s], 0));
  if (pathLatencyMs > problem.latencyBudgetMs * (1 + 1e-9)) feasible = false;
  if (problem.flow) {
    // Path-aware: the planned flows must fit every variant's capacity; served and accuracy are theirs.
    if (!a.flows) return { feasible: false, served: 0, accuracy: 0, workers, latencySumMs: latencySum, stageLatencyMs, pathLatencyMs, shares: caps.map((c) => c.map(() => 0)) };
    const loads = variantLoads(problem, problem.flow, a.flows);
    loads.forEach((l, s) => l.forEach((x, v) => {
      if (x > caps[s][v] * (1 + 1e-6) + 1e-6) feasible = false;
    }));
    const fa = flowAccuracy(problem, problem.flow, a.flows);
    const total = loads.map((l) => l.reduce((x, y) => x + y, 0));
    return { feasible, served: fa.served, accuracy: fa.accuracy, workers, latencySumMs: latencySum, stageLatencyMs, pathLatencyMs, shares: loads.map((l, s) => l.map((x) => (total[s] > 0 ? (x / total[s]) * fa.served : 0))) };
  }
  const shares = problem.stages.map((st, s) => greedyShares(caps[s].map((c) => c * (1 + LOKI_TOLERANCE)), st.loadRps, served));
  let acc = 0;
  for (const p of problem.paths) {
    acc += p.weight * pathAccuracy(
      p.stages.map((s) => problem.stages[s].variants.map((v) => v.accuracy)),
      p.stages.map((s) => shares[s]),
    );
  }
  return { feasible, served, accuracy: served > 0 ? acc / served : 0, workers, latencySumMs: latencySum, stageLatencyMs, pathLatencyMs, shares };
}

/**
 * The configuration the simulator takes: per stage, its deployments with replicas, the most
 * accurate first (the stage's own entry) and the rest in `mix`. A stage with none gets one replica
 * of its first deployment (not produced by the solvers, which give every stage a replica).
 */
export function toLokiConfig(problem: LokiProblem, a: LokiAssignment): PipelineConfig {
  const used = problem.stages.map((st, s) => {
    const deps: (StageDeployment & { variantIndex: number; capacityRps: number })[] = [];
    st.deployments.forEach((d, k) => {
      const n = a.replicas[s][k];
      if (n > 0) deps.push({ variant: d.variant, batch: d.batches[a.batch[s][k]].batch, replicas: n, device: d.device, variantIndex: d.variantIndex, capacityRps: n * d.batches[a.batch[s][k]].throughputRps });
    });
    if (deps.length === 0) {
      const d = st.deployments[0];
      deps.push({ variant: d.variant, batch: d.batches[0].batch, replicas: 1, device: d.device, variantIndex: d.variantIndex, capacityRps: 0 });
    }
    return deps;
  });
  // Path-aware plans route in the planned shares; the others share one queue per stage.
  const routing = problem.flow && a.flows ? lokiShares(problem, problem.flow, a.flows, used) : undefined;
  return used.map((deps, s) => {
    const [first, ...rest] = deps.map((d): StageDeployment => ({ variant: d.variant, batch: d.batch, replicas: d.replicas, device: d.device }));
    const c: StageConfig = rest.length ? { ...first, mix: rest } : first;
    return routing?.[s].shares ? { ...c, ...routing[s] } : c;
  });
}

/** Which problem a solver answers: Loki's two phases, and the over-capacity fallback. */
export type LokiPhase =
  /** Phase 1, hardware scaling (on {@link mostAccurateOnly}): serve all the load with the fewest workers. */
  | 'hardware'
  /** Phase 2, accuracy scaling: serve all the load with the highest accuracy, then the fewest workers. */
  | 'accuracy'
  /** Fallback: serve the largest share of the load, then the highest accuracy, then the fewest workers. */
  | 'max-served';

/** Accuracies closer than this count as equal, and the fewer workers win (the MILP and the exhaustive search both use it). */
export const ACCURACY_TIE = 1e-7;
