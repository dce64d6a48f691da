import { quantile } from 'd3-array';
import { InputError } from '../errors.js';
import { resolvePipeline } from '../policies/plan.js';
import type { PipelineProfile, Provenance } from '../profiles/types.js';
import type { SimulationResult } from '../sim/result.js';
import type { Scenario } from '../sim/scenario.js';
import { simulate } from '../sim/simulate.js';
import { validateScenario } from '../sim/validate.js';
import { nelderMead } from './nelder-mead.js';
import { OBSERVED_METRICS, type ObservedMetric, type ObservedSeries } from './observed.js';
import { applyParameters, fromRange, resolveRanges, toRange, type CalibrationParameter, type ParameterRange, type ParameterValues } from './parameters.js';

/** What {@link calibrate} needs. */
export interface CalibrationOptions {
  /**
   * The run that was observed: pipeline (the profile to calibrate), policy, serving settings, cluster
   * and seed. `durationS` and `metrics.seriesIntervalS` are set from the observed series; the
   * workload is replaced by the observed `load` when the series has one.
   */
  scenario: Scenario;
  observed: ObservedSeries;
  /** Parameters to fit (see `CALIBRATION_PARAMETERS`). */
  parameters: readonly string[];
  /** Search range and starting point per parameter (defaults: `DEFAULT_RANGES`). */
  ranges?: Partial<Record<string, Partial<ParameterRange>>>;
  /** Share of the intervals, at the end, held back for validation (default 0.25; 0 for none). */
  holdout?: number;
  /** Intervals at the start left out of both errors (default: those ending by the scenario's warmupS). */
  skipIntervals?: number;
  /**
   * Simulations per evaluation, seeds `seed`, `seed + 1`, ... averaged (default 1). The same seeds
   * serve every evaluation (common random numbers), so the objective changes smoothly with the
   * parameters instead of jumping with the sampling noise.
   */
  replications?: number;
  /** Budget of objective evaluations (default 60 per parameter). */
  maxEvaluations?: number;
  /**
   * Cyclic coordinate scans before the simplex (default 2): the first puts each parameter on a
   * 7-point grid across its range, later ones on finer grids around the best point. Each costs
   * 7 evaluations per parameter; 0 starts the simplex at the initial values.
   */
  scans?: number;
  /** Weight of each metric in the objective (default 1 each). */
  weights?: Partial<Record<ObservedMetric, number>>;
  /** Where the observations came from, written into the calibrated profile's provenance. */
  source?: string;
  /** Called after each evaluation (progress). */
  onEvaluation?: (evaluation: number, objective: number, values: ParameterValues) => void;
}

/** How far simulated series are from observed ones over some intervals. */
export interface CalibrationError {
  /** The objective: weighted mean over metrics of the mean squared log ratio (simulated / observed). */
  objective: number;
  /** Per metric compared. */
  metrics: Partial<Record<ObservedMetric, MetricError>>;
}

/** The error of one metric. */
export interface MetricError {
  /** Intervals compared (observed value present and > 0). */
  intervals: number;
  /** Root mean square of (simulated / observed - 1); a missing simulated value counts as 1 (100%). */
  rmsRelative: number;
  /** Mean of |simulated / observed - 1|. */
  meanAbsRelative: number;
}

/** What {@link calibrate} found. */
export interface CalibrationResult {
  /** The fitted values. */
  parameters: ParameterValues;
  /** Error with the parameters' initial values (the profile as given, with the default ranges). */
  before: { fit: CalibrationError; heldOut?: CalibrationError };
  /** Error with the fitted values, on the fitted and on the held-back intervals. */
  fit: CalibrationError;
  heldOut?: CalibrationError;
  /** Intervals `[from, to)` fitted and held back. */
  fitIntervals: [number, number];
  heldOutIntervals?: [number, number];
  evaluations: number;
  /** False when the evaluation budget ran out before the simplex converged. */
  converged: boolean;
  /** The calibrated profile: the parameters applied, every changed field tagged derived: calibrated. */
  profile: PipelineProfile;
  /** Simulated series with the fitted values (first replication's `t`; metrics averaged), for plots. */
  simulated: Record<ObservedMetric, number[]> & { t: number[] };
}

/** Grid points per parameter in a coordinate scan. */
const SCAN_POINTS = 7;

/** A log ratio beyond 10x either way counts as 10x, so one empty interval cannot swamp the fit. */
const MAX_LOG_RATIO = Math.log(10);

