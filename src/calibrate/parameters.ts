import { InputError, describeValue, type InputIssue } from '../errors.js';
import type { BatchTable, PipelineProfile, VariantProfile } from '../profiles/types.js';
import { maxBatch } from '../profiles/variant.js';

/**
 * The uncertain profile parameters a calibration can fit. Each applies to every variant of the
 * pipeline (their CPU fields; device profiles are left as they are):
 *
 * - `coresScale` `c`: cores per replica x `c` (what a replica really takes, e.g. with sidecars);
 * - `latencyScale` `s`: latency (mean and p99) and dynamic energy per batch x `s`;
 * - `batchSlope` `k`: latency at batch `b` x `(1 + k (b - 1))`: `k > 0` makes batching dearer than
 *   profiled, `k < 0` cheaper; 0 keeps the profile's shape;
 * - `noiseCv`: service times lognormal around the mean with this coefficient of variation;
 * - `startupScale` `u`: start-up delay of every variant x `u` (each variant needs a `startupS`).
 */
export const CALIBRATION_PARAMETERS = ['coresScale', 'latencyScale', 'batchSlope', 'noiseCv', 'startupScale'] as const;
/** One of {@link CALIBRATION_PARAMETERS}. */
export type CalibrationParameter = (typeof CALIBRATION_PARAMETERS)[number];

/** Values of the parameters; a parameter left out keeps the profile as it is. */
export type ParameterValues = Partial<Record<CalibrationParameter, number>>;

/** Search range and starting point of one parameter. */
export interface ParameterRange {
  min: number;
  max: number;
  initial: number;
}

/** Default ranges: wide enough for a profile that is off by 4x either way. */
export const DEFAULT_RANGES: Readonly<Record<CalibrationParameter, ParameterRange>> = Object.freeze({
  coresScale: { min: 0.25, max: 4, initial: 1 },
  latencyScale: { min: 0.25, max: 4, initial: 1 },
  batchSlope: { min: -0.1, max: 1, initial: 0 },
  noiseCv: { min: 0, max: 1.5, initial: 0.2 },
  startupScale: { min: 0.1, max: 10, initial: 1 },
});

/** Scales every entry of a batch table by `f(batch)`. */
function scaleTable(t: BatchTable, f: (b: number) => number): BatchTable {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v * f(Number(k))]));
}

/**
 * The pipeline with the parameters applied (a new object; `pipeline` is not changed).
 * See {@link CALIBRATION_PARAMETERS} for what each does.
 */
export function applyParameters(pipeline: PipelineProfile, p: ParameterValues): PipelineProfile {
  const s = p.latencyScale ?? 1;
  const k = p.batchSlope ?? 0;
  const factor = (b: number): number => s * (1 + k * (b - 1));
  return {
    ...pipeline,
    stages: pipeline.stages.map((stage) => ({
      ...stage,
      variants: stage.variants.map((v): VariantProfile => {
        const out: VariantProfile = { ...v, latencyMs: scaleTable(v.latencyMs, factor) };
        if (v.latencyP99Ms) out.latencyP99Ms = scaleTable(v.latencyP99Ms, factor);
        if (v.energyJ) out.energyJ = scaleTable(v.energyJ, factor);
        if (p.coresScale !== undefined) out.cores = v.cores * p.coresScale;
        if (p.noiseCv !== undefined) out.serviceDist = { type: 'lognormal', cv: p.noiseCv };
        if (p.startupScale !== undefined && v.startupS !== undefined) out.startupS = v.startupS * p.startupScale;
        return out;
      }),
    })),
  };
}

/**
 * Checks that the parameters asked for can be fitted on this pipeline and fills in their ranges.
 *
 * @throws {InputError} for an unknown parameter, a bad range, a `batchSlope` range that would make a
 * latency negative, or `startupScale` on a pipeline with a variant lacking `startupS`.
 */
