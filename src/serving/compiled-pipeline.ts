import { sortBatchTable, interpolateBatch, type SortedBatchTable } from '../profiles/batch-table.js';
import type { PipelineProfile, ServiceDist } from '../profiles/types.js';
import { noiseSampler } from '../random/noise.js';
import type { Streams } from '../random/streams.js';

/** How per-request accuracy (PAS) combines the variants along the path. */
export interface AccuracyOptions {
  /** `sum` (IPA original), `product` (IPA revision), or `mean` of the stages' values. */
  method: 'sum' | 'product' | 'mean';
  /** `raw` accuracy, or `rank`: rank/(n-1) ascending within the stage (single variant = 1). */
  normalize: 'raw' | 'rank';
}

/** A variant ready for the hot path: sorted tables, its noise sampler and its PAS value. */
export interface CompiledVariant {
  readonly name: string;
  readonly cores: number;
  readonly startupS: number;
  readonly pas: number;
  readonly maxBatch: number;
  readonly latency: SortedBatchTable;
  readonly energy: SortedBatchTable | undefined;
  /** Draws a service-time multiplier with mean 1. */
  readonly noise: () => number;
}

/** A stage ready for the hot path. */
export interface CompiledStage {
  readonly name: string;
  readonly variants: readonly CompiledVariant[];
  readonly variantIndex: ReadonlyMap<string, number>;
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
  return pipeline.stages.map((stage) => {
    const u = streams.get(`service/${stage.name}`);
    const ranks = rankNormalised(stage.variants.map((v) => v.accuracy));
    const variants = stage.variants.map((v, i): CompiledVariant => {
      const latency = sortBatchTable(v.latencyMs);
      return {
        name: v.name,
        cores: v.cores,
        startupS: v.startupS ?? defaults.startupS,
        pas: defaults.accuracy.normalize === 'rank' ? ranks[i] : v.accuracy,
        maxBatch: latency.sizes[latency.sizes.length - 1],
        latency,
        energy: v.energyJ ? sortBatchTable(v.energyJ) : undefined,
        noise: noiseSampler(v.serviceDist ?? defaults.serviceDist, u),
      };
    });
    return { name: stage.name, variants, variantIndex: new Map(variants.map((v, i) => [v.name, i])) };
  });
}

/**
 * IPA's rank normalisation: the i-th least accurate of n variants scores i/(n-1); a stage with a
 * single variant scores 1; equal accuracies share the lower rank.
 */
export function rankNormalised(accuracies: readonly number[]): number[] {
  const n = accuracies.length;
  if (n === 1) return [1];
  return accuracies.map((a) => accuracies.filter((b) => b < a).length / (n - 1));
}

/** Mean service time in seconds of a batch of `k` on variant `v`. */
export function batchLatencyS(v: CompiledVariant, k: number): number {
  return interpolateBatch(v.latency, k) / 1000;
}
