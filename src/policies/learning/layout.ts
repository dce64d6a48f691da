import { InputError, type InputIssue } from '../../errors.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { latencyMs, latencyP99Ms, maxBatch, profiledBatches, throughputRps } from '../../profiles/variant.js';
import type { PipelineConfig, StageConfig } from '../types.js';

/** What one stage's part of a multi-discrete action can say. */
export interface StageLayout {
  /** Stage name, for labels. */
  name: string;
  /** Variant names in profile order: the `variant` dimension indexes this list. */
  variants: string[];
  /** Batch sizes, ascending: the `batch` dimension indexes this list (the union over the stage's variants). */
  batches: number[];
  /** Per variant, the largest batch size it was profiled at (larger batch indices are masked). */
  maxBatch: number[];
  /** Per variant, cores of one replica. */
  cores: number[];
  /** Per variant, accuracy as profiled (raw). */
  accuracy: number[];
  /** Smallest replica count: replica index `r` means `minReplicas + r` replicas. */
  minReplicas: number;
  /** Largest replica count. */
  maxReplicas: number;
}

/**
 * The action layout of a pipeline: per stage a variant, a batch index and a replica index, in the
 * order `[variant_0, batch_0, replicas_0, variant_1, ...]` (Gym's `MultiDiscrete` convention: one
 * flat integer vector). Learning policies save it with their weights so a policy can only be loaded
 * against the pipeline it was trained on.
 */
export interface ActionLayout {
  stages: StageLayout[];
  /** Number of choices per action dimension (`3 x stages` entries). */
  nvec: number[];
}

/** Bounds of an {@link ActionLayout}. */
export interface LayoutOptions {
  /** Smallest replica count per stage; default 1 (a stage with no replica serves nothing). */
  minReplicas?: number;
  /**
   * Largest replica count per stage; default 10. A discrete action needs a finite range: IPA's
   * scaling cap of 100 would make the replica head 100 wide, most of it useless for the bundled loads.
   */
  maxReplicas?: number;
  /** Largest batch size considered (IPA's `batchingCap`); default every profiled size. */
  batchingCap?: number;
}

/** Default largest replica count of a learning policy's action space. */
export const DEFAULT_MAX_REPLICAS = 10;

/**
 * Builds the action layout of `pipeline`. Batch sizes are the profiled ones (up to `batchingCap`),
 * since between profiled sizes the latency is only interpolated.
 *
 * @throws InputError when the bounds are not integers with `1 <= minReplicas <= maxReplicas`.
 */
export function actionLayout(pipeline: PipelineProfile, options: LayoutOptions = {}): ActionLayout {
  const minReplicas = options.minReplicas ?? 1;
  const maxReplicas = options.maxReplicas ?? DEFAULT_MAX_REPLICAS;
  const issues: InputIssue[] = [];
  if (!Number.isInteger(minReplicas) || minReplicas < 1) issues.push({ path: 'minReplicas', expected: 'an integer >= 1', received: String(minReplicas) });
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) issues.push({ path: 'maxReplicas', expected: `an integer >= minReplicas (${minReplicas})`, received: String(maxReplicas) });
  if (options.batchingCap !== undefined && (!Number.isInteger(options.batchingCap) || options.batchingCap < 1)) {
    issues.push({ path: 'batchingCap', expected: 'an integer >= 1', received: String(options.batchingCap) });
  }
  if (issues.length) throw new InputError(issues);
  const cap = options.batchingCap ?? Infinity;
  const stages = pipeline.stages.map((stage): StageLayout => {
    const sizes = new Set<number>();
    for (const v of stage.variants) {
      const own = profiledBatches(v).filter((b) => b <= cap);
      // A variant profiled only above the cap still runs at its smallest size rather than vanish.
      (own.length ? own : [profiledBatches(v)[0]]).forEach((b) => sizes.add(b));
    }
    return {
      name: stage.name,
      variants: stage.variants.map((v) => v.name),
      batches: [...sizes].sort((a, b) => a - b),
      maxBatch: stage.variants.map((v) => Math.min(maxBatch(v), Math.max(cap, profiledBatches(v)[0]))),
      cores: stage.variants.map((v) => v.cores),
      accuracy: stage.variants.map((v) => v.accuracy),
      minReplicas,
      maxReplicas,
    };
  });
  return { stages, nvec: stages.flatMap((s) => [s.variants.length, s.batches.length, s.maxReplicas - s.minReplicas + 1]) };
}

