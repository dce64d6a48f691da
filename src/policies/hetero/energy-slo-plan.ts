/**
 * The planning problem of the `energy-slo` policy and its exact solvers: per stage one option
 * (variant, device, batch, replicas) minimising the predicted power of the pipeline under the
 * end-to-end SLO along the longest path, the capacity of each device type and an optional floor on
 * the accuracy product of every path. See {@link planEnergy} and docs/hetero.md.
 *
 * @module
 */
import type { GLPK, LP } from '../solvers/glpk-types.js';
import { onDevice } from '../../profiles/device.js';
import { stageLoadFactors } from '../../profiles/graph.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { latencyP99Ms, profiledBatches, throughputRps } from '../../profiles/variant.js';
import { batchWaitMs, replicasFor } from '../solvers/build.js';
import { dynamicPowerW, idleWPerReplica, replicaNeeds, stageParents, stagePaths, usableDevices, type ClusterModel, type StagePath } from './cluster-model.js';
import { burstReplicaChoices, type ArrivalPattern, type ReplicaChoice } from './queueing.js';

/** One candidate of a stage: a deployment sized for the stage's predicted load. */
export interface EnergyOption {
  variant: string;
  device: string;
  batch: number;
  /**
   * Replicas: the fewest that sustain the stage's load (at least 1); under the burst model, also
   * every larger count that drains a second's burst sooner (see `queueing.ts`).
   */
  replicas: number;
  accuracy: number;
  /**
   * The stage's term in the SLO, ms: p99 batch latency (times the margin) plus the batch wait
   * (rate model), or when the last task of a second's burst is done (burst model).
   */
  latencyMs: number;
  /** Predicted dynamic power at the stage's load, W (see `dynamicPowerW`). */
  dynamicW: number;
  /** Idle power of the resources the replicas hold, W (see `idleWPerReplica`). */
  idleW: number;
  /** `dynamicW + idleW`. */
  powerW: number;
  /** Host cores and accelerator slots of all the replicas. */
  cores: number;
  accelerators: number;
  /** Start-up time of a replica on this device, s. */
  startupS: number;
  /** Energy of starting the replicas: their idle power during start-up, `idleW x startupS`, J. */
  startupJ: number;
}

/** A finite resource of one device type. */
export interface EnergyCapacity {
  device: string;
  resource: 'cores' | 'accelerators';
  limit: number;
}

/** One instance of the planning problem: the options of every stage and the constraints. */
export interface EnergyProblem {
  /** Options per stage. */
  stages: EnergyOption[][];
  /** Entry-to-sink paths: the SLO and the accuracy floor hold on each. */
  paths: StagePath[];
  /** Parents of each stage and a topological order (the DP's stage order). */
  parents: number[][];
  order: number[];
  slaMs: number;
  /** Floor on every path's accuracy product; 0 for none. */
  minAccuracy: number;
  /** The finite resources of the cluster. */
  capacity: EnergyCapacity[];
  /** The load planned for, requests/s at the entry. */
  lambdaRps: number;
}

/** What {@link buildEnergyProblem} needs. */
export interface EnergyProblemParams {
  pipeline: PipelineProfile;
  /** Predicted load at the entry, requests/s; stage `s` sees `lambdaRps x stageLoadFactors[s]`. */
  lambdaRps: number;
  slaMs: number;
  cluster: ClusterModel;
  /** Device types the planner may use. */
  devices: readonly string[];
  batchingCap: number;
  scalingCap: number;
  latencyMarginPct: number;
  throughputMarginPct: number;
  maxBatchWaitMs: number;
  minAccuracy: number;
  /**
   * Charge each replica its share of its node's idle power (default). `false` when every node is
   * powered anyway: idle power and start-up energy do not depend on the plan and are left out.
   */
  chargeIdle?: boolean;
  /**
   * How requests arrive within a second (default `rate`): `burst` plans each stage's latency for
   * the burst of a second's requests (`burstLatencyMs`, IPA's load generator) and offers the
   * replica counts that drain it sooner; `rate` is the rate model.
   */
  arrivals?: ArrivalPattern;
}

