import * as z from 'zod';
import { lazy } from '../util/lazy.js';

// The scenario format, as zod schemas: one place that says what is allowed, with the defaults in
// `defaults.ts`. Objects are strict so a misspelt key is an error, never a silent default.
//
// Lazy boundary: the schemas are built on the first validation (`scenarioSchemas()`), not when the
// module loads. Building these ~150 zod schemas was a good share of `import 'infersim'`, paid even by
// processes that never validate a scenario (bench/README.md, "Start-up").

type BatchTables = { latencyMs: Record<string, number>; latencyP99Ms?: Record<string, number>; energyJ?: Record<string, number>; maxThroughputRps?: Record<string, number> };

/**
 * How a profile's other batch tables must match its `latencyMs`, whose keys are the batch sizes a
 * configuration may use. The p99 latency and the batch energy are interpolated like latencyMs and
 * never extrapolated, so they must reach its largest size (without this check such a batch failed
 * mid-run); planners read the measured throughput at every configurable size, so it needs each one.
 */
function checkBatchTables(p: BatchTables, ctx: z.RefinementCtx): void {
  const sizes = (t: Record<string, number>) => Object.keys(t).map(Number).sort((a, b) => a - b);
  const want = sizes(p.latencyMs);
  const largest = want[want.length - 1];
  for (const field of ['latencyP99Ms', 'energyJ'] as const) {
    const table = p[field];
    if (!table || Object.keys(table).length === 0) continue;
    const got = Math.max(...sizes(table));
    if (got < largest) {
      ctx.addIssue({ code: 'custom', path: [field], message: `a value at batch size ${largest} or above (latencyMs goes up to ${largest}); this table stops at ${got}` });
    }
  }
  if (p.maxThroughputRps) {
    const got = sizes(p.maxThroughputRps);
    if (want.join() !== got.join()) {
      ctx.addIssue({ code: 'custom', path: ['maxThroughputRps'], message: `a value for each batch size of latencyMs (${want.join(', ')}); this table has ${got.join(', ')}` });
    }
  }
}