/**
 * Checks that `layout` (read from a saved policy) matches `pipeline`: same stages, variants and
 * batch sizes. A policy trained on one pipeline means nothing on another.
 *
 * @param path - where the layout sits in the user's input, for messages
 * @throws InputError naming the first difference
 */
export function checkLayout(layout: ActionLayout, pipeline: PipelineProfile, path: string): void {
  const fail = (where: string, expected: string, received: string) => {
    throw new InputError([{ path: `${path}${where}`, expected, received, hint: 'a learned policy only runs on the pipeline it was trained on' }]);
  };
  if (!layout || !Array.isArray(layout.stages)) fail('', 'an action layout with stages', String(layout));
  if (layout.stages.length !== pipeline.stages.length) fail('.stages', `${pipeline.stages.length} stages (the scenario's pipeline)`, `${layout.stages.length}`);
  layout.stages.forEach((st, s) => {
    const names = pipeline.stages[s].variants.map((v) => v.name);
    if (st.variants.length !== names.length || st.variants.some((n, i) => n !== names[i])) {
      fail(`.stages[${s}].variants`, `the variants ${JSON.stringify(names)}`, JSON.stringify(st.variants));
    }
    pipeline.stages[s].variants.forEach((v, i) => {
      if (st.maxBatch[i] > maxBatch(v)) fail(`.stages[${s}].maxBatch[${i}]`, `at most ${maxBatch(v)} (profiled)`, String(st.maxBatch[i]));
    });
  });
}

/** Index configuration: per stage `[variant index, batch index, replica index]`. */
export type IndexConfig = number[][];

/**
 * The configuration a flat action names. The batch is clamped to the variant's largest profiled
 * size (an action built without masks may name a larger one).
 */
export function decodeAction(layout: ActionLayout, action: ArrayLike<number>): PipelineConfig {
  return layout.stages.map((st, s): StageConfig => {
    const v = action[3 * s];
    const k = Math.min(action[3 * s + 1], batchLimitIndex(st, v));
    return { variant: st.variants[v], batch: st.batches[k], replicas: st.minReplicas + action[3 * s + 2] };
  });
}

/** The largest batch index variant `v` may use in stage layout `st`. */
export function batchLimitIndex(st: StageLayout, v: number): number {
  let k = st.batches.length - 1;
  while (k > 0 && st.batches[k] > st.maxBatch[v]) k--;
  return k;
}

/**
 * The nearest action to a configuration: its variant, the largest batch size not above its batch,
 * and its replica count clamped into the layout's range. Used to replay an expert's decisions
 * (IPA's replica counts are not capped at the layout's `maxReplicas`) and to start from a
 * scenario's configuration.
 */
export function encodeConfig(layout: ActionLayout, config: readonly StageConfig[]): number[] {
  const out: number[] = [];
  layout.stages.forEach((st, s) => {
    const c = config[s];
    const v = Math.max(0, st.variants.indexOf(c.variant));
    let k = 0;
    for (let i = 0; i < st.batches.length; i++) if (st.batches[i] <= c.batch) k = i;
    k = Math.min(k, batchLimitIndex(st, v));
    const r = Math.min(st.maxReplicas, Math.max(st.minReplicas, c.replicas)) - st.minReplicas;
    out.push(v, k, r);
  });
  return out;
}

