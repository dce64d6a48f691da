/**
 * The "Cost (cores)" and the PAS IPA's revised figures plot, computed from a run's decisions the way
 * IPA's figure notebooks computed them from its adaptation logs: one value per 10 s adaptation step
 * for the configuration in force, not per request. The paper's per-pipeline numbers we compare with
 * (`paper-values.json`) were read off those figures, so they are compared with these, not with the
 * simulator's time-average allocation (`summary.costCores`) or request-weighted PAS
 * (`summary.accuracy`).
 *
 * Cost:
 * What the notebooks do (reconfigurable-ml-pipeline/ipa@09c263a,
 * `experiments/runner/notebooks/paper-revision-fig{8..12}-e2e-*.ipynb`, the cell after "map
 * accuracies" that builds `final_dict`): per 10 s adaptation step of the log
 * (`experiments/utils/parser.py` `AdaptationParser.series_changes`: each node's `replicas` and
 * `cpu`, the cores of one replica, which `optimizer/models.py` `Task.model_switch` resets to the
 * variant's base allocation), `replica_changes[total]` = the sum of the nodes' replicas and
 * `core_changes[total]` = the sum of the nodes' per-replica cores; then
 *
 * - figs. 9-12 (audio-qa, audio-sent, sum-qa, nlp): `total_core_changes[total]` = the sum over nodes
 *   of replicas x cores (their loop skips the `total` key and adds the per-node products), the
 *   cores allocated: {@link FigureCostFormula} `stage-sum`;
 * - fig. 8 (video, `paper-revision-fig8-e2e-video.ipynb` cell 10): the same loop without the skip,
 *   so `total_core_changes[total]` = `replica_changes[total] x core_changes[total]` = (sum of
 *   replicas) x (sum of one replica's cores per node), which `draw_temporal_final4` plots with
 *   `selection: ["total"]`: `replica-sum-times-core-sum`. With video's 1-core replicas that is twice
 *   the cores allocated, which is the "video replicas cost about half the cores of the paper's
 *   end-to-end runs" of issue 10.
 *
 * PAS (the same notebooks, as an independent review of IPA's repository read them; figs. 9-12
 * @6b58d1a / @09c263a / @bccf739): per adaptation step, `10**2 * math.prod(...)` of the raw
 * accuracies of the variants configured at that step, looked up by name in `accuracies.yaml`
 * (`map_accuracy = True`), plotted as "PAS . 10^2"; fig. 10 (audio-sent) first rewrites the speech
 * models' stored negative WER as `100 + accuracy`; fig. 8 (video) takes the per-stage `accuracy`
 * of the log, raw since video runs `normalize_accuracy: False`. {@link stepPAS} is that product over
 * the profile's `accuracy` of each configured variant: the yaml value as a fraction (percent / 100;
 * the speech models (100 - WER) / 100, fig. 10's `100 + accuracy` over 100). The notebooks' numbers
 * are therefore ours times 10^2 and times 100 per stage whose yaml value is a percentage, a constant
 * per pipeline that changes no order and no ratio between systems; we report the fraction (and plot
 * it x 100, as the notebooks' axis label says).
 *
 * @module
 */
import { bundledPipelines, type PipelineConfig, type PipelineProfile, type Scenario, type SimulationResult } from 'infersim';

/**
 * How one adaptation step's cost is formed from the stages' replicas `n_s` and per-replica cores
 * `c_s`: `stage-sum` = sum_s n_s c_s (the cores allocated); `replica-sum-times-core-sum` =
 * (sum_s n_s) (sum_s c_s) (IPA's fig. 8 notebook).
 */
export type FigureCostFormula = 'stage-sum' | 'replica-sum-times-core-sum';

/** The formula of each pipeline's revised figure, with where it is read. */
export const FIGURE_COST_FORMULA: Readonly<Record<string, { formula: FigureCostFormula; source: string }>> = {
  video: { formula: 'replica-sum-times-core-sum', source: 'paper-revision-fig8-e2e-video.ipynb cell 10 (total = sum of replicas x sum of per-replica cores)' },
  'audio-qa': { formula: 'stage-sum', source: 'paper-revision-fig9-e2e-audio-qa.ipynb cell 11 (total = sum over nodes of replicas x cores)' },
  'audio-sent': { formula: 'stage-sum', source: 'paper-revision-fig10-e2e-audio-sent.ipynb cell 11 (total = sum over nodes of replicas x cores)' },
  'sum-qa': { formula: 'stage-sum', source: 'paper-revision-fig11-e2e-sum-qa.ipynb cell 11 (total = sum over nodes of replicas x cores)' },
  nlp: { formula: 'stage-sum', source: 'paper-revision-fig12-e2e-nlp.ipynb cell 11 (total = sum over nodes of replicas x cores)' },
};

