import { curveShare, type NodePowerSpec } from '../../energy/power-model.js';
import { rankNormalisedAccuracies } from '../../profiles/rank.js';
import type { PipelineProfile, VariantProfile } from '../../profiles/types.js';
import { batchEnergyJ, latencyMs, latencyP99Ms, profiledBatches, throughputRps } from '../../profiles/variant.js';
import type {
  AccuracyMethod,
  AllocationProblem,
  ObjectiveWeights,
  ProblemStage,
  StageCandidate,
  StageOption,
} from './types.js';

/** Everything {@link buildProblem} needs besides the pipeline. */
export interface ProblemParams {
  /** Predicted load in requests/s (>= 0). */
  lambdaRps: number;
  /** End-to-end SLA in ms. */
  slaMs: number;
  /** Cores of the cluster; default Infinity. */
  totalCores?: number;
  weights: ObjectiveWeights;
  accuracyMethod: AccuracyMethod;
  /** Use rank-normalised accuracy (rank / (n - 1), ascending) instead of the raw value. */
  normalizeAccuracy: boolean;
  /** Largest batch size considered (IPA's `batching_cap`); default: every profiled size. */
  batchingCap?: number;
  /** Largest replica count per stage (IPA's `scaling_cap`). */
  scalingCap: number;
  /** Added to p99 latencies in the SLA check, in percent (IPA's `latency_margin`). */
  latencyMarginPct?: number;
  /** Added to per-replica throughput, in percent; negative is conservative (IPA's `throughput_margin`). */
  throughputMarginPct?: number;
  /**
   * Caps each replica's planned throughput (before the margin) at this load, in requests/s: one
   * number for every stage or one per stage. IPA planned with the maximum throughput its profiler
   * measured under a fixed offered load (`reference_throughput: max` at `profiling_load`), so no
   * replica ever looked faster than that load. Absent: no cap (throughput is `b / latency(b)`).
   */
  throughputCapRps?: number | readonly number[];
  /**
   * Caps the batch-wait term `(b - 1) / lambda` at the serving system's maximum batch wait, since a
   * replica never waits longer than that for a batch to fill. Absent: uncapped (the intended term).
   */
  maxBatchWaitMs?: number;
  /** Which batch-wait term the SLA check uses (default `fill`); see {@link BatchWaitTerm}. */
  batchWaitTerm?: BatchWaitTerm;
  /** Per stage, a variant the stage must keep (FA2 as IPA ran it); `undefined` entries are free. */
  frozenVariants?: readonly (string | undefined)[];
  /** Per stage, a replica count the stage must keep (RIM as IPA ran it); `undefined` entries are free. */
  frozenReplicas?: readonly (number | undefined)[];
  /** The current configuration, for the least-change tie-break. */
  current?: readonly { variant: string; batch: number }[];
  /**
   * How to predict each option's power for the `delta` term (energy-aware IPA, `ipa-energy`): idle
   * power of the cores held plus dynamic power at the predicted load, as the simulator charges them
   * (see {@link PowerPrediction}). Absent: an option's power is only `energyJ(b) / b * lambda` (its
   * profile's dynamic energy at full batches; 0 without `energyJ`), the bare hook. Only read when
   * `weights.delta > 0`.
   */
  power?: PowerPrediction;
}

/**
 * The power model a planner predicts a stage's power with, matching the simulator's energy meter
 * (`src/sim/energy-meter.ts`, docs/energy.md):
 *
 *     P_stage = n * c_v * idleWPerCore  +  lambda / k * e_v(k)
 *
 * the idle share of the `n * c_v` cores the stage holds, plus dynamic power: batches per second at
 * the predicted load times the dynamic energy of one batch, `e_v(k)` = the profile's `energyJ`, or
 * without one the node model's power above idle for the replica's cores times the mean latency.
 * `k` is the batch size the serving system actually forms: `min(b, 1 + lambda * W)`, since a
 * replica waits at most `W` (the maximum batch wait) for its batch to fill (full batches `b` when
 * `W` is not given). Batching less full than planned costs more energy per request, so ignoring it
 * would make large batches look cheaper at low load than they are.
 */
export interface PowerPrediction {
  /**
   * Idle power charged per allocated core, W: `node.idleW / node.cores` under the simulator's
   * `allocated` idle accounting; 0 under `cluster` accounting, where every node draws its idle
   * power whatever the plan (a constant the objective can ignore).
   */
  idleWPerCore: number;
  /** Node power model for the dynamic energy of variants without `energyJ`. */
  node: NodePowerSpec;
}