/** Flat action to per-stage index triples. */
export function toIndexConfig(action: ArrayLike<number>, stages: number): IndexConfig {
  return Array.from({ length: stages }, (_, s) => [action[3 * s], action[3 * s + 1], action[3 * s + 2]]);
}

/** Per-stage index triples to a flat action. */
export function fromIndexConfig(idx: IndexConfig): number[] {
  return idx.flat();
}

/** Cores a configuration asks for: the sum of replicas x cores per replica. */
export function configCores(layout: ActionLayout, action: ArrayLike<number>): number {
  let c = 0;
  layout.stages.forEach((st, s) => (c += st.cores[action[3 * s]] * (st.minReplicas + action[3 * s + 2])));
  return c;
}

/**
 * Problems of a flat action against the layout (length, integer indices in range, batch within the
 * variant's profile), as issues under `path`; empty when the action is well-formed.
 */
export function actionIssues(layout: ActionLayout, action: ArrayLike<number>, path = 'action'): InputIssue[] {
  const n = layout.nvec.length;
  if (!action || action.length !== n) return [{ path, expected: `${n} integers (variant, batch, replicas per stage)`, received: action ? `${action.length} values` : String(action) }];
  const issues: InputIssue[] = [];
  for (let i = 0; i < n; i++) {
    const a = action[i];
    if (!Number.isInteger(a) || a < 0 || a >= layout.nvec[i]) issues.push({ path: `${path}[${i}]`, expected: `an integer in [0, ${layout.nvec[i] - 1}]`, received: String(a) });
  }
  if (issues.length) return issues;
  layout.stages.forEach((st, s) => {
    const v = action[3 * s];
    const k = action[3 * s + 1];
    if (st.batches[k] > st.maxBatch[v]) {
      issues.push({ path: `${path}[${3 * s + 1}]`, expected: `a batch index up to ${batchLimitIndex(st, v)} (variant ${st.variants[v]} is profiled up to batch ${st.maxBatch[v]})`, received: String(k) });
    }
  });
  return issues;
}

/**
 * Action masks, factorised as a learner samples: per stage, which variants are allowed; for each
 * variant, which batch indices and which replica indices. A replica count is allowed when it fits
 * the cluster together with the smallest configuration of every other stage, so every allowed
 * choice has at least one completion within capacity; `sampleMasked` narrows the budget stage
 * by stage so that the whole action fits.
 */
export interface StageMask {
  variant: boolean[];
  /** `[variant][batch index]`. */
  batch: boolean[][];
  /** `[variant][replica index]`. */
  replicas: boolean[][];
}

/** Smallest cores any choice of a stage needs. */
function minStageCores(st: StageLayout): number {
  return Math.min(...st.cores) * st.minReplicas;
}

/**
 * The masks of every stage when the cluster has `totalCores` (Infinity: only the bounds mask).
 * With a finite capacity, the budget of stage `s` is the capacity minus the smallest needs of the
 * other stages.
 */
export function actionMasks(layout: ActionLayout, totalCores: number): StageMask[] {
  const mins = layout.stages.map(minStageCores);
  const sumMin = mins.reduce((a, b) => a + b, 0);
  return layout.stages.map((st, s) => stageMask(st, totalCores - (sumMin - mins[s])));
}

/** One stage's mask when it may use `budget` cores. */
export function stageMask(st: StageLayout, budget: number): StageMask {
  const R = st.maxReplicas - st.minReplicas + 1;
  const replicas = st.variants.map((_, v) => Array.from({ length: R }, (_, r) => (st.minReplicas + r) * st.cores[v] <= budget));
  const batch = st.variants.map((_, v) => st.batches.map((b) => b <= st.maxBatch[v]));
  // Nothing fits (a capacity below the minimum): keep the cheapest choice open rather than no choice.
  const variant = replicas.map((r) => r[0]);
  if (!variant.some(Boolean)) {
    const cheapest = st.cores.indexOf(Math.min(...st.cores));
    variant[cheapest] = true;
    replicas[cheapest][0] = true;
  }
  return { variant, batch, replicas };
}