/**
 * The options of every stage at a load: every (variant, device the variant has a profile for, the
 * cluster has, and one replica fits on a node of, profiled batch up to the cap) with the fewest
 * replicas that sustain the stage's load, dropped when they exceed `scalingCap` or the device type's
 * capacity. Stage latency: `p99(b) x (1 + latencyMarginPct/100) + min((b - 1)/lambda_s, W)`;
 * under `arrivals: "burst"` the burst model of `queueing.ts` instead, with one option per replica
 * count that drains a second's burst sooner.
 */
export function buildEnergyProblem(p: EnergyProblemParams): EnergyProblem {
  const factors = stageLoadFactors(p.pipeline);
  const thrFactor = 1 + p.throughputMarginPct / 100;
  const latFactor = 1 + p.latencyMarginPct / 100;
  const stages = p.pipeline.stages.map((stage, s) => {
    const lambda = p.lambdaRps * factors[s];
    const options: EnergyOption[] = [];
    for (const v of stage.variants) {
      for (const device of usableDevices(v, p.cluster, p.devices)) {
        const group = p.cluster.groups.get(device)!;
        const dv = onDevice(v, device);
        const needs = replicaNeeds(v, device);
        const perReplicaIdle = p.chargeIdle === false ? 0 : idleWPerReplica(group, needs);
        // The most replicas of one (variant, device) the scaling cap and the device type allow.
        const fit = Math.min(
          p.scalingCap,
          needs.cores > 0 ? Math.floor(group.cores / needs.cores + 1e-9) : Infinity,
          needs.accelerators > 0 ? Math.floor(group.accelerators / needs.accelerators + 1e-9) : Infinity,
        );
        for (const b of profiledBatches(dv)) {
          if (b > p.batchingCap) continue;
          const minReplicas = replicasFor(lambda, throughputRps(dv, b) * thrFactor);
          if (minReplicas > fit) continue;
          const serviceMs = latencyP99Ms(dv, b) * latFactor;
          // Burst: a second's requests (with the throughput margin's headroom) arrive together.
          const choices: ReplicaChoice[] =
            p.arrivals === 'burst'
              ? burstReplicaChoices(lambda / thrFactor, b, serviceMs, p.maxBatchWaitMs, minReplicas, fit)
              : [{ replicas: minReplicas, latencyMs: serviceMs + batchWaitMs(b, lambda, p.maxBatchWaitMs) }];
          const dynamicW = dynamicPowerW(v, device, b, lambda, group, p.maxBatchWaitMs);
          const startupS = dv.startupS ?? 0;
          for (const { replicas, latencyMs } of choices) {
            const idleW = replicas * perReplicaIdle;
            options.push({
              variant: v.name,
              device,
              batch: b,
              replicas,
              accuracy: v.accuracy,
              latencyMs,
              dynamicW,
              idleW,
              powerW: dynamicW + idleW,
              cores: replicas * needs.cores,
              accelerators: replicas * needs.accelerators,
              startupS,
              startupJ: idleW * startupS,
            });
          }
        }
      }
    }
    return options;
  });
  const capacity: EnergyCapacity[] = [];
  for (const g of p.cluster.groups.values()) {
    if (!p.devices.includes(g.device)) continue;
    if (Number.isFinite(g.cores)) capacity.push({ device: g.device, resource: 'cores', limit: g.cores });
    if (g.device !== 'cpu') capacity.push({ device: g.device, resource: 'accelerators', limit: g.accelerators });
  }
  const { parents, order } = stageParents(p.pipeline);
  return { stages, paths: stagePaths(p.pipeline), parents, order, slaMs: p.slaMs, minAccuracy: p.minAccuracy, capacity, lambdaRps: p.lambdaRps };
}

/** The properties of a choice of one option per stage. */
export interface EnergyEvaluation {
  powerW: number;
  dynamicW: number;
  idleW: number;
  /** Longest path: the largest sum of stage latencies over the entry-to-sink paths, ms. */
  latencyMs: number;
  /** The smallest accuracy product over the paths. */
  accuracy: number;
  /** Use of each finite resource, in {@link EnergyProblem.capacity} order. */
  use: number[];
  /** Whether the SLO, the accuracy floor and every capacity hold. */
  feasible: boolean;
}