/**
 * Predicted dynamic power (W) of a stage running variant `v` with maximum batch `b` at `lambda`
 * requests/s: `lambda / k * e_v(k)` with `k = min(b, 1 + lambda * maxWaitMs / 1000)` (see
 * {@link PowerPrediction}). Independent of the replica count: the same requests are served however
 * many replicas share them.
 */
export function dynamicStagePowerW(v: VariantProfile, b: number, lambdaRps: number, node: NodePowerSpec, maxWaitMs?: number): number {
  if (lambdaRps <= 0) return 0;
  const k = maxWaitMs === undefined ? b : Math.min(b, 1 + (lambdaRps * maxWaitMs) / 1000);
  const e =
    batchEnergyJ(v, k) ??
    (node.maxW - node.idleW) * curveShare(node.curve, Math.min(1, v.cores / node.cores)) * (latencyMs(v, k) / 1000);
  return (lambdaRps / k) * e;
}

/**
 * The smallest replica count `n >= min` with `n * thr >= lambda`, exact under floating point (the
 * same comparison the constraint checker makes).
 */
export function replicasFor(lambdaRps: number, thr: number, min = 1): number {
  if (lambdaRps <= 0) return min;
  let n = Math.max(min, Math.ceil(lambdaRps / thr));
  while (n > min && (n - 1) * thr >= lambdaRps) n--;
  while (n * thr < lambdaRps) n++;
  return n;
}

/**
 * The batch-wait term of the SLA check.
 *
 * - `fill` (default): the paper's term, the time to fill a batch of `b` at `lambda`, `(b - 1) /
 *   lambda`, added to each stage's latency (capped at the serving system's max batch wait).
 * - `indicator-slack`: what IPA's code computes (`optimizer.py`, `gurobi_optmizer`: `func_q(b[stage,
 *   batch], arrival_rate)` summed over every stage, variant and batch, with `b` the one-hot batch
 *   indicator instead of the batch size): no fill time for the chosen batch, and `-1 / lambda` for
 *   every (variant, batch) pair not chosen, i.e. the SLA grows by `sum over stages of variants x
 *   (batch sizes - 1) / lambda`. It only differs where more than one batch size is allowed (IPA's
 *   video pipeline, batching cap 8), and it shaped IPA's video figures.
 */
export type BatchWaitTerm = 'fill' | 'indicator-slack';

/** The batch-wait terms, for option validation. */
export const batchWaitTerms: readonly BatchWaitTerm[] = ['fill', 'indicator-slack'];

/**
 * The SLA slack IPA's code grants (ms): `sum_s V_s (B - 1) / lambda`, with `V_s` the variants of stage
 * `s` and `B` the distinct batch sizes allowed (`indicator-slack` of {@link BatchWaitTerm}); 0 at no load.
 */
export function indicatorSlackMs(pipeline: PipelineProfile, lambdaRps: number, batchingCap?: number): number {
  return lambdaRps > 0 ? (unchosenBatchPairs(pipeline, batchingCap) / lambdaRps) * 1000 : 0;
}

/** `sum_s V_s (B - 1)`: the (variant, batch) pairs IPA's indicator term counts as not chosen. */
function unchosenBatchPairs(pipeline: PipelineProfile, batchingCap?: number): number {
  const sizes = new Set<number>();
  for (const st of pipeline.stages) for (const v of st.variants) for (const b of profiledBatches(v)) if (batchingCap === undefined || b <= batchingCap) sizes.add(b);
  const unchosen = Math.max(0, sizes.size - 1);
  let pairs = 0;
  for (const st of pipeline.stages) pairs += st.variants.length * unchosen;
  return pairs;
}

/**
 * The batch-wait term in ms: the time to fill a batch of `b` at `lambda` requests/s, `(b - 1) /
 * lambda`, capped at `maxWaitMs` when given. This is the term IPA intended; IPA's code applies it to
 * the one-hot batch indicator instead of the batch size, which makes the term a negative constant
 * and loosens the SLA: that is `batchWaitTerm: 'indicator-slack'` (`indicatorSlackMs`).
 */
export function batchWaitMs(b: number, lambdaRps: number, maxWaitMs?: number): number {
  if (b <= 1) return 0;
  const fill = lambdaRps > 0 ? ((b - 1) / lambdaRps) * 1000 : maxWaitMs ?? 0;
  return maxWaitMs === undefined ? fill : Math.min(fill, maxWaitMs);
}

