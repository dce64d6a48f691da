/**
 * The "Cost (cores)" IPA's revised figures plot, computed from a run's decisions the way IPA's figure
 * notebooks computed it from its adaptation logs. The paper's per-pipeline cost numbers we compare
 * with (`paper-values.json`) were read off those figures, so they are compared with this, not with
 * the simulator's time-average allocation (`summary.costCores`).
 *
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

/** The cost of one configuration under `formula`, with each variant's per-replica cores from `profile`. */
export function stepCost(config: PipelineConfig, profile: PipelineProfile, formula: FigureCostFormula): number {
  let replicas = 0;
  let cores = 0;
  let sum = 0;
  config.forEach((stage, i) => {
    const variants = profile.stages[i]?.variants ?? [];
    // IPA's stages run one variant; a mix (not used by IPA's policies) counts each deployment.
    for (const d of [stage, ...(stage.mix ?? [])]) {
      const v = variants.find((x) => x.name === d.variant);
      if (!v) throw new Error(`stepCost: stage ${i} has no variant ${JSON.stringify(d.variant)} in pipeline ${profile.name}`);
      const c = (d.device && d.device !== 'cpu' ? v.devices?.[d.device]?.cores : undefined) ?? v.cores;
      replicas += d.replicas;
      cores += c;
      sum += d.replicas * c;
    }
  });
  return formula === 'stage-sum' ? sum : replicas * cores;
}

/**
 * The mean over IPA's 10 s log steps in `[fromS, toS)` of {@link stepCost} of the configuration in
 * force at each step (the last decision at or before it), as the figures plot it.
 */
export function plottedCost(decisions: SimulationResult['decisions'], profile: PipelineProfile, fromS: number, toS: number, formula: FigureCostFormula, stepS = LOG_STEP_S): number {
  if (!decisions.length) throw new Error('plottedCost: the run has no decisions');
  if (!(stepS > 0) || !(toS > fromS)) throw new Error(`plottedCost: expected stepS > 0 and toS > fromS, got stepS ${stepS}, [${fromS}, ${toS})`);
  let total = 0;
  let n = 0;
  let d = 0;
  for (let t = Math.ceil(fromS / stepS) * stepS; t < toS; t += stepS) {
    while (d + 1 < decisions.length && decisions[d + 1].t <= t) d++;
    total += stepCost(decisions[d].config, profile, formula);
    n++;
  }
  return n ? total / n : NaN;
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
