import { sortBatchTable, interpolateBatch, type SortedBatchTable } from '../profiles/batch-table.js';
import type { PipelineProfile, ServiceDist } from '../profiles/types.js';
import { noiseAhead, noiseOneByOne, sameServiceDist } from '../random/noise.js';
import type { DrawnAhead } from '../random/drawn-ahead.js';
import type { Streams, Uniform } from '../random/streams.js';
import { stageEdges, variantEdges, type ResolvedEdge } from '../profiles/graph.js';
import { rankNormalisedAccuracies } from '../profiles/rank.js';
import { acceleratorsOn, DEFAULT_DEVICE, onDevice, variantDevices } from '../profiles/device.js';

/** The key of a (variant, device) pair in {@link CompiledStage.variantIndex}. */
export function deployKey(variant: string, device: string = DEFAULT_DEVICE): string {
  return device === DEFAULT_DEVICE ? variant : `${variant}@${device}`;
}

/** How per-request accuracy (PAS) combines the variants along the path. */
export interface AccuracyOptions {
  /** `sum` (IPA original), `product` (IPA revision), or `mean` of the stages' values. */
  method: 'sum' | 'product' | 'mean';
  /** `raw` accuracy, or `rank`: rank/(n-1) ascending within the stage (single variant = 1). */
  normalize: 'raw' | 'rank';
}

/**
 * A variant on one device, ready for the hot path: sorted tables, its noise sampler and its PAS
 * value. A stage compiles one per (variant, device) its profiles allow.
 */
export interface CompiledVariant {
  readonly name: string;
  /** Device type it runs on (`cpu` unless the profile's `devices` say otherwise). */
  readonly device: string;
  readonly cores: number;
  /** Accelerator slots a replica holds (0 on `cpu`). */
  readonly accelerators: number;
  /** Memory a replica holds, MB (0 when unknown: then memory is not checked). */
  readonly memoryMB: number;
  readonly startupS: number;
  readonly pas: number;
  readonly maxBatch: number;
  readonly latency: SortedBatchTable;
  readonly energy: SortedBatchTable | undefined;
  /**
   * Mean service time (s) of a batch of `k` at index `k` (1..maxBatch): `latency` interpolated and
   * scaled once here, so starting a batch reads one number instead of searching the table.
   */
  readonly latencyS: Float64Array;
  /**
   * The profiled dynamic energy (J) of a batch of `k` at index `k`, when the profile has `energyJ`,
   * up to the smaller of its and the latency table's largest size (above it, `energy` is asked).
   */
  readonly energyJ: Float64Array | undefined;
  /**
   * Service-time multipliers with mean 1 (`noise.next()`), drawn ahead when the stage's variants all
   * draw the same distribution, else one at a time when a batch starts.
   */
  readonly noise: DrawnAhead;
  /**
   * The stage's children as this variant branches (its `byVariant` entries applied): the same
   * edges as {@link CompiledStage.children}, in the same order, each with this variant's counts.
   */
  readonly children: readonly ResolvedEdge[];
}

/** A stage ready for the hot path. */
export interface CompiledStage {
  readonly name: string;
  readonly variants: readonly CompiledVariant[];
  /** Index in `variants` of a (variant name, device) pair; see {@link deployKey}. */
  readonly variantIndex: ReadonlyMap<string, number>;
  /** Children: tasks finishing here go on to these stages. */
  readonly children: readonly ResolvedEdge[];
  /** True when the stage has exactly one child edge that always sends one task, whatever variant served (a chain link). */
  readonly simpleChild: boolean;
  /** Draws how many tasks an edge sends (own stream, `branch/<stage>`). */
  readonly branch: (e: ResolvedEdge) => number;
}

/**
 * Precomputes everything the event loop needs of a pipeline so no lookup by name or table sort
 * happens per batch. Each stage's service noise has its own random stream (`service/<stage>`).
 */
