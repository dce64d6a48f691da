import { createPredictor } from '../predictors/create.js';
import type { Predictor, PredictorSpec } from '../predictors/types.js';
import type { OptionReader } from './options.js';
import { batchWaitTerms, type BatchWaitTerm } from './solvers/build.js';
import { accuracyMethods, solverNames, type AccuracyMethod, type ObjectiveWeights, type SolverName } from './solvers/types.js';
import type { PolicyContext } from './types.js';

/** The options every IPA-family policy (ipa, fa2-low, fa2-high, rim) accepts. */
export const ipaOptionKeys = [
  'alpha',
  'beta',
  'gamma',
  'accuracyMethod',
  'normalizeAccuracy',
  'batchingCap',
  'scalingCap',
  'latencyMarginPct',
  'throughputMarginPct',
  'throughputCapRps',
  'predictor',
  'solver',
  'initialRps',
  'batchWaitTerm',
] as const;

/**
 * Defaults of the IPA family: the video pipeline's settings in IPA's original paper (alpha 2, beta 1,
 * gamma 1e-6, sum of rank-normalised accuracies, batching cap 8, scaling cap 100, no margins) and
 * IPA's LSTM load predictor.
 */
export const ipaDefaults = {
  alpha: 2,
  beta: 1,
  gamma: 1e-6,
  accuracyMethod: 'sum' as AccuracyMethod,
  normalizeAccuracy: true,
  batchingCap: 8,
  scalingCap: 100,
  latencyMarginPct: 0,
  throughputMarginPct: 0,
  predictor: { type: 'lstm' } as PredictorSpec,
  solver: 'dp' as SolverName,
  initialRps: 0,
  batchWaitTerm: 'fill' as BatchWaitTerm,
};

/** Validated settings of an IPA-family policy. */
export interface IpaSettings {
  weights: ObjectiveWeights;
  accuracyMethod: AccuracyMethod;
  normalizeAccuracy: boolean;
  batchingCap: number;
  scalingCap: number;
  latencyMarginPct: number;
  throughputMarginPct: number;
  /** Planned per-replica throughput cap, requests/s, all stages or per stage (IPA's profiling load); absent: none. */
  throughputCapRps?: number | number[];
  predictor: Predictor;
  solver: SolverName;
  /** Load assumed at a decision with no observed second yet (the first one, at t = 0). */
  initialRps: number;
  /** The SLA check's batch-wait term: the paper's `fill` (default) or IPA's code's `indicator-slack`. */
  batchWaitTerm: BatchWaitTerm;
}

/**
 * Reads the IPA-family options (see {@link ipaOptionKeys}) with `r`; problems are recorded in `r`
 * for its `finish()` to throw. A predictor may be given as a name (`"max"`) or a spec
 * (`{ "type": "max", "windowS": 120, "marginPct": 20 }`); its own errors surface at
 * `policy.predictor.<option>`.
 */
export function readIpaSettings(r: OptionReader, _context: PolicyContext): IpaSettings {
  const weights = {
    alpha: r.number('alpha', ipaDefaults.alpha, { min: 0 }),
    beta: r.number('beta', ipaDefaults.beta, { min: 0 }),
    gamma: r.number('gamma', ipaDefaults.gamma, { min: 0 }),
  };
  const accuracyMethod = r.oneOf('accuracyMethod', accuracyMethods, ipaDefaults.accuracyMethod);
  const normalizeAccuracy = r.boolean('normalizeAccuracy', ipaDefaults.normalizeAccuracy);
  const batchingCap = r.number('batchingCap', ipaDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', ipaDefaults.scalingCap, { integer: true, min: 1 });
  const latencyMarginPct = r.number('latencyMarginPct', ipaDefaults.latencyMarginPct, { above: -100 });
  const throughputMarginPct = r.number('throughputMarginPct', ipaDefaults.throughputMarginPct, { above: -100 });
  const throughputCapRps = readThroughputCap(r, _context.pipeline.stages.length);
  const solver = r.oneOf('solver', solverNames, ipaDefaults.solver);
  const initialRps = r.number('initialRps', ipaDefaults.initialRps, { min: 0 });
  const batchWaitTerm = r.oneOf('batchWaitTerm', batchWaitTerms, ipaDefaults.batchWaitTerm);
  const predictor = readPredictor(r);
  return {
    weights,
    accuracyMethod,
    normalizeAccuracy,
    batchingCap,
    scalingCap,
    latencyMarginPct,
    throughputMarginPct,
    ...(throughputCapRps === undefined ? {} : { throughputCapRps }),
    predictor,
    solver,
    initialRps,
    batchWaitTerm,
  };
}

/**
 * Reads `predictor` (name or spec), defaulting to IPA's LSTM. A bad spec is recorded in `r` and a
 * placeholder returned (never used: `r.finish()` throws).
 */
export function readPredictor(r: OptionReader, fallback: PredictorSpec = ipaDefaults.predictor): Predictor {
  const spec = r.value('predictor') ?? fallback;
  try {
    return createPredictor(spec as PredictorSpec | string);
  } catch (err) {
    r.adopt(err);
    return { name: 'invalid', predict: () => 0 };
  }
}

/**
 * Reads `throughputCapRps`: a load > 0 (every stage) or an array of one per stage. IPA's profiler
 * measured each variant's maximum throughput under a fixed offered load (`profiling_load`), so its
 * planner never saw a replica serve more than that load; this reproduces that cap.
 */
function readThroughputCap(r: OptionReader, stages: number): number | number[] | undefined {
  const v = r.value('throughputCapRps');
  if (v === undefined) return undefined;
  const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;
  if (ok(v)) return v as number;
  if (!Array.isArray(v) || v.length !== stages) {
    r.issue('throughputCapRps', `a load > 0 in requests/s, or an array of ${stages} (one per stage)`, v);
    return undefined;
  }
  let good = true;
  v.forEach((x, s) => {
    if (!ok(x)) {
      r.issue(`throughputCapRps[${s}]`, 'a number > 0 (requests/s)', x);
      good = false;
    }
  });
  return good ? (v as number[]) : undefined;
}
