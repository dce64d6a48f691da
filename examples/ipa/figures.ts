/**
 * IPA's paper figures (Ghafouri et al., JSys 2024, Figs. 8-16) rebuilt on the simulator: the runs
 * each figure needs, its values as rows, and a Vega-Lite spec per figure (`run.ts` renders them to
 * SVG with `renderSvg`). Which IPA configuration each figure follows is said at its function.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ipaRunOptions, plan, simulate, type PipelineProfile, type SimulationResult } from 'infersim';
import { scenarioOf } from './experiment.js';
import { stepCost, stepPAS, type FigureCostFormula } from './figure-metrics.js';

/** IPA's adaptation interval (s): Figs. 8-12 plot one point per interval. */
export const ADAPTATION_S = 10;

/** One adaptation interval of one run (Figs. 8-12). */
export interface IntervalRow {
  pipeline: string;
  workload: string;
  policy: string;
  t: number;
  cores: number;
  /** The cost IPA's figure plots for the configuration in force at the interval's start (`figure-metrics.ts`), when asked for. */
  plottedCores?: number;
  /** Mean PAS of the requests completed in the interval (NaN when none). */
  accuracy: number;
  /** The PAS IPA's figure plots for the configuration in force at the interval's start (`figure-metrics.ts`), when asked for. */
  plottedAccuracy?: number;
}

/**
 * Folds a run's per-second series into adaptation intervals: cores averaged over the seconds, PAS
 * weighted by the requests completed in each second; with `plotted`, also the cost and the PAS IPA's
 * figure plots for the decision in force at each interval's start.
 */
export function intervalRows(pipeline: string, workload: string, policy: string, r: SimulationResult, warmupS: number, plotted?: { profile: PipelineProfile; formula: FigureCostFormula }): IntervalRow[] {
  const s = r.series;
  let d = 0;
  const per = Math.max(1, Math.round(ADAPTATION_S / s.intervalS));
  const rows: IntervalRow[] = [];
  for (let i = 0; i + per <= s.t.length; i += per) {
    if (s.t[i] < warmupS) continue;
    let cores = 0;
    let acc = 0;
    let n = 0;
    for (let j = i; j < i + per; j++) {
      cores += s.cores[j];
      if (s.completed[j] > 0 && Number.isFinite(s.accuracy[j])) {
        acc += s.accuracy[j] * s.completed[j];
        n += s.completed[j];
      }
    }
    const row: IntervalRow = { pipeline, workload, policy, t: s.t[i], cores: cores / per, accuracy: n > 0 ? acc / n : NaN };
    if (plotted) {
      while (d + 1 < r.decisions.length && r.decisions[d + 1].t <= s.t[i]) d++;
      row.plottedCores = stepCost(r.decisions[d].config, plotted.profile, plotted.formula);
      row.plottedAccuracy = stepPAS(r.decisions[d].config, plotted.profile);
    }
    rows.push(row);
  }
  return rows;
}

/** The per-second p99 latencies (ms) of a run after warm-up, seconds without completions left out (Fig. 15). */
export function perSecondP99(r: SimulationResult, warmupS: number): number[] {
  const s = r.series;
  const out: number[] = [];
  for (let i = 0; i < s.t.length; i++) if (s.t[i] >= warmupS && s.completed[i] > 0 && Number.isFinite(s.p99LatencyMs[i])) out.push(s.p99LatencyMs[i]);
  return out;
}

/** The empirical CDF of `values` as (value, share <= value) rows, thinned to at most `points` rows plus the last. */
export function cdfRows(values: readonly number[], points = 200): { value: number; share: number }[] {
  const v = [...values].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(v.length / points));
  const rows: { value: number; share: number }[] = [];
  for (let i = 0; i < v.length; i += step) rows.push({ value: v[i], share: (i + 1) / v.length });
  if (v.length && rows[rows.length - 1].share < 1) rows.push({ value: v[v.length - 1], share: 1 });
  return rows;
}

// ---- Fig. 13: decision time against pipeline size -------------------------------------------

/**
 * A synthetic pipeline of `stages` stages with `variants` variants each (batch sizes 1-8), for the
 * solver-time figure. IPA's `gurobi-scalability-analysis.yaml` sweeps 1-10 tasks and 1-20 models per
 * task on generated profiles the same way; the numbers below only need to give the solver a
 * non-trivial trade-off (accuracy rises, cores and latency rise with the variant index).
 */
export function syntheticPipeline(stages: number, variants: number): PipelineProfile {
  return {
    name: `synthetic-${stages}x${variants}`,
    slaMs: 1500 * stages,
    stages: Array.from({ length: stages }, (_, s) => ({
      name: `task${s}`,
      variants: Array.from({ length: variants }, (_, v) => ({
        name: `v${v}`,
        accuracy: 0.5 + (0.45 * v) / Math.max(1, variants - 1),
        cores: 1 + (v % 4),
        latencyMs: { 1: 50 + 20 * v, 2: 80 + 35 * v, 4: 140 + 60 * v, 8: 250 + 110 * v },
      })),
    })),
  };
}

