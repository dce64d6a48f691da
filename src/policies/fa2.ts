import { costProblems, plannedLoad, settleDecision, wallMs, type DecisionInfo, type PlanningPolicy } from './allocation-policy.js';
import { mostAccurateVariant, readVariantList } from './frozen-knobs.js';
import { ipaDefaults, readPredictor } from './ipa-settings.js';
import { readOptions } from './options.js';
import type { AllocationProblem, StageOption } from './solvers/types.js';
import type { Observation, PipelineConfig, PolicyFactory } from './types.js';


/**
 * FA2's dynamic program over a discretised latency budget: `cost[s][t]` is the fewest cores for
 * stages 0..s whose latencies (rounded up to whole steps) total at most `t` steps; each stage picks
 * a batch size (and so its replicas). Rounding up keeps every answer within the SLA; ties go to the
 * lower exact latency. Returns the picks, or `undefined` when no choice fits the budget.
 */
export function fa2Program(problem: AllocationProblem, steps: number): StageOption[] | undefined {
  const S = problem.stages.length;
  const step = problem.slaMs / steps;
  const T = steps;
  // cost and exact latency of the best choice per (stage, budget); choice index for backtracking.
  let prevCost = new Float64Array(T + 1);
  let prevLat = new Float64Array(T + 1);
  const choice: Int32Array[] = [];
  for (let s = 0; s < S; s++) {
    const opts = problem.stages[s].options;
    const k = opts.map((o) => Math.max(0, Math.ceil(o.latencyMs / step)));
    const cost = new Float64Array(T + 1).fill(Infinity);
    const lat = new Float64Array(T + 1).fill(Infinity);
    const pick = new Int32Array(T + 1).fill(-1);
    for (let t = 0; t <= T; t++) {
      for (let o = 0; o < opts.length; o++) {
        if (k[o] > t) continue;
        const c = prevCost[t - k[o]] + opts[o].cores;
        const l = prevLat[t - k[o]] + opts[o].latencyMs;
        if (c < cost[t] || (c === cost[t] && l < lat[t])) {
          cost[t] = c;
          lat[t] = l;
          pick[t] = o;
        }
      }
    }
    choice.push(pick);
    prevCost = cost;
    prevLat = lat;
  }
  if (!(prevCost[T] < Infinity)) return undefined;
  const picks = new Array<StageOption>(S);
  let t = T;
  for (let s = S - 1; s >= 0; s--) {
    const o = choice[s][t];
    const opt = problem.stages[s].options[o];
    picks[s] = opt;
    t -= Math.max(0, Math.ceil(opt.latencyMs / step));
  }
  return picks;
}

/**
 * `fa2`: a reconstruction of the original FA2 (Razavi et al., "FA2: Fast, Accurate Autoscaling for
 * Serving Deep Learning Inference with SLA Guarantees", RTAS 2022), which has no public code. Not
 * to be confused with `fa2-low` / `fa2-high`, the IPA paper's use of its own program with frozen
 * variants.
 *
 * Each interval, with the variant of every stage fixed: for each stage and batch size `b`, one
 * replica sustains `b / latency(b)`, so `n = ceil(lambda / thr)` replicas cost `cores * n`; the
 * stage's latency is `p99(b) * (1 + latencyMarginPct/100) + (b - 1) / lambda` (batch wait capped at
 * the serving system's maximum). A dynamic program over stages on the SLA discretised into
 * `budgetSteps` steps splits the end-to-end SLA among stages and minimises total cores.
 *
 * Options: `variants` (one per stage; default the most accurate variant of each stage: FA2 serves
 * a given pipeline and does not switch models), `batchingCap` 8, `scalingCap` 100,
 * `latencyMarginPct` 0, `throughputMarginPct` 0, `budgetSteps` 1000, `predictor` (default IPA's
 * LSTM, for comparability), `initialRps` 0.
 *
 * What the paper leaves open and what we chose: the paper's graph transformation handles parallel
 * branches (max latency, summed cost); our pipelines are chains, so stages add. Latencies are
 * rounded up to whole budget steps, so an answer is always within the SLA and at most one step per
 * stage from optimal. Ties go to the lower latency. When nothing fits the SLA or the cluster, the
 * shared fallback of the IPA family is used.
 */
export const fa2Policy: PolicyFactory = (options, context) => {
  const r = readOptions('fa2', options, [
    'variants',
    'batchingCap',
    'scalingCap',
    'latencyMarginPct',
    'throughputMarginPct',
    'budgetSteps',
    'predictor',
    'initialRps',
  ]);
  const pipeline = context.pipeline;
  const variants = readVariantList(r, 'variants', pipeline) ?? pipeline.stages.map(mostAccurateVariant);
  const batchingCap = r.number('batchingCap', ipaDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', ipaDefaults.scalingCap, { integer: true, min: 1 });
  const latencyMarginPct = r.number('latencyMarginPct', 0, { above: -100 });
  const throughputMarginPct = r.number('throughputMarginPct', 0, { above: -100 });
  const budgetSteps = r.number('budgetSteps', 1000, { integer: true, min: 1, max: 1_000_000 });
  const initialRps = r.number('initialRps', 0, { min: 0 });
  const predictor = readPredictor(r);
  r.finish();
  const problems = costProblems(context, { batchingCap, scalingCap, latencyMarginPct, throughputMarginPct, frozenVariants: variants });
  let last: DecisionInfo | undefined;
  const policy: PlanningPolicy = {
    name: 'fa2',
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig {
      const t0 = wallMs();
      const lambdaRps = plannedLoad(predictor, obs, initialRps);
      const problem = problems(obs, lambdaRps);
      const picks = problem.stages.some((s) => s.options.length === 0) ? undefined : fa2Program(problem, budgetSteps);
      last = settleDecision(problem, picks, obs, lambdaRps, lambdaRps, t0);
      return last.config;
    },
  };
  return policy;
};