/**
 * Fits the uncertain parameters of a pipeline's profile to per-interval series observed on a real
 * system: each evaluation simulates the observed run with candidate parameters and compares the
 * simulated series with the observed ones; a Nelder-Mead simplex (over a logistic map of each
 * parameter's range) minimises the error on the first part of the series, and the last part is held
 * back to validate the fit.
 *
 * @example
 * ```ts
 * const r = await calibrate({
 *   scenario: { seed: 1, durationS: 0, pipeline: 'video', workload: { type: 'poisson', rps: 1 },
 *               policy: { name: 'static', config: [...] } },
 *   observed: { intervalS: 10, t: [0, 10, ...], load: [...], p99LatencyMs: [...] },
 *   parameters: ['latencyScale', 'noiseCv'],
 * });
 * r.parameters; // { latencyScale: 1.18, noiseCv: 0.31 }
 * ```
 *
 * @throws {InputError} for a bad scenario, series, parameter list or option.
 */
export async function calibrate(options: CalibrationOptions): Promise<CalibrationResult> {
  const o = options;
  const s = o.observed;
  const n = s.t.length;
  const I = s.intervalS;
  const pipeline = resolvePipeline(o.scenario.pipeline, 'scenario.pipeline');
  const { names, ranges } = resolveRanges(pipeline, o.parameters, o.ranges);
  const holdout = o.holdout ?? 0.25;
  const warmupS = o.scenario.warmupS ?? 0;
  const skip = o.skipIntervals ?? Math.max(0, Math.min(n, Math.ceil(warmupS / I - 1e-9)));
  const replications = o.replications ?? 1;
  const issues = [];
  if (!(holdout >= 0 && holdout < 1)) issues.push({ path: 'holdout', expected: 'a share in [0, 1)', received: String(holdout) });
  if (!Number.isInteger(skip) || skip < 0 || skip >= n) issues.push({ path: 'skipIntervals', expected: `an integer in [0, ${n - 1}]`, received: String(skip) });
  if (!Number.isInteger(replications) || replications < 1 || replications > 100) issues.push({ path: 'replications', expected: 'an integer in [1, 100]', received: String(replications) });
  if (s.load && s.load.some((v) => !Number.isFinite(v))) issues.push({ path: 'observed.load', expected: 'a value for every interval (the simulated workload follows it)', received: 'a missing value' });
  for (const [k, w] of Object.entries(o.weights ?? {})) {
    if (!(OBSERVED_METRICS as readonly string[]).includes(k) || !(Number(w) >= 0)) issues.push({ path: `weights.${k}`, expected: `a weight >= 0 for one of ${OBSERVED_METRICS.join(', ')}`, received: `${k}: ${String(w)}` });
  }
  const metrics = OBSERVED_METRICS.filter((m) => s[m] && s[m]!.some((v) => Number.isFinite(v)) && (o.weights?.[m] ?? 1) > 0);
  const nHeld = Math.round(holdout * (n - skip));
  const fitTo = n - nHeld;
  if (issues.length === 0 && fitTo - skip < 1) issues.push({ path: 'holdout', expected: 'a share that leaves at least one interval to fit', received: String(holdout) });
  if (issues.length > 0) throw new InputError(issues);

  const needP50 = metrics.includes('p50LatencyMs');
  const baseScenario: Scenario = {
    ...o.scenario,
    durationS: n * I,
    ...(s.load ? { workload: { type: 'trace', rps: s.load.map((v) => v * I), timeScale: I, withinSecond: 'poisson' } } : {}),
    metrics: { ...o.scenario.metrics, seriesIntervalS: I, ...(needP50 ? { trace: true } : {}) },
  };
  const seed0 = o.scenario.seed;
  // Every problem of the scenario now, before the first of many simulations.
  validateScenario({ ...baseScenario, pipeline });

  /** Simulated metrics with the given values, averaged over the replications. */
  const simulateWith = async (values: ParameterValues): Promise<Record<ObservedMetric, number[]>> => {
    const sums = Object.fromEntries(OBSERVED_METRICS.map((m) => [m, new Float64Array(n)])) as Record<ObservedMetric, Float64Array>;
    const counts = Object.fromEntries(OBSERVED_METRICS.map((m) => [m, new Float64Array(n)])) as Record<ObservedMetric, Float64Array>;
    for (let r = 0; r < replications; r++) {
      const seed = typeof seed0 === 'number' ? seed0 + r : `${seed0}/${r}`;
      const result = await simulate({ ...baseScenario, seed, pipeline: applyParameters(pipeline, values) });
      const got = seriesOf(result, n, I, needP50);
      for (const m of metrics) {
        for (let i = 0; i < n; i++) {
          const v = got[m][i];
          if (Number.isFinite(v)) {
            sums[m][i] += v;
            counts[m][i]++;
          }
        }
      }
    }
    return Object.fromEntries(OBSERVED_METRICS.map((m) => [m, Array.from(sums[m], (v, i) => (counts[m][i] > 0 ? v / counts[m][i] : NaN))])) as Record<ObservedMetric, number[]>;
  };

  const errorOf = (sim: Record<ObservedMetric, number[]>, from: number, to: number): CalibrationError => {
    let weighted = 0;
    let weightSum = 0;
    const out: CalibrationError['metrics'] = {};
    for (const m of metrics) {
      const obs = s[m]!;
      let sq = 0;
      let rel2 = 0;
      let absRel = 0;
      let k = 0;
      for (let i = from; i < to; i++) {
        const y = obs[i];
        if (!(y > 0)) continue;
        const x = sim[m][i];
        const ratio = x > 0 ? x / y : NaN;
        const lr = Number.isFinite(ratio) ? Math.max(-MAX_LOG_RATIO, Math.min(MAX_LOG_RATIO, Math.log(ratio))) : MAX_LOG_RATIO;
        sq += lr * lr;
        const rel = Number.isFinite(ratio) ? ratio - 1 : 1;
        rel2 += rel * rel;
        absRel += Math.abs(rel);
        k++;
      }
      if (k === 0) continue;
      const w = o.weights?.[m] ?? 1;
      weighted += (w * sq) / k;
      weightSum += w;
      out[m] = { intervals: k, rmsRelative: Math.sqrt(rel2 / k), meanAbsRelative: absRel / k };
    }
    return { objective: weightSum > 0 ? weighted / weightSum : NaN, metrics: out };
  };

  const valuesAt = (z: readonly number[]): ParameterValues => Object.fromEntries(names.map((name, i) => [name, toRange(z[i], ranges[name])]));
  const initial: ParameterValues = Object.fromEntries(names.map((name) => [name, ranges[name].initial]));

  // The simplex can revisit a point (a shrink keeps the best): simulate each point once.
  const cache = new Map<string, number>();
  let evaluations = 0;
  const objectiveAt = async (z: readonly number[]): Promise<number> => {
    const key = z.join(',');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const values = valuesAt(z);
    const f = errorOf(await simulateWith(values), skip, fitTo).objective;
    evaluations++;
    o.onEvaluation?.(evaluations, f, values);
    cache.set(key, f);
    return f;
  };

  const z0 = names.map((name) => fromRange(ranges[name].initial, ranges[name]));
  // A simulated objective is rugged (events reorder as the parameters move, and each batch then
  // draws other noise), so a simplex started far off can stall in a local dip. First cyclic
  // coordinate scans (each parameter on a grid across its range with the others held, then a finer
  // grid around the best), which look along each axis past the dips; then the simplex, restarted
  // from its best point until it stops improving.
  const budget = o.maxEvaluations ?? 60 * names.length;
  const scans = o.scans ?? 2;
  let zBest = [...z0];
  let fBest = await objectiveAt(zBest);
  for (let sweep = 0; sweep < scans; sweep++) {
    const half = sweep === 0 ? 3 : 3 / 4 ** sweep;
    for (let i = 0; i < names.length; i++) {
      const centre = sweep === 0 ? 0 : zBest[i];
      for (let g = 0; g < SCAN_POINTS; g++) {
        if (evaluations >= budget) break;
        const z = [...zBest];
        z[i] = centre - half + (2 * half * g) / (SCAN_POINTS - 1);
        const f = await objectiveAt(z);
        if (f < fBest) {
          fBest = f;
          zBest = z;
        }
      }
    }
  }
  let result: Awaited<ReturnType<typeof nelderMead>> = { x: zBest, f: fBest, evaluations: 0, iterations: 0, converged: false };
  for (let restart = 0; restart < 4 && evaluations < budget; restart++) {
    const again = await nelderMead(objectiveAt, result.x, { maxEvaluations: budget - evaluations, step: restart === 0 ? 0.5 : 0.15, fTolerance: 1e-9, xTolerance: 1e-3 });
    const improved = again.f < result.f - 1e-12;
    result = improved ? again : { ...result, converged: again.converged };
    if (!improved && restart > 0) break;
  }
  const fitted = valuesAt(result.x);

  const simBefore = await simulateWith(initial);
  const simAfter = await simulateWith(fitted);
  const before = { fit: errorOf(simBefore, skip, fitTo), ...(nHeld > 0 ? { heldOut: errorOf(simBefore, fitTo, n) } : {}) };
  const fit = errorOf(simAfter, skip, fitTo);
  const heldOut = nHeld > 0 ? errorOf(simAfter, fitTo, n) : undefined;
  const profile = calibratedProfile(pipeline, fitted, {
    source: o.source ?? 'observed series',
    metrics,
    fitIntervals: fitTo - skip,
    intervalS: I,
    fit,
    heldOut,
  });
  return {
    parameters: fitted,
    before,
    fit,
    ...(heldOut ? { heldOut, heldOutIntervals: [fitTo, n] as [number, number] } : {}),
    fitIntervals: [skip, fitTo],
    evaluations,
    converged: result.converged,
    profile,
    simulated: { t: s.t.slice(), ...simAfter },
  };
}