export function compilePipeline(
  pipeline: PipelineProfile,
  streams: Streams,
  defaults: { serviceDist: ServiceDist; startupS: number; accuracy: AccuracyOptions },
): CompiledStage[] {
  const edges = stageEdges(pipeline);
  return pipeline.stages.map((stage, si) => {
    const u = streams.get(`service/${stage.name}`);
    const ub = streams.get(`branch/${stage.name}`);
    const children = edges[si];
    const ranks = rankNormalisedAccuracies(stage);
    // The stage's service stream is read by its variants' noise only, in batch-start order. When
    // every (variant, device) draws the same distribution, one sampler drawing ahead serves them all:
    // the same values in the same order (see noiseAhead).
    const dists = stage.variants.flatMap((v) => variantDevices(v).map((d) => onDevice(v, d).serviceDist ?? defaults.serviceDist));
    const shared = dists.every((d) => sameServiceDist(d, dists[0])) ? noiseAhead(dists[0], u) : undefined;
    const variants = stage.variants.flatMap((base, i): CompiledVariant[] => {
      // A variant without per-variant entries shares the stage's edges.
      const variantChildren = stage.next?.some((e) => e.byVariant?.[base.name]) ? variantEdges(pipeline, si, base.name) : children;
      return variantDevices(base).map((device) => {
        const v = onDevice(base, device);
        const latency = sortBatchTable(v.latencyMs);
        const energy = v.energyJ ? sortBatchTable(v.energyJ) : undefined;
        const maxBatch = latency.sizes[latency.sizes.length - 1];
        return {
          name: v.name,
          device,
          cores: v.cores,
          accelerators: acceleratorsOn(base, device),
          memoryMB: v.memoryMB ?? 0,
          startupS: v.startupS ?? defaults.startupS,
          pas: defaults.accuracy.normalize === 'rank' ? ranks[i] : v.accuracy,
          maxBatch,
          latency,
          energy,
          latencyS: bySize(latency, maxBatch, 1000),
          energyJ: energy && bySize(energy, Math.min(maxBatch, energy.sizes[energy.sizes.length - 1]), 1),
          noise: shared ?? noiseOneByOne(v.serviceDist ?? defaults.serviceDist, u),
          children: variantChildren,
        };
      });
    });
    const simple = (es: readonly ResolvedEdge[]) => es.length === 1 && es[0].probability === 1 && es[0].count === 1;
    return {
      name: stage.name,
      variants,
      variantIndex: new Map(variants.map((v, i) => [deployKey(v.name, v.device), i])),
      children,
      simpleChild: simple(children) && variants.every((v) => simple(v.children)),
      branch: (e: ResolvedEdge) => {
        if (e.probability < 1 && !(ub() < e.probability)) return 0;
        return e.count !== undefined ? e.count : poisson(ub, e.meanCount);
      },
    };
  });
}


/** Mean service time in seconds of a batch of `k` on variant `v`. */
export function batchLatencyS(v: CompiledVariant, k: number): number {
  return interpolateBatch(v.latency, k) / 1000;
}

/**
 * `table` at every whole batch size 1..`maxBatch` (index = size; index 0 unused, NaN), divided by
 * `divisor`: the values {@link interpolateBatch} gives, so reading one is the same number to the bit.
 * Sizes are validated whole numbers up to 4096, so the array stays small.
 */
function bySize(table: SortedBatchTable, maxBatch: number, divisor: number): Float64Array {
  const out = new Float64Array(maxBatch + 1);
  out[0] = NaN;
  for (let k = 1; k <= maxBatch; k++) out[k] = divisor === 1 ? interpolateBatch(table, k) : interpolateBatch(table, k) / divisor;
  return out;
}

/** A Poisson draw by inversion (means here are small: crops per frame, a few). */
function poisson(u: Uniform, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = u();
  while (p > limit) {
    k++;
    p *= u();
  }
  return k;
}