/** The scenario schemas, built once on first call. */
export const scenarioSchemas = lazy(() => {
  const positive = z.number().positive().finite();
  const nonNegative = z.number().nonnegative().finite();

  const batchTable = z
    .record(z.string().regex(/^[1-9][0-9]*$/, 'a batch size (a positive integer)'), positive)
    .refine((t) => Object.keys(t).length > 0, 'at least one batch size');

  const serviceDistSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('deterministic') }),
    z.strictObject({ type: z.literal('exponential') }),
    z.strictObject({ type: z.literal('lognormal'), cv: nonNegative }),
    z.strictObject({ type: z.literal('gamma'), cv: nonNegative }),
  ]);

  const provenance = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('measured'), source: z.string() }),
    z.strictObject({ kind: z.literal('derived'), method: z.string() }),
    z.strictObject({ kind: z.literal('modelled'), method: z.string() }),
  ]);

  const deviceProfileSchema = z
    .strictObject({
      latencyMs: batchTable,
      latencyP99Ms: batchTable.optional(),
      energyJ: batchTable.optional(),
      startupS: nonNegative.optional(),
      cores: positive.optional(),
      accelerators: z.number().int().nonnegative().optional(),
      memoryMB: positive.optional(),
      provenance: z.record(z.string(), provenance).optional(),
    })
    .superRefine(checkBatchTables);

  const variantSchema = z
    .strictObject({
      name: z.string().min(1),
      accuracy: z.number().min(0).max(1),
      cores: positive,
      latencyMs: batchTable,
      latencyP99Ms: batchTable.optional(),
      energyJ: batchTable.optional(),
      maxThroughputRps: batchTable.optional(),
      startupS: nonNegative.optional(),
      memoryMB: positive.optional(),
      serviceDist: serviceDistSchema.optional(),
      provenance: z.record(z.string(), provenance).optional(),
      devices: z.record(z.string().min(1), deviceProfileSchema).optional(),
    })
    .superRefine(checkBatchTables);

  const edgeProbability = z.number().min(0).max(1).optional();
  const edgeCount = z.union([z.number().int().nonnegative(), z.strictObject({ mean: nonNegative })]).optional();
  const edgeSchema = z.strictObject({
    stage: z.string().min(1),
    probability: edgeProbability,
    count: edgeCount,
    byVariant: z.record(z.string().min(1), z.strictObject({ probability: edgeProbability, count: edgeCount })).optional(),
  });

  const stageSchema = z.strictObject({
    name: z.string().min(1),
    variants: z.array(variantSchema).min(1),
    next: z.array(edgeSchema).optional(),
  });

  const pipelineSchema = z.strictObject({
    name: z.string().optional(),
    slaMs: positive.optional(),
    dropLimitS: positive.optional(),
    stages: z.array(stageSchema).min(1),
    description: z.string().optional(),
    sources: z.array(z.string()).optional(),
  });

  const withinSecondSchema = z.enum(['ipa', 'poisson', 'uniform', 'step']);

  const workloadSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('poisson'), rps: positive }),
    z.strictObject({ type: z.literal('deterministic'), rps: positive }),
    z.strictObject({
      type: z.literal('trace'),
      /** A bundled trace: bursty, steady_low, steady_high, fluctuating. */
      name: z.string().optional(),
      /** Requests per second, inline. */
      rps: z.array(nonNegative).min(1).optional(),
      /** A CSV file (Node only: the CLI and `loadScenario` read it into `rps`). */
      path: z.string().optional(),
      /** CSV column holding the counts (default `rps`). */
      column: z.string().optional(),
      withinSecond: withinSecondSchema.optional(),
      /** Divide each second's count and floor it, as IPA's loader (`int(raw / 8)`). */
      damping: positive.optional(),
      /** Each trace second lasts this many simulated seconds. */
      timeScale: positive.optional(),
      /** Replay the trace when it ends (until durationS). */
      repeat: z.boolean().optional(),
    }),
  ]);

  const policySchema = z.looseObject({ name: z.string().min(1) });

  const powerSchema = z
    .strictObject({ idleW: nonNegative, maxW: nonNegative, curve: z.enum(['linear', 'fan2007']).optional() })
    .refine((n) => n.maxW >= n.idleW, { message: 'maxW >= idleW', path: ['maxW'] });

  const clusterSchema = z.strictObject({
    cores: positive.optional(),
    nodes: z
      .array(
        z.strictObject({
          name: z.string().optional(),
          device: z.string().min(1).optional(),
          cores: positive,
          accelerators: z.number().int().nonnegative().optional(),
          memoryMB: positive.optional(),
          count: z.number().int().positive().optional(),
          power: powerSchema.optional(),
        }),
      )
      .min(1)
      .optional(),
    placement: z.enum(['first-fit', 'best-fit']).optional(),
  });

  const stageServingSchema = z.strictObject({
    maxBatchWaitMs: nonNegative.optional(),
    dropLimitS: positive.nullable().optional(),
  });

  const servingSchema = z.strictObject({
    maxBatchWaitMs: nonNegative.optional(),
    dropLimitS: positive.nullable().optional(),
    stages: z.record(z.string().min(1), stageServingSchema).optional(),
    adaptationIntervalS: positive.optional(),
    startupS: nonNegative.optional(),
    serviceDist: serviceDistSchema.optional(),
    historyS: z.number().int().positive().optional(),
    earlyDrop: z.boolean().optional(),
  });

  const accuracySchema = z.strictObject({
    method: z.enum(['sum', 'product', 'mean']).optional(),
    normalize: z.enum(['raw', 'rank']).optional(),
  });

  const metricsSchema = z.strictObject({
    seriesIntervalS: positive.optional(),
    trace: z.boolean().optional(),
    recording: z.enum(['exact', 'streaming']).optional(),
    relativeError: z.number().gt(0).max(0.1).optional(),
    energy: z.boolean().optional(),
  });

  const energySchema = z.strictObject({
    /** Power model of every node (default: the reference node of the bundled profiles). */
    node: z
      .strictObject({
        idleW: nonNegative,
        maxW: nonNegative,
        curve: z.enum(['linear', 'fan2007']).optional(),
        cores: positive.optional(),
      })
      .refine((n) => n.maxW >= n.idleW, { message: 'maxW >= idleW', path: ['maxW'] })
      .optional(),
    idle: z.enum(['cluster', 'allocated']).optional(),
    carbon: z
      .strictObject({
        /** A bundled trace name: ciso-sep, gb-2023-jan, au-sa-2023-jan. */
        trace: z.string().optional(),
        /** Inline intensities, gCO2/kWh, one per `stepS`. */
        gPerKWh: z.array(nonNegative).min(1).optional(),
        stepS: positive.optional(),
        /** A CSV file (Node only: read by the CLI and loadScenario into gPerKWh). */
        path: z.string().optional(),
        column: z.union([z.string(), z.number().int().nonnegative()]).optional(),
        startHour: nonNegative.optional(),
        loop: z.boolean().optional(),
        pue: z.number().min(1).finite().optional(),
      })
      .optional(),
  });

  const scenarioSchema = z.strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z.union([z.number().int(), z.string()]),
    durationS: positive,
    warmupS: nonNegative.optional(),
    slaMs: positive.optional(),
    pipeline: z.union([z.string().min(1), pipelineSchema]),
    workload: workloadSchema,
    policy: policySchema,
    cluster: clusterSchema.optional(),
    serving: servingSchema.optional(),
    accuracy: accuracySchema.optional(),
    metrics: metricsSchema.optional(),
    energy: energySchema.optional(),
  });

  return { serviceDistSchema, variantSchema, stageSchema, pipelineSchema, withinSecondSchema, workloadSchema, scenarioSchema };
});