/**
 * The option of a candidate at load `lambda`, or `undefined` when its replica bounds cannot sustain
 * it. A candidate with `idleWPerCore` adds the idle power of the cores its replicas hold to its power.
 */
export function optionFor(c: StageCandidate, lambdaRps: number): StageOption | undefined {
  const replicas = replicasFor(lambdaRps, c.throughputRps, c.minReplicas);
  if (replicas > c.maxReplicas) return undefined;
  const cores = replicas * c.coresPerReplica;
  return withReplicas(c, replicas, cores, c.idleWPerCore ? c.powerW + cores * c.idleWPerCore : c.powerW);
}

/**
 * `c` as an option with `replicas`: a copy written field by field (an object spread of a candidate
 * cost a third of a decision's time when options were built that way).
 */
function withReplicas(c: StageCandidate, replicas: number, cores: number, powerW: number): StageOption {
  const o: StageOption = {
    variant: c.variant,
    variantIndex: c.variantIndex,
    batch: c.batch,
    latencyMs: c.latencyMs,
    queueMs: c.queueMs,
    throughputRps: c.throughputRps,
    coresPerReplica: c.coresPerReplica,
    accuracy: c.accuracy,
    powerW,
    minReplicas: c.minReplicas,
    maxReplicas: c.maxReplicas,
    replicas,
    cores,
  };
  if (c.idleWPerCore !== undefined) o.idleWPerCore = c.idleWPerCore;
  return o;
}

/** The parameters of a problem that change from one decision to the next. */
export type LoadParams = Pick<ProblemParams, 'lambdaRps' | 'totalCores' | 'current'>;

/** What a {@link problemBuilder} fixes once: every parameter but the load-dependent ones. */
export type FixedParams = Omit<ProblemParams, keyof LoadParams>;

/**
 * The load-independent part of one (variant, batch) candidate, computed once per policy: profile
 * interpolation, margins and rank normalisation do not depend on the load. @internal
 */
export interface CandidateTemplate {
  v: VariantProfile;
  variantIndex: number;
  batch: number;
  /** p99 latency times the latency margin factor, ms (the SLA term before the batch wait). */
  p99Ms: number;
  throughputRps: number;
  accuracy: number;
  /** `energyJ(b) / b` when the bare energy hook is used, else `undefined`. */
  energyPerRequestJ: number | undefined;
  minReplicas: number;
  maxReplicas: number;
}

/**
 * Builds allocation problems of one pipeline for the policy that decides over it: the candidate
 * table (per stage, variant and batch: p99 latency with margin, throughput, cores, accuracy term,
 * energy per request) is computed once, and each call only adds the load-dependent terms (batch
 * wait, power at the load, replica counts). `problemBuilder(pipeline, p)(p)` is exactly
 * `buildProblem(pipeline, p)`, to the bit.
 */
export function problemBuilder(pipeline: PipelineProfile, p: FixedParams): (load: LoadParams) => AllocationProblem {
  const { tables, candidateAt, slaAt } = candidateTables(pipeline, p);
  return (load) => {
    const lambdaRps = load.lambdaRps;
    const stages: ProblemStage[] = pipeline.stages.map((stage, s) => {
      const table = tables[s];
      const candidates: StageCandidate[] = new Array(table.length);
      const options: StageOption[] = [];
      for (let i = 0; i < table.length; i++) {
        const c = candidateAt(table[i], lambdaRps);
        candidates[i] = c;
        const o = optionFor(c, lambdaRps);
        if (o) options.push(o);
      }
      return { name: stage.name, candidates, options };
    });
    return {
      stages,
      lambdaRps,
      slaMs: slaAt(lambdaRps),
      totalCores: load.totalCores ?? Infinity,
      weights: p.weights,
      accuracyMethod: p.accuracyMethod,
      current: load.current,
    };
  };
}

/** What a {@link problemBuilder} computes once, and its per-load terms. @internal */
export interface CandidateTables {
  /** Per stage, its (variant, batch) templates in candidate order. */
  tables: CandidateTemplate[][];
  /** The candidate of a template at a load. */
  candidateAt: (t: CandidateTemplate, lambdaRps: number) => StageCandidate;
  /** The SLA the problem at a load checks against. */
  slaAt: (lambdaRps: number) => number;
  /** A candidate's batch-wait term at a load (its `queueMs`). */
  queueAt: (t: CandidateTemplate, lambdaRps: number) => number;
  /** A candidate's power at a load (its `powerW`, before an option adds its cores' idle power). */
  powerAt: (t: CandidateTemplate, lambdaRps: number) => number;
  /** Idle power per allocated core an option adds (`idleWPerCore`), if any. */
  idleWPerCore: number | undefined;
}