export function resolveRanges(
  pipeline: PipelineProfile,
  names: readonly string[],
  ranges: Partial<Record<string, Partial<ParameterRange>>> = {},
  path = 'parameters',
): { names: CalibrationParameter[]; ranges: Record<CalibrationParameter, ParameterRange> } {
  const issues: InputIssue[] = [];
  if (names.length === 0) issues.push({ path, expected: `at least one of ${CALIBRATION_PARAMETERS.join(', ')}`, received: 'none' });
  const seen = new Set<string>();
  for (const n of names) {
    if (!(CALIBRATION_PARAMETERS as readonly string[]).includes(n)) issues.push({ path, expected: `parameters among ${CALIBRATION_PARAMETERS.join(', ')}`, received: describeValue(n) });
    if (seen.has(n)) issues.push({ path, expected: 'each parameter once', received: describeValue(n) });
    seen.add(n);
  }
  for (const k of Object.keys(ranges)) {
    if (!(CALIBRATION_PARAMETERS as readonly string[]).includes(k)) issues.push({ path: `ranges.${k}`, expected: `a parameter among ${CALIBRATION_PARAMETERS.join(', ')}`, received: describeValue(k) });
  }
  const out = {} as Record<CalibrationParameter, ParameterRange>;
  for (const name of CALIBRATION_PARAMETERS) {
    const r = { ...DEFAULT_RANGES[name], ...ranges[name] };
    if (!(Number.isFinite(r.min) && Number.isFinite(r.max) && r.min < r.max && r.initial >= r.min && r.initial <= r.max)) {
      issues.push({ path: `ranges.${name}`, expected: 'finite min < max with min <= initial <= max', received: `${r.min}..${r.max}, initial ${r.initial}` });
    }
    out[name] = r;
  }
  const biggest = Math.max(...pipeline.stages.flatMap((st) => st.variants.map((v) => maxBatch(v))));
  if (names.includes('batchSlope') && biggest > 1 && 1 + out.batchSlope.min * (biggest - 1) <= 0) {
    issues.push({ path: 'ranges.batchSlope.min', expected: `above ${-1 / (biggest - 1)} so latency at batch ${biggest} stays positive`, received: describeValue(out.batchSlope.min) });
  }
  for (const [name, lo] of [['coresScale', 0], ['latencyScale', 0], ['startupScale', 0]] as const) {
    if (names.includes(name) && !(out[name].min > lo)) issues.push({ path: `ranges.${name}.min`, expected: '> 0', received: describeValue(out[name].min) });
  }
  if (names.includes('noiseCv') && out.noiseCv.min < 0) issues.push({ path: 'ranges.noiseCv.min', expected: '>= 0', received: describeValue(out.noiseCv.min) });
  if (names.includes('startupScale')) {
    const without = pipeline.stages.flatMap((st) => st.variants.filter((v) => !(v.startupS !== undefined && v.startupS > 0)).map((v) => `${st.name}/${v.name}`));
    if (without.length > 0) issues.push({ path, expected: 'startupScale only for a pipeline whose every variant has a startupS > 0', received: `no startupS: ${without.slice(0, 5).join(', ')}` });
  }
  if (issues.length > 0) throw new InputError(issues);
  return { names: names as CalibrationParameter[], ranges: out };
}

/**
 * Maps an unbounded search coordinate to a parameter in `[min, max]` (a logistic), and back, so the
 * unconstrained simplex never leaves the range.
 */
export function toRange(z: number, r: ParameterRange): number {
  return r.min + (r.max - r.min) / (1 + Math.exp(-z));
}

/** Inverse of {@link toRange}; the ends map to +-8 (inside the logistic's useful range). */
export function fromRange(x: number, r: ParameterRange): number {
  const u = Math.min(Math.max((x - r.min) / (r.max - r.min), 1 / (1 + Math.exp(8))), 1 / (1 + Math.exp(-8)));
  return Math.log(u / (1 - u));
}