/** One solve of Fig. 13. */
export interface DecisionRow {
  stages: number;
  variants: number;
  /** Median wall time of the solve over the repeats, ms. */
  decisionMs: number;
}

/**
 * IPA's decision time against pipeline size (Fig. 13): the exact solver on synthetic pipelines of
 * 1-10 stages x 1-20 variants (the ranges of IPA's scalability config), median of `repeats` solves.
 */
export async function decisionTimes(stageCounts: readonly number[], variantCounts: readonly number[], repeats = 3): Promise<DecisionRow[]> {
  const rows: DecisionRow[] = [];
  for (const n of stageCounts) {
    for (const m of variantCounts) {
      const p = syntheticPipeline(n, m);
      const times: number[] = [];
      for (let k = 0; k < repeats; k++) times.push((await plan(p, { rps: 20, policy: { name: 'ipa', alpha: 2, beta: 1, gamma: 1e-6, batchingCap: 8 } })).solveMs);
      times.sort((a, b) => a - b);
      rows.push({ stages: n, variants: m, decisionMs: times[Math.floor(times.length / 2)] });
    }
  }
  return rows;
}

// ---- Fig. 14: objective preferences -----------------------------------------------------------

/**
 * The (alpha, beta) pairs of IPA's objective-preference runs on video, `data/configs/final/
 * accuracy-video-{1..4}.yaml` (alpha 2 / beta 0.5, 2 / 1, 0.5 / 2; files 3 and 4 repeat the last),
 * all with the sum of rank-normalised accuracies, batching cap 8 and the bursty trace.
 */
export const PREFERENCES = [
  { alpha: 2, beta: 0.5 },
  { alpha: 2, beta: 1 },
  { alpha: 0.5, beta: 2 },
] as const;

/** One run of Fig. 14. */
export interface PreferenceRow {
  alpha: number;
  beta: number;
  cores: number;
  accuracy: number;
}

/** The summary of IPA's run of the experiment on (pipeline, workload) with `options` changed. */
async function ipaRunWith(pipeline: string, workload: string, options: Record<string, unknown>, minutes: number, seed: number) {
  const sc = scenarioOf(pipeline, workload, 'ipa', seed, minutes);
  return (await simulate({ ...sc, policy: { ...(sc.policy as { name: string }), ...options } })).summary;
}

/** Fig. 14: IPA on video under each objective preference (bursty, as IPA's configs). */
export async function preferenceRuns(minutes: number, seed = 1): Promise<PreferenceRow[]> {
  const rows: PreferenceRow[] = [];
  for (const w of PREFERENCES) {
    const s = await ipaRunWith('video', 'bursty', { alpha: w.alpha, beta: w.beta, accuracyMethod: 'sum', normalizeAccuracy: true }, minutes, seed);
    rows.push({ alpha: w.alpha, beta: w.beta, cores: s.costCores, accuracy: s.accuracy });
  }
  return rows;
}

// ---- Fig. 16: predictor ablation ------------------------------------------------------------

/**
 * The pipelines and predictors of IPA's ablation (`data/configs/final/predictor-<pipeline>-*.yaml`
 * with the LSTM, `predictor-1-<pipeline>-*.yaml` with the reactive predictor; video, audio-qa,
 * audio-sent and sum-qa, no nlp), on the fluctuating trace of `predictor-1-video-1.yaml`.
 */
export const ABLATION_PIPELINES = ['video', 'audio-qa', 'audio-sent', 'sum-qa'] as const;
export const ABLATION_PREDICTORS = ['lstm', 'reactive'] as const;

/** One run of Fig. 16. */
export interface AblationRow {
  pipeline: string;
  predictor: string;
  cores: number;
  accuracy: number;
  slaViolationRate: number;
}

/** Fig. 16: IPA with its LSTM predictor against the reactive one. */
export async function ablationRuns(minutes: number, seed = 1): Promise<AblationRow[]> {
  const rows: AblationRow[] = [];
  for (const pipeline of ABLATION_PIPELINES) {
    const marginPct = (ipaRunOptions(pipeline).predictor as { marginPct: number }).marginPct;
    for (const predictor of ABLATION_PREDICTORS) {
      const s = await ipaRunWith(pipeline, 'fluctuating', { predictor: { type: predictor, marginPct } }, minutes, seed);
      rows.push({ pipeline, predictor, cores: s.costCores, accuracy: s.accuracy, slaViolationRate: s.slaViolationRate });
    }
  }
  return rows;
}