/** Evaluates `choice` (an option index per stage) exactly. */
export function evaluateEnergyChoice(problem: EnergyProblem, choice: readonly number[]): EnergyEvaluation {
  const opts = choice.map((o, s) => problem.stages[s][o]);
  let latency = 0;
  let accuracy = Infinity;
  for (const path of problem.paths) {
    let l = 0;
    let a = 1;
    for (const s of path.stages) {
      l += opts[s].latencyMs;
      a *= opts[s].accuracy;
    }
    latency = Math.max(latency, l);
    accuracy = Math.min(accuracy, a);
  }
  const use = problem.capacity.map((c) => opts.reduce((sum, o) => sum + (o.device === c.device ? o[c.resource] : 0), 0));
  const dynamicW = opts.reduce((a, o) => a + o.dynamicW, 0);
  const idleW = opts.reduce((a, o) => a + o.idleW, 0);
  const feasible =
    latency <= problem.slaMs * (1 + 1e-12) &&
    (problem.minAccuracy <= 0 || accuracy >= problem.minAccuracy * (1 - 1e-12)) &&
    use.every((u, i) => u <= problem.capacity[i].limit + 1e-9);
  return { powerW: dynamicW + idleW, dynamicW, idleW, latencyMs: latency, accuracy, use, feasible };
}

/**
 * What a solver minimises: `energy` (predicted power, under the SLO), or `latency` (the longest
 * path's latency, ties to the lower power; the SLO is not a constraint), the fallback when no choice
 * meets the SLO.
 */
export type EnergyObjective = 'energy' | 'latency';

/** Options a solve may use: `false` leaves an option out (the switching rule pins stages with it). */
export type OptionFilter = (stage: number, option: EnergyOption) => boolean;

/** An exact solver of {@link EnergyProblem}: an option index per stage, or `null` if none is feasible. */
export interface EnergySolver {
  readonly name: 'dp' | 'glpk' | 'bruteForce';
  solve(problem: EnergyProblem, objective: EnergyObjective, filter?: OptionFilter): number[] | null;
}

interface DpState {
  /** Per stage: its completion time (longest path to its end), for stages still open. */
  finish: Float64Array;
  /** Per stage: the smallest accuracy product of the paths to its end. */
  acc: Float64Array;
  /** Largest completion time and smallest accuracy product of the finished paths. */
  sinkMax: number;
  sinkAcc: number;
  use: Float64Array;
  power: number;
  choice: Int32Array;
  /** Sort key: the sum of the dominance dimensions other than power (accuracy negated). */
  key: number;
}

/**
 * `dp`: an exact Pareto dynamic program over the stages in topological order. A partial plan is
 * kept unless another is at least as good in everything that can still matter: the completion time
 * (longest path to its end) of every stage whose children are not planned yet, the worst finished
 * path's latency, the accuracy products (with a floor), the use of each finite resource, and the
 * power so far. On a chain this is the classic DP on the latency budget; on a graph, carrying the
 * completion time of every open stage makes the longest-path SLO exact, which is the best split of
 * the SLA into per-stage budgets. Partials over the SLA, under the floor or over a capacity are
 * dropped as soon as they arise (latencies add and accuracy products shrink along a path).
 */
