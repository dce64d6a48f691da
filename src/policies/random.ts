import { costProblems, plannedLoad, settleDecision, wallMs, type DecisionInfo, type PlanningPolicy } from './allocation-policy.js';
import { ipaDefaults, readPredictor } from './ipa-settings.js';
import { readOptions } from './options.js';
import { replicasFor } from './solvers/build.js';
import { evaluate } from './solvers/evaluate.js';
import type { StageOption } from './solvers/types.js';
import type { Observation, PipelineConfig, PolicyFactory } from './types.js';


/**
 * `random`: the OPD paper's Random baseline ("randomly selects configurations for each pipeline
 * task"), seeded. Each interval, per stage in order: a variant uniformly at random, then a batch size
 * uniformly among its profiled sizes up to `batchingCap`, then a replica count uniformly in
 * `[lo, hi]`, where `lo` is the count that sustains the predicted load (`sustainLoad`, default true)
 * or 1, and `hi = min(scalingCap, max(lo, ceil(lo * (1 + extraReplicasPct / 100))))`. Draws come
 * from `context.random`, the policy's own seeded stream, so runs repeat exactly.
 *
 * Options: `batchingCap` 8, `scalingCap` 100, `sustainLoad` true, `extraReplicasPct` 100,
 * `throughputMarginPct` 0, `predictor` (default IPA's LSTM), `initialRps` 0.
 *
 * What the paper leaves open and what we chose: its bounds (`F_max`, `B_max`) are unpublished; we
 * draw replicas between the load-sustaining count and twice it by default, so Random's cost varies
 * widely (as the paper reports) without being absurd. If the draw exceeds the cluster's cores,
 * replicas are lowered towards `lo`, stage by stage from the last; if that is not enough, the shared
 * fallback (maximum throughput within capacity) is used.
 */
export const randomPolicy: PolicyFactory = (options, context) => {
  const r = readOptions('random', options, [
    'batchingCap',
    'scalingCap',
    'sustainLoad',
    'extraReplicasPct',
    'throughputMarginPct',
    'predictor',
    'initialRps',
  ]);
  const batchingCap = r.number('batchingCap', ipaDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', ipaDefaults.scalingCap, { integer: true, min: 1 });
  const sustainLoad = r.boolean('sustainLoad', true);
  const extraReplicasPct = r.number('extraReplicasPct', 100, { min: 0 });
  const throughputMarginPct = r.number('throughputMarginPct', 0, { above: -100 });
  const initialRps = r.number('initialRps', 0, { min: 0 });
  const predictor = readPredictor(r);
  r.finish();
  const pipeline = context.pipeline;
  const rand = context.random;
  /** A uniform integer in [lo, hi]. */
  const uniform = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(rand() * (hi - lo + 1)));
  const problems = costProblems(context, { batchingCap, scalingCap, throughputMarginPct });
  let last: DecisionInfo | undefined;
  const policy: PlanningPolicy = {
    name: 'random',
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig {
      const t0 = wallMs();
      const lambdaRps = plannedLoad(predictor, obs, initialRps);
      const problem = problems(obs, lambdaRps);
      const lows: number[] = [];
      const picks: StageOption[] = problem.stages.map((st, s) => {
        const variants = pipeline.stages[s].variants;
        const v = variants[uniform(0, variants.length - 1)].name;
        const cands = st.candidates.filter((c) => c.variant === v);
        const c = cands[uniform(0, cands.length - 1)];
        const lo = Math.min(scalingCap, sustainLoad ? replicasFor(lambdaRps, c.throughputRps, 1) : 1);
        const hi = Math.min(scalingCap, Math.max(lo, Math.ceil(lo * (1 + extraReplicasPct / 100))));
        const replicas = uniform(lo, hi);
        lows.push(lo);
        return { ...c, replicas, cores: replicas * c.coresPerReplica };
      });
      const servedRps = Math.min(lambdaRps, ...picks.map((p) => p.replicas * p.throughputRps));
      let cores = evaluate(problem, picks).cores;
      for (let s = picks.length - 1; s >= 0 && cores > problem.totalCores; s--) {
        const p = picks[s];
        const fewer = Math.max(lows[s], p.replicas - Math.ceil((cores - problem.totalCores) / p.coresPerReplica));
        cores -= (p.replicas - fewer) * p.coresPerReplica;
        picks[s] = { ...p, replicas: fewer, cores: fewer * p.coresPerReplica };
      }
      last = settleDecision(problem, picks, obs, lambdaRps, servedRps, t0);
      return last.config;
    },
  };
  return policy;
};