/** The compared metrics of a run, per interval (p50 from the per-request trace, binned by completion). */
function seriesOf(result: SimulationResult, n: number, I: number, needP50: boolean): Record<ObservedMetric, number[]> {
  const pad = (xs: readonly number[]): number[] => Array.from({ length: n }, (_, i) => (i < xs.length ? xs[i] : NaN));
  const out = {
    cores: pad(result.series.cores),
    meanLatencyMs: pad(result.series.meanLatencyMs),
    p99LatencyMs: pad(result.series.p99LatencyMs),
    p50LatencyMs: new Array<number>(n).fill(NaN),
  };
  if (needP50 && result.trace) {
    const bins: number[][] = Array.from({ length: n }, () => []);
    const tr = result.trace;
    for (let id = 0; id < tr.status.length; id++) {
      if (tr.status[id] !== 1) continue;
      const b = Math.floor(tr.finishedS[id] / I);
      if (b >= 0 && b < n) bins[b].push((tr.finishedS[id] - tr.arrivalS[id]) * 1000);
    }
    out.p50LatencyMs = bins.map((xs) => (xs.length > 0 ? (quantile(xs, 0.5) ?? NaN) : NaN));
  }
  return out;
}

/** One error as text: "p99LatencyMs 4.1%, cores 0.0%" (RMS relative error per metric). */
export function formatCalibrationError(e: CalibrationError | undefined): string {
  if (!e) return 'none';
  return Object.entries(e.metrics)
    .map(([m, v]) => `${m} ${(v.rmsRelative * 100).toFixed(1)}%`)
    .join(', ');
}