export function dpEnergySolver(): EnergySolver {
  return {
    name: 'dp',
    solve(problem, objective, filter) {
      const S = problem.stages.length;
      if (S === 0) return [];
      const sla = objective === 'energy' ? problem.slaMs : Infinity;
      const floor = problem.minAccuracy;
      const useFloor = floor > 0;
      const caps = problem.capacity;
      const remainingChildren = new Int32Array(S);
      const children: number[][] = problem.stages.map(() => []);
      problem.parents.forEach((ps, s) => ps.forEach((p) => children[p].push(s)));
      children.forEach((c, s) => (remainingChildren[s] = c.length));
      const open = new Uint8Array(S);
      let front: DpState[] = [
        { finish: new Float64Array(S), acc: new Float64Array(S).fill(1), sinkMax: 0, sinkAcc: 1, use: new Float64Array(caps.length), power: 0, choice: new Int32Array(S).fill(-1), key: 0 },
      ];
      for (const s of problem.order) {
        const parents = problem.parents[s];
        const sink = children[s].length === 0;
        const next: DpState[] = [];
        // After this step: parents whose last child this is close; s opens unless it is a sink.
        for (const p of parents) remainingChildren[p]--;
        const closing = parents.filter((p) => remainingChildren[p] === 0);
        for (const st of front) {
          let start = 0;
          let accIn = 1;
          for (const p of parents) {
            if (st.finish[p] > start) start = st.finish[p];
            if (st.acc[p] < accIn) accIn = st.acc[p];
          }
          problem.stages[s].forEach((o, oi) => {
            if (filter && !filter(s, o)) return;
            const finish = start + o.latencyMs;
            if (finish > sla * (1 + 1e-12)) return;
            const acc = accIn * o.accuracy;
            if (useFloor && acc < floor * (1 - 1e-12)) return;
            const use = st.use.slice();
            for (let i = 0; i < caps.length; i++) {
              if (o.device !== caps[i].device) continue;
              use[i] += o[caps[i].resource];
              if (use[i] > caps[i].limit + 1e-9) return;
            }
            const n: DpState = {
              finish: st.finish.slice(),
              acc: st.acc.slice(),
              sinkMax: st.sinkMax,
              sinkAcc: st.sinkAcc,
              use,
              power: st.power + o.powerW,
              choice: st.choice.slice(),
              key: 0,
            };
            n.choice[s] = oi;
            if (sink) {
              n.sinkMax = Math.max(n.sinkMax, finish);
              n.sinkAcc = Math.min(n.sinkAcc, acc);
            } else {
              n.finish[s] = finish;
              n.acc[s] = acc;
            }
            for (const p of closing) {
              n.finish[p] = 0;
              n.acc[p] = 1;
            }
            next.push(n);
          });
        }
        for (const p of closing) open[p] = 0;
        if (!sink) open[s] = 1;
        front = paretoFilter(next, open, useFloor, caps);
        if (front.length === 0) return null;
      }
      let best = front[0];
      for (const st of front) {
        const better =
          objective === 'energy'
            ? st.power < best.power - 1e-12 * Math.abs(best.power) || (Math.abs(st.power - best.power) <= 1e-12 * Math.abs(best.power) && st.sinkMax < best.sinkMax)
            : st.sinkMax < best.sinkMax || (st.sinkMax === best.sinkMax && st.power < best.power);
        if (better) best = st;
      }
      return Array.from(best.choice);
    },
  };
}

/** Keeps the states no other state dominates (see {@link dpEnergySolver}). */
function paretoFilter(states: DpState[], open: Uint8Array, useFloor: boolean, caps: readonly EnergyCapacity[]): DpState[] {
  const openIdx: number[] = [];
  open.forEach((o, i) => o && openIdx.push(i));
  for (const st of states) {
    let k = st.sinkMax;
    for (const i of openIdx) k += st.finish[i];
    if (useFloor) {
      k -= st.sinkAcc;
      for (const i of openIdx) k -= st.acc[i];
    }
    for (let i = 0; i < caps.length; i++) k += st.use[i] / Math.max(1, caps[i].limit);
    st.key = k;
  }
  // A dominating state sorts first: its power is no higher, and with equal power its key is lower.
  states.sort((a, b) => a.power - b.power || a.key - b.key);
  const kept: DpState[] = [];
  outer: for (const st of states) {
    for (const q of kept) {
      if (q.power > st.power || q.sinkMax > st.sinkMax) continue;
      let dominated = true;
      for (const i of openIdx) if (q.finish[i] > st.finish[i] || (useFloor && q.acc[i] < st.acc[i])) dominated = false;
      if (dominated && useFloor && q.sinkAcc < st.sinkAcc) dominated = false;
      if (dominated) for (let i = 0; i < caps.length; i++) if (q.use[i] > st.use[i]) dominated = false;
      if (dominated) continue outer;
    }
    kept.push(st);
  }
  return kept;
}