/** IPA's adaptation interval, s: one log step (and one plotted point) per interval. */
export const LOG_STEP_S = 10;

/** The variant a deployment of stage `i` names, or a clear error. */
function variantOf(profile: PipelineProfile, i: number, name: string, caller: string) {
  const v = (profile.stages[i]?.variants ?? []).find((x) => x.name === name);
  if (!v) throw new Error(`${caller}: stage ${i} has no variant ${JSON.stringify(name)} in pipeline ${profile.name}`);
  return v;
}

/** The cost of one configuration under `formula`, with each variant's per-replica cores from `profile`. */
export function stepCost(config: PipelineConfig, profile: PipelineProfile, formula: FigureCostFormula): number {
  let replicas = 0;
  let cores = 0;
  let sum = 0;
  config.forEach((stage, i) => {
    // IPA's stages run one variant; a mix (not used by IPA's policies) counts each deployment.
    for (const d of [stage, ...(stage.mix ?? [])]) {
      const v = variantOf(profile, i, d.variant, 'stepCost');
      const c = (d.device && d.device !== 'cpu' ? v.devices?.[d.device]?.cores : undefined) ?? v.cores;
      replicas += d.replicas;
      cores += c;
      sum += d.replicas * c;
    }
  });
  return formula === 'stage-sum' ? sum : replicas * cores;
}

/**
 * The PAS IPA's figures plot for one configuration: the product over stages of the configured
 * variant's `accuracy` (raw, a fraction). A stage running a mix (not used by IPA's policies) counts
 * the replica-weighted mean accuracy of its deployments.
 */
export function stepPAS(config: PipelineConfig, profile: PipelineProfile): number {
  let pas = 1;
  config.forEach((stage, i) => {
    const ds = [stage, ...(stage.mix ?? [])];
    const replicas = ds.reduce((a, d) => a + d.replicas, 0);
    const acc = ds.map((d) => variantOf(profile, i, d.variant, 'stepPAS').accuracy);
    pas *= replicas > 0 ? ds.reduce((a, d, k) => a + d.replicas * acc[k], 0) / replicas : acc[0];
  });
  return pas;
}

/**
 * The mean over IPA's 10 s log steps in `[fromS, toS)` of `value` of the configuration in force at
 * each step (the last decision at or before it), as the figures plot it.
 */
export function perStepMean(decisions: SimulationResult['decisions'], fromS: number, toS: number, value: (config: PipelineConfig) => number, stepS = LOG_STEP_S, caller = 'perStepMean'): number {
  if (!decisions.length) throw new Error(`${caller}: the run has no decisions`);
  if (!(stepS > 0) || !(toS > fromS)) throw new Error(`${caller}: expected stepS > 0 and toS > fromS, got stepS ${stepS}, [${fromS}, ${toS})`);
  let total = 0;
  let n = 0;
  let d = 0;
  for (let t = Math.ceil(fromS / stepS) * stepS; t < toS; t += stepS) {
    while (d + 1 < decisions.length && decisions[d + 1].t <= t) d++;
    total += value(decisions[d].config);
    n++;
  }
  return n ? total / n : NaN;
}

/** The cost IPA's figure plots, averaged over the log steps in `[fromS, toS)` ({@link stepCost}). */
export function plottedCost(decisions: SimulationResult['decisions'], profile: PipelineProfile, fromS: number, toS: number, formula: FigureCostFormula, stepS = LOG_STEP_S): number {
  return perStepMean(decisions, fromS, toS, (c) => stepCost(c, profile, formula), stepS, 'plottedCost');
}

/** The PAS IPA's figure plots, averaged over the log steps in `[fromS, toS)` ({@link stepPAS}). */
export function plottedPAS(decisions: SimulationResult['decisions'], profile: PipelineProfile, fromS: number, toS: number, stepS = LOG_STEP_S): number {
  return perStepMean(decisions, fromS, toS, (c) => stepPAS(c, profile), stepS, 'plottedPAS');
}

/** The pipeline profile a scenario's `pipeline` field names or holds. */
export function profileOf(pipeline: Scenario['pipeline']): PipelineProfile {
  if (typeof pipeline !== 'string') return pipeline;
  const p = bundledPipelines[pipeline];
  if (!p) throw new Error(`profileOf: no bundled pipeline ${JSON.stringify(pipeline)}`);
  return p;
}

/** The formula IPA's figure used for `pipeline` (`stage-sum` for pipelines IPA did not plot). */
export function figureFormula(pipeline: string): FigureCostFormula {
  return FIGURE_COST_FORMULA[pipeline]?.formula ?? 'stage-sum';
}