/** The pipeline with the fitted values applied and every changed field's provenance saying so. */
function calibratedProfile(
  pipeline: PipelineProfile,
  values: ParameterValues,
  how: { source: string; metrics: readonly string[]; fitIntervals: number; intervalS: number; fit: CalibrationError; heldOut?: CalibrationError },
): PipelineProfile {
  const p = applyParameters(pipeline, values);
  const valuesText = Object.entries(values)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(', ');
  const basis =
    `infersim calibrate (Nelder-Mead on simulations with common random numbers) against ${how.source}: ${how.fitIntervals} intervals of ${how.intervalS} s ` +
    `of ${how.metrics.join(', ')}; fitted ${valuesText}; fit RMS relative error ${formatCalibrationError(how.fit)}` +
    (how.heldOut ? `; held-out ${formatCalibrationError(how.heldOut)}` : '; nothing held out');
  const changed: Partial<Record<CalibrationParameter, string[]>> = {
    latencyScale: ['latencyMs', 'latencyP99Ms', 'energyJ'],
    batchSlope: ['latencyMs', 'latencyP99Ms', 'energyJ'],
    coresScale: ['cores'],
    noiseCv: ['serviceDist'],
    startupScale: ['startupS'],
  };
  const fields = new Set(Object.keys(values).flatMap((k) => changed[k as CalibrationParameter] ?? []));
  const before = (prov: Provenance | undefined): string =>
    !prov ? 'none' : prov.kind === 'measured' ? `measured: ${prov.source}` : `${prov.kind}: ${prov.method}`;
  for (const stage of p.stages) {
    for (const v of stage.variants) {
      const provenance: Record<string, Provenance> = { ...(v.provenance ?? {}) };
      for (const f of fields) {
        if ((v as unknown as Record<string, unknown>)[f] === undefined) continue;
        const was = before(v.provenance?.[f]);
        provenance[f] = { kind: 'derived', method: `calibrated: ${basis}. Before calibration: ${was.length > 300 ? was.slice(0, 297) + '...' : was}` };
      }
      v.provenance = provenance;
    }
  }
  p.description = [pipeline.description, `Calibrated: ${basis}.`].filter(Boolean).join('\n');
  return p;
}