/**
 * `bruteForce`: every combination of options, for tests and tiny pipelines. Ties as {@link
 * dpEnergySolver}: lower power, then lower latency (energy); lower latency, then power (latency).
 */
export function bruteForceEnergySolver(): EnergySolver {
  return {
    name: 'bruteForce',
    solve(problem, objective, filter) {
      const S = problem.stages.length;
      const allowed = problem.stages.map((opts, s) => opts.map((_, i) => i).filter((i) => !filter || filter(s, opts[i])));
      if (allowed.some((a) => a.length === 0)) return null;
      const relaxed = objective === 'latency' ? { ...problem, slaMs: Infinity } : problem;
      let best: number[] | null = null;
      let bestEval: EnergyEvaluation | undefined;
      const idx = new Array<number>(S).fill(0);
      for (;;) {
        const choice = idx.map((k, s) => allowed[s][k]);
        const e = evaluateEnergyChoice(relaxed, choice);
        if (e.feasible) {
          const better =
            !bestEval ||
            (objective === 'energy'
              ? e.powerW < bestEval.powerW || (e.powerW === bestEval.powerW && e.latencyMs < bestEval.latencyMs)
              : e.latencyMs < bestEval.latencyMs || (e.latencyMs === bestEval.latencyMs && e.powerW < bestEval.powerW));
          if (better) {
            best = choice;
            bestEval = e;
          }
        }
        let s = 0;
        while (s < S && ++idx[s] === allowed[s].length) idx[s++] = 0;
        if (s === S) break;
      }
      return best;
    },
  };
}

/**
 * `glpk`: the 0-1 program on glpk.js. One binary per (stage, option); one option per stage; per
 * entry-to-sink path the stage latencies sum to at most the SLA (objective `energy`) or to at most
 * `T`, minimised first (objective `latency`, then power with `T` fixed); the accuracy floor is linear
 * in logarithms, `sum log(accuracy) >= log(minAccuracy)` along every path (exact: one option per
 * stage); one row per finite resource. Minimises the summed power. Answers are re-checked exactly.
 */
