import { planningPolicy } from './allocation-policy.js';
import { ipaOptionKeys, readIpaSettings } from './ipa-settings.js';
import { readOptions } from './options.js';
import { createSolver } from './solvers/create-solver.js';
import type { PolicyFactory } from './types.js';

/**
 * `ipa`: IPA's integer program (Ghafouri et al., "IPA: Inference Pipeline Adaptation to achieve
 * high accuracy and cost-efficiency"), every adaptation interval:
 *
 * maximise `alpha * ACC - beta * sum_s cores(v_s) * n_s - gamma * sum_s b_s` over one variant
 * `v_s`, batch size `b_s <= batchingCap` and replica count `1 <= n_s <= scalingCap` per stage,
 * subject to `n_s * thr(v_s, b_s) >= lambda` (predicted load), `sum_s [p99(v_s, b_s) * (1 +
 * latencyMarginPct/100) + (b_s - 1) / lambda] <= SLA`, and the cluster's cores. ACC is the sum,
 * product or mean of raw or rank-normalised accuracies. Among optimal solutions the one closest to
 * the current configuration (fewest variant and batch changes) is taken.
 *
 * Options (defaults = the video pipeline in IPA's original paper): `alpha` 2, `beta` 1, `gamma`
 * 1e-6, `accuracyMethod` "sum" | "product" | "mean" ("sum"), `normalizeAccuracy` true,
 * `batchingCap` 8, `scalingCap` 100, `latencyMarginPct` 0, `throughputMarginPct` 0 (IPA used -50
 * for the NLP and audio pipelines), `throughputCapRps` none, `predictor` (name or spec; default IPA's LSTM, with its max
 * fallback until 120 s of history), `solver` "dp" | "glpk" | "bruteForce" ("dp"), `initialRps` 0.
 * Per-pipeline settings as IPA ran them: `ipaPipelineRuns` (`ipa-baselines.ts`).
 *
 * What the paper leaves open and what we chose:
 * - The batch-wait term is `(b - 1) / lambda` as intended, capped at the serving system's maximum
 *   batch wait; IPA's code multiplies by the batch's one-hot indicator instead of its size, which
 *   loosens the SLA, and we do not reproduce that.
 * - Throughput per replica is `b / latency(b)` (mean latency) times the margin; IPA used the peak
 *   throughput its profiler measured under a fixed offered load, which our profiles do not have
 *   separately. `throughputCapRps` (IPA's `profiling_load`, set by `ipaRunOptions`) reproduces the
 *   cap that load put on it.
 * - Replicas are `n = ceil(lambda / thr)`: with `beta >= 0` more never helps, so the program is
 *   solved as a multiple-choice knapsack, exactly (see the `dp` and `glpk` solvers).
 * - The cluster's core count is a constraint (IPA assumed enough cores). When nothing is feasible
 *   IPA kept its configuration; we take the fastest configuration within capacity, or the
 *   maximum-throughput one if the load cannot be served (see `fallback`), and report it in
 *   `lastDecision.status`.
 * - At t = 0 no load has been seen: we plan for `initialRps`.
 */
export const ipaPolicy: PolicyFactory = async (options, context) => {
  const r = readOptions('ipa', options, ipaOptionKeys);
  const settings = readIpaSettings(r, context);
  r.finish();
  return planningPolicy('ipa', settings, await createSolver(settings.solver), context);
};