/** The candidate table of a {@link problemBuilder} and its per-load terms. @internal */
export function candidateTables(pipeline: PipelineProfile, p: FixedParams): CandidateTables {
  const latencyFactor = 1 + (p.latencyMarginPct ?? 0) / 100;
  const throughputFactor = 1 + (p.throughputMarginPct ?? 0) / 100;
  const delta = p.weights.delta ?? 0;
  const power = delta > 0 ? p.power : undefined;
  const idleWPerCore = power?.idleWPerCore ? power.idleWPerCore : undefined;
  // IPA's code's batch-wait term: no fill time, and the SLA loosened by pairs / lambda.
  const indicatorPairs = p.batchWaitTerm === 'indicator-slack' ? unchosenBatchPairs(pipeline, p.batchingCap) : undefined;
  const tables: CandidateTemplate[][] = pipeline.stages.map((stage, s) => {
    const ranks = p.normalizeAccuracy ? rankNormalisedAccuracies(stage) : undefined;
    const frozenVariant = p.frozenVariants?.[s];
    const frozenReplicas = p.frozenReplicas?.[s];
    const cap = (typeof p.throughputCapRps === 'number' ? p.throughputCapRps : p.throughputCapRps?.[s]) ?? Infinity;
    const out: CandidateTemplate[] = [];
    stage.variants.forEach((v, vi) => {
      if (frozenVariant !== undefined && v.name !== frozenVariant) return;
      const profiled = profiledBatches(v);
      let batches = p.batchingCap === undefined ? profiled : profiled.filter((b) => b <= p.batchingCap!);
      // A variant profiled only above the cap still runs at its smallest size, rather than vanish.
      if (batches.length === 0) batches = [profiled[0]];
      for (const b of batches) {
        const energy = delta > 0 && !p.power ? batchEnergyJ(v, b) : undefined;
        out.push({
          v,
          variantIndex: vi,
          batch: b,
          p99Ms: latencyP99Ms(v, b) * latencyFactor,
          throughputRps: Math.min(throughputRps(v, b), cap) * throughputFactor,
          accuracy: ranks ? ranks[vi] : v.accuracy,
          energyPerRequestJ: energy === undefined ? undefined : energy / b,
          minReplicas: frozenReplicas ?? 1,
          maxReplicas: frozenReplicas ?? p.scalingCap,
        });
      }
    });
    return out;
  });
  const queueAt = (t: CandidateTemplate, lambdaRps: number) => (indicatorPairs === undefined ? batchWaitMs(t.batch, lambdaRps, p.maxBatchWaitMs) : 0);
  const powerAt = (t: CandidateTemplate, lambdaRps: number) =>
    power ? dynamicStagePowerW(t.v, t.batch, lambdaRps, power.node, p.maxBatchWaitMs) : t.energyPerRequestJ === undefined ? 0 : t.energyPerRequestJ * lambdaRps;
  const candidateAt = (t: CandidateTemplate, lambdaRps: number): StageCandidate => {
    const queueMs = queueAt(t, lambdaRps);
    const c: StageCandidate = {
      variant: t.v.name,
      variantIndex: t.variantIndex,
      batch: t.batch,
      latencyMs: t.p99Ms + queueMs,
      queueMs,
      throughputRps: t.throughputRps,
      coresPerReplica: t.v.cores,
      accuracy: t.accuracy,
      powerW: powerAt(t, lambdaRps),
      minReplicas: t.minReplicas,
      maxReplicas: t.maxReplicas,
    };
    if (idleWPerCore !== undefined) c.idleWPerCore = idleWPerCore;
    return c;
  };
  const slaAt = (lambdaRps: number) => (indicatorPairs === undefined || !(lambdaRps > 0) ? p.slaMs : p.slaMs + (indicatorPairs / lambdaRps) * 1000);
  return { tables, candidateAt, slaAt, queueAt, powerAt, idleWPerCore };
}

/**
 * Builds the allocation problem of a pipeline at a predicted load: per stage, every allowed
 * (variant, batch) as a candidate, and the load-sustaining ones as options with
 * `n = ceil(lambda / thr)` replicas. Policies that decide repeatedly use {@link problemBuilder},
 * which computes the load-independent table once.
 */
export function buildProblem(pipeline: PipelineProfile, p: ProblemParams): AllocationProblem {
  return problemBuilder(pipeline, p)(p);
}

export { rankNormalisedAccuracies };