export function glpkEnergySolver(glpk: GLPK): EnergySolver {
  return {
    name: 'glpk',
    solve(problem, objective, filter) {
      if (problem.stages.length === 0) return [];
      const x = (s: number, o: number) => `x${s}_${o}`;
      const avail = problem.stages.map((opts, s) => opts.map((o, i) => (!filter || filter(s, o)) && (problem.minAccuracy <= 0 || o.accuracy > 0) ? i : -1).filter((i) => i >= 0));
      if (avail.some((a) => a.length === 0)) return null;
      const binaries: string[] = [];
      const rows: LP['subjectTo'] = [];
      avail.forEach((is, s) => {
        is.forEach((i) => binaries.push(x(s, i)));
        rows.push({ name: `one${s}`, vars: is.map((i) => ({ name: x(s, i), coef: 1 })), bnds: { type: glpk.GLP_FX, lb: 1, ub: 1 } });
      });
      const latencyTerms = (path: StagePath) => path.stages.flatMap((s) => avail[s].map((i) => ({ name: x(s, i), coef: problem.stages[s][i].latencyMs })));
      problem.paths.forEach((path, pi) => {
        if (problem.minAccuracy > 0) {
          // Logarithms within 1e-9 of 0 (accuracies within 1e-9 of 1) are 0: GLPK stalled on a 1e-16 coefficient.
          const logOf = (a: number) => (Math.abs(Math.log(a)) < 1e-9 ? 0 : Math.log(a));
          const vars = path.stages.flatMap((s) => avail[s].map((i) => ({ name: x(s, i), coef: logOf(problem.stages[s][i].accuracy) })));
          rows.push({ name: `acc${pi}`, vars, bnds: { type: glpk.GLP_LO, lb: Math.log(problem.minAccuracy) - 1e-12, ub: 0 } });
        }
      });
      problem.capacity.forEach((c, ci) => {
        const vars = avail.flatMap((is, s) => is.filter((i) => problem.stages[s][i].device === c.device).map((i) => ({ name: x(s, i), coef: problem.stages[s][i][c.resource] })));
        if (vars.length) rows.push({ name: `cap${ci}`, vars, bnds: { type: glpk.GLP_UP, lb: 0, ub: c.limit } });
      });
      const slaRows = (ub: number): LP['subjectTo'] =>
        Number.isFinite(ub) ? problem.paths.map((path, pi) => ({ name: `sla${pi}`, vars: latencyTerms(path), bnds: { type: glpk.GLP_UP, lb: 0, ub } })) : [];
      const power = avail.flatMap((is, s) => is.map((i) => ({ name: x(s, i), coef: problem.stages[s][i].powerW })));
      const solveLp = (obj: { name: string; coef: number }[], extraRows: LP['subjectTo']): Record<string, number> | null => {
        const lp: LP = { name: 'energy-slo', objective: { direction: glpk.GLP_MIN, name: 'obj', vars: obj }, subjectTo: [...rows, ...extraRows], binaries };
        // The time limit guards against a stall; these programs solve in milliseconds.
        const res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: 10 });
        return res.result.status === glpk.GLP_OPT || res.result.status === glpk.GLP_FEAS ? res.result.vars : null;
      };
      let vars: Record<string, number> | null;
      if (objective === 'energy') vars = solveLp(power, slaRows(problem.slaMs));
      else {
        // The lowest longest-path latency T*, then the least power with every path within T*.
        const tRows = problem.paths.map((path, pi) => ({ name: `t${pi}`, vars: [...latencyTerms(path), { name: 'T', coef: -1 }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } }));
        const first = solveLp([{ name: 'T', coef: 1 }], tRows);
        if (!first) return null;
        const t = Math.max(...problem.paths.map((path) => latencyTerms(path).reduce((a, term) => a + term.coef * Math.round(first[term.name] ?? 0), 0)));
        vars = solveLp(power, slaRows(t * (1 + 1e-9) + 1e-9)) ?? first;
      }
      if (!vars) return null;
      const choice = avail.map((is, s) => is.reduce((best, i) => ((vars![x(s, i)] ?? 0) > (vars![x(s, best)] ?? 0) ? i : best), is[0]));
      const e = evaluateEnergyChoice(objective === 'latency' ? { ...problem, slaMs: Infinity } : problem, choice);
      return e.feasible ? choice : null;
    },
  };
}

/** How a plan came about: `optimal`, or the fallback that was needed. */
export type EnergyPlanStatus =
  /** Minimum predicted power under every constraint. */
  | 'optimal'
  /** No choice reaches the accuracy floor under the SLO: minimum power without the floor. */
  | 'accuracy-relaxed'
  /** No choice meets the SLO within capacity: the lowest longest-path latency (ties: power). */
  | 'sla-infeasible'
  /** The load does not fit the cluster: planned for the largest share of it that does. */
  | 'over-capacity';

/** A solved plan: one option per stage and what the switching rule did. */
export interface EnergyPlan {
  status: EnergyPlanStatus;
  choice: number[];
  options: EnergyOption[];
  evaluation: EnergyEvaluation;
  /** Stages whose variant or device the unconstrained optimum would change but the switching rule kept. */
  kept: number[];
  /** Stages whose variant or device this plan changes. */
  switched: number[];
  /** Start-up energy of the switched stages' new replicas, J. */
  startupJ: number;
  /** Predicted power of the unconstrained optimum (before the switching rule), W. */
  unpinnedPowerW: number;
}

/** The (variant, device) a stage runs now, as the switching rule compares it. */
export interface CurrentDeployment {
  variant: string;
  device: string;
}

const STATUS_RANK: Record<EnergyPlanStatus, number> = { optimal: 0, 'accuracy-relaxed': 1, 'sla-infeasible': 2, 'over-capacity': 3 };