// ---- Vega-Lite specs ------------------------------------------------------------------------

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const POLICY_COLORS = { domain: ['ipa', 'fa2-low', 'fa2-high', 'rim'], range: ['#d7191c', '#a1dab4', '#41b6c4', '#253494'] };

/**
 * Figs. 8-12, one pipeline: cost and PAS per adaptation interval, one column per workload. Cost and
 * PAS are the ones IPA's figure plots (`plottedCores`, `plottedAccuracy`: per 10 s decision) where
 * every row has them, else the cores allocated and the PAS of the requests completed.
 */
export function e2eSpec(pipeline: string, figure: number, rows: readonly IntervalRow[]): TopLevelSpec {
  const mine = rows.filter((r) => r.pipeline === pipeline);
  const plotted = mine.length > 0 && mine.every((r) => r.plottedCores !== undefined);
  const plottedPas = mine.length > 0 && mine.every((r) => r.plottedAccuracy !== undefined);
  const pas = (r: IntervalRow) => (plottedPas ? r.plottedAccuracy! : r.accuracy);
  const values = mine.map((r) => ({ ...r, cores: plotted ? r.plottedCores : r.cores, accuracy: Number.isFinite(pas(r)) ? pas(r) * 100 : null }));
  const panel = (field: 'cores' | 'accuracy', title: string) => ({
    mark: { type: 'line' as const, strokeWidth: 1.2 },
    encoding: {
      x: { field: 't', type: 'quantitative' as const, title: 'time (s)' },
      y: { field, type: 'quantitative' as const, title },
      color: { field: 'policy', type: 'nominal' as const, scale: POLICY_COLORS },
    },
  });
  return {
    $schema: SCHEMA,
    title: `Fig. ${figure}: ${pipeline} (simulated)`,
    data: { values },
    facet: { column: { field: 'workload', type: 'nominal', title: null } },
    spec: { vconcat: [{ width: 220, height: 120, ...panel('cores', plotted ? "cost (cores, as IPA's figure)" : 'cost (cores)') }, { width: 220, height: 120, ...panel('accuracy', plottedPas ? "PAS x 100 (as IPA's figure)" : 'PAS x 100') }] },
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Fig. 13: decision time against the number of stages, one line per variant count. */
export function decisionSpec(rows: readonly DecisionRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Fig. 13: IPA decision time vs pipeline size (exact solver)',
    width: 420,
    height: 240,
    data: { values: rows as unknown as Record<string, unknown>[] },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'stages', type: 'quantitative', title: 'stages' },
      y: { field: 'decisionMs', type: 'quantitative', title: 'decision time (ms)' },
      color: { field: 'variants', type: 'ordinal', title: 'variants per stage' },
    },
  };
}

/** Fig. 14: cost and PAS per objective preference. */
export function preferenceSpec(rows: readonly PreferenceRow[]): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, weights: `a=${r.alpha}, b=${r.beta}`, pas: r.accuracy * 100 }));
  const bar = (field: string, title: string) => ({
    width: 200,
    height: 180,
    mark: 'bar' as const,
    encoding: { x: { field: 'weights', type: 'nominal' as const, title: null, sort: null }, y: { field, type: 'quantitative' as const, title } },
  });
  return { $schema: SCHEMA, title: 'Fig. 14: objective preferences (video, bursty)', data: { values }, hconcat: [bar('cores', 'cost (cores)'), bar('pas', 'PAS x 100')] } as TopLevelSpec;
}

/** Fig. 15: CDF of per-second p99 latency, one panel per pipeline, one line per policy. */
export function cdfSpec(rows: readonly { pipeline: string; policy: string; value: number; share: number }[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Fig. 15: per-second p99 latency CDF (all workloads)',
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: { column: { field: 'pipeline', type: 'nominal', title: null } },
    spec: {
      width: 160,
      height: 160,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: 'p99 latency (ms)' },
        y: { field: 'share', type: 'quantitative', title: 'CDF' },
        color: { field: 'policy', type: 'nominal', scale: POLICY_COLORS },
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Fig. 16: predictor ablation, cost and SLA violations per pipeline. */
export function ablationSpec(rows: readonly AblationRow[]): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, violationsPct: r.slaViolationRate * 100 }));
  const bar = (field: string, title: string) => ({
    width: 220,
    height: 180,
    mark: 'bar' as const,
    encoding: {
      x: { field: 'pipeline', type: 'nominal' as const, title: null },
      xOffset: { field: 'predictor', type: 'nominal' as const },
      y: { field, type: 'quantitative' as const, title },
      color: { field: 'predictor', type: 'nominal' as const },
    },
  });
  return { $schema: SCHEMA, title: 'Fig. 16: predictor ablation (fluctuating)', data: { values }, hconcat: [bar('cores', 'cost (cores)'), bar('violationsPct', 'SLA violations (%)')] } as TopLevelSpec;
}