/**
 * Flattens masks into one boolean per action value (length `sum(nvec)`), the form Gym-style
 * maskable learners take: a value is allowed when some completion of it is allowed.
 */
export function flatMask(layout: ActionLayout, masks: readonly StageMask[]): boolean[] {
  const out: boolean[] = [];
  masks.forEach((m, s) => {
    const st = layout.stages[s];
    out.push(...m.variant);
    out.push(...st.batches.map((_, k) => m.variant.some((ok, v) => ok && m.batch[v][k])));
    out.push(...Array.from({ length: layout.nvec[3 * s + 2] }, (_, r) => m.variant.some((ok, v) => ok && m.replicas[v][r])));
  });
  return out;
}

/** Model figures of one configuration from the profiles, for rewards and features. */
export interface ConfigFigures {
  /** Sum of replicas x cores. */
  cores: number;
  /** Sum of the chosen variants' raw accuracies (OPD's V). */
  accuracySum: number;
  /** Per stage, requests/s its replicas sustain: replicas x b / latency(b). */
  stageThroughput: number[];
  /** Smallest stage throughput (OPD's T). */
  throughput: number;
  /** Sum of stage mean batch latencies, ms (OPD's L). */
  latencyMs: number;
  /** Sum of stage p99 batch latencies, ms. */
  latencyP99Ms: number;
  /** Largest batch over stages (OPD's B). */
  batchMax: number;
  /** Sum of batch sizes (IPA's batch term). */
  batchSum: number;
}

/** Per (stage, variant, batch) profile figures, memoised: interpolating sorts the batch table. */
interface VariantFigures {
  cores: number;
  accuracy: number;
  latencyMs: number;
  latencyP99Ms: number;
  throughputRps: number;
}

const figureCache = new WeakMap<PipelineProfile, Map<string, VariantFigures>>();

/** The profile figures of `variant` at `batch` in stage `s` (memoised per pipeline object). */
export function variantFigures(pipeline: PipelineProfile, s: number, variant: string, batch: number): VariantFigures {
  let cache = figureCache.get(pipeline);
  if (!cache) figureCache.set(pipeline, (cache = new Map()));
  const key = `${s}\u0000${variant}\u0000${batch}`;
  let f = cache.get(key);
  if (!f) {
    const v = pipeline.stages[s].variants.find((x) => x.name === variant);
    if (!v) throw new RangeError(`stage ${s} has no variant ${JSON.stringify(variant)}`);
    f = { cores: v.cores, accuracy: v.accuracy, latencyMs: latencyMs(v, batch), latencyP99Ms: latencyP99Ms(v, batch), throughputRps: throughputRps(v, batch) };
    cache.set(key, f);
  }
  return f;
}

/** Computes {@link ConfigFigures} of `config` from `pipeline`'s profiles. */
export function configFigures(pipeline: PipelineProfile, config: readonly StageConfig[]): ConfigFigures {
  let cores = 0;
  let accuracySum = 0;
  let lat = 0;
  let p99 = 0;
  let batchMax = 0;
  let batchSum = 0;
  const stageThroughput: number[] = [];
  config.forEach((c, s) => {
    const f = variantFigures(pipeline, s, c.variant, c.batch);
    cores += f.cores * c.replicas;
    accuracySum += f.accuracy;
    lat += f.latencyMs;
    p99 += f.latencyP99Ms;
    batchMax = Math.max(batchMax, c.batch);
    batchSum += c.batch;
    stageThroughput.push(c.replicas * f.throughputRps);
  });
  return { cores, accuracySum, stageThroughput, throughput: stageThroughput.length ? Math.min(...stageThroughput) : 0, latencyMs: lat, latencyP99Ms: p99, batchMax, batchSum };
}