/**
 * Solves the problem with the fallbacks and the switching rule.
 *
 * Fallbacks: minimum power under every constraint (`optimal`); without the accuracy floor
 * (`accuracy-relaxed`); else the lowest longest-path latency within capacity (`sla-infeasible`).
 * `null` when nothing fits the cluster (the caller then plans for less load: `over-capacity`).
 *
 * **Switching rule** (initialisation time): a stage whose (variant, device) the optimum changes is
 * changed only if that pays within `switchHorizonS`. For every set `K` of such stages kept on their
 * current (variant, device) (batch and replicas still free; all subsets up to 6 such stages, else
 * none or all), the plan's cost is `P_K x switchHorizonS + sum of startupJ over the stages it
 * switches`, with `P_K` its predicted power and `startupJ` the idle power of a switched stage's new
 * replicas during their start-up; the cheapest plan wins (ties: fewer switches), and a worse status
 * never wins over a better one. With one such stage: switch iff `(P_keep - P_switch) x horizon >
 * startupJ`.
 */
export function planEnergy(
  problem: EnergyProblem,
  solver: EnergySolver,
  current: readonly CurrentDeployment[] | undefined,
  switchHorizonS: number,
): EnergyPlan | null {
  const cascade = (filter?: OptionFilter): { choice: number[]; status: EnergyPlanStatus } | null => {
    let c = solver.solve(problem, 'energy', filter);
    if (c) return { choice: c, status: 'optimal' };
    const noFloor = problem.minAccuracy > 0 ? { ...problem, minAccuracy: 0 } : problem;
    if (problem.minAccuracy > 0) {
      c = solver.solve(noFloor, 'energy', filter);
      if (c) return { choice: c, status: 'accuracy-relaxed' };
    }
    c = solver.solve(noFloor, 'latency', filter);
    return c ? { choice: c, status: 'sla-infeasible' } : null;
  };
  const first = cascade();
  if (!first) return null;
  const optionsOf = (choice: number[]) => choice.map((o, s) => problem.stages[s][o]);
  const differs = (o: EnergyOption, s: number) => current !== undefined && (o.variant !== current[s].variant || o.device !== current[s].device);
  const finish = (r: { choice: number[]; status: EnergyPlanStatus }, kept: number[]) => {
    const options = optionsOf(r.choice);
    const switched = options.flatMap((o, s) => (differs(o, s) ? [s] : []));
    return {
      status: r.status,
      choice: r.choice,
      options,
      evaluation: evaluateEnergyChoice(r.status === 'sla-infeasible' ? { ...problem, slaMs: Infinity, minAccuracy: 0 } : r.status === 'accuracy-relaxed' ? { ...problem, minAccuracy: 0 } : problem, r.choice),
      kept,
      switched,
      startupJ: switched.reduce((a, s) => a + options[s].startupJ, 0),
      unpinnedPowerW: 0,
    };
  };
  let best = finish(first, []);
  const unpinnedPowerW = best.evaluation.powerW;
  const valid = current !== undefined && current.length === problem.stages.length;
  if (valid && best.switched.length > 0) {
    const sw = best.switched;
    const subsets: number[][] = [];
    if (sw.length <= 6) for (let m = 1; m < 1 << sw.length; m++) subsets.push(sw.filter((_, i) => m & (1 << i)));
    else subsets.push(sw);
    const cost = (p: EnergyPlan) => p.evaluation.powerW * switchHorizonS + p.startupJ;
    for (const keep of subsets) {
      const set = new Set(keep);
      const r = cascade((s, o) => !set.has(s) || (o.variant === current[s].variant && o.device === current[s].device));
      if (!r) continue;
      const p = finish(r, keep);
      const rank = STATUS_RANK[p.status] - STATUS_RANK[best.status];
      if (rank < 0 || (rank === 0 && (cost(p) < cost(best) - 1e-9 || (Math.abs(cost(p) - cost(best)) <= 1e-9 && p.switched.length < best.switched.length)))) best = p;
    }
  }
  best.unpinnedPowerW = unpinnedPowerW;
  return best;
}
