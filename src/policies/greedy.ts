import { costProblems, plannedLoad, settleDecision, wallMs, type DecisionInfo, type PlanningPolicy } from './allocation-policy.js';
import { ipaDefaults, readPredictor } from './ipa-settings.js';
import { readOptions } from './options.js';
import type { StageOption } from './solvers/types.js';
import type { Observation, PipelineConfig, PolicyFactory } from './types.js';

/** `a` is the better greedy pick than `b`: fewer cores, then lower latency, then higher accuracy. */
function cheaper(a: StageOption, b: StageOption): boolean {
  if (a.cores !== b.cores) return a.cores < b.cores;
  if (a.latencyMs !== b.latencyMs) return a.latencyMs < b.latencyMs;
  return a.accuracy > b.accuracy;
}

/**
 * `greedy`: the OPD paper's Greedy baseline ("chooses the configuration for each pipeline task to
 * minimize costs while adhering to available resource constraints"). Each interval, stage by stage,
 * the (variant, batch, replicas) with the fewest cores among those that sustain the predicted load
 * (`replicas = ceil(lambda / thr)` within `scalingCap`).
 *
 * Options: `batchingCap` 8, `scalingCap` 100, `throughputMarginPct` 0, `latencyMarginPct` 0 (only
 * for tie-breaks), `predictor` (default IPA's LSTM), `initialRps` 0.
 *
 * What the paper leaves open and what we chose: ties go to the lower latency, then the higher
 * accuracy. The SLA is not a constraint (the paper's Greedy has poor QoS for that reason). When the
 * cheapest choices exceed the cluster's cores, the shared fallback (maximum throughput within
 * capacity) is used.
 */
export const greedyPolicy: PolicyFactory = (options, context) => {
  const r = readOptions('greedy', options, ['batchingCap', 'scalingCap', 'throughputMarginPct', 'latencyMarginPct', 'predictor', 'initialRps']);
  const batchingCap = r.number('batchingCap', ipaDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', ipaDefaults.scalingCap, { integer: true, min: 1 });
  const throughputMarginPct = r.number('throughputMarginPct', 0, { above: -100 });
  const latencyMarginPct = r.number('latencyMarginPct', 0, { above: -100 });
  const initialRps = r.number('initialRps', 0, { min: 0 });
  const predictor = readPredictor(r);
  r.finish();
  const problems = costProblems(context, { batchingCap, scalingCap, latencyMarginPct, throughputMarginPct });
  let last: DecisionInfo | undefined;
  const policy: PlanningPolicy = {
    name: 'greedy',
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig {
      const t0 = wallMs();
      const lambdaRps = plannedLoad(predictor, obs, initialRps);
      const problem = problems(obs, lambdaRps);
      let picks: StageOption[] | undefined = [];
      for (const st of problem.stages) {
        let best: StageOption | undefined;
        for (const o of st.options) if (!best || cheaper(o, best)) best = o;
        if (!best) {
          picks = undefined;
          break;
        }
        picks.push(best);
      }
      last = settleDecision(problem, picks, obs, lambdaRps, lambdaRps, t0);
      return last.config;
    },
  };
  return policy;
};
