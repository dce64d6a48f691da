import fc from 'fast-check';
import type { PipelineProfile, VariantProfile } from '../../src/profiles/types.js';
import { buildProblem, type ProblemParams } from '../../src/policies/solvers/build.js';
import { accuracyMethods, type AllocationProblem } from '../../src/policies/solvers/types.js';

/** A variant profiled at batch sizes 1..maxBatch with latency growing linearly in the batch. */
export function variant(name: string, accuracy: number, cores: number, base: number, perItem: number, maxBatch = 4): VariantProfile {
  const latencyMs: Record<string, number> = {};
  for (let b = 1; b <= maxBatch; b++) latencyMs[String(b)] = base + perItem * (b - 1);
  return { name, accuracy, cores, latencyMs };
}

/** Random small pipelines: 1-3 stages, 1-3 variants, batches 1-4, integer-ish numbers. */
export const arbPipeline: fc.Arbitrary<PipelineProfile> = fc
  .array(
    fc.array(
      fc.record({
        accuracy: fc.integer({ min: 0, max: 100 }).map((a) => a / 100),
        cores: fc.integer({ min: 1, max: 4 }),
        base: fc.integer({ min: 5, max: 400 }),
        perItem: fc.integer({ min: 1, max: 200 }),
        maxBatch: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((stages) => ({
    name: 'random',
    stages: stages.map((vs, s) => ({
      name: `s${s}`,
      variants: vs.map((v, i) => variant(`v${i}`, v.accuracy, v.cores, v.base, v.perItem, v.maxBatch)),
    })),
  }));

/** A random problem over a random pipeline: load, SLA, capacity, weights, method, frozen knobs, current. */
export const arbProblem: fc.Arbitrary<{ pipeline: PipelineProfile; params: ProblemParams; problem: AllocationProblem }> = arbPipeline.chain(
  (pipeline) => {
    const S = pipeline.stages.length;
    return fc
      .record({
        lambdaRps: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 80 })),
        slaMs: fc.integer({ min: 20, max: 3000 }),
        totalCores: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 120 })),
        alpha: fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 50 })),
        beta: fc.oneof(fc.constant(1), fc.constant(0.5), fc.integer({ min: 0, max: 3 })),
        gamma: fc.oneof(fc.constant(1e-6), fc.constant(0), fc.constant(0.01)),
        accuracyMethod: fc.constantFrom(...accuracyMethods),
        normalizeAccuracy: fc.boolean(),
        batchingCap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        scalingCap: fc.integer({ min: 1, max: 30 }),
        latencyMarginPct: fc.constantFrom(0, 0, 20, 100),
        throughputMarginPct: fc.constantFrom(0, 0, -50),
        freeze: fc.constantFrom('none', 'variants', 'replicas'),
        frozenPick: fc.array(fc.nat(), { minLength: S, maxLength: S }),
        current: fc.option(
          fc.array(fc.record({ v: fc.nat(), b: fc.integer({ min: 1, max: 4 }) }), { minLength: S, maxLength: S }),
          { nil: undefined },
        ),
      })
      .map((r) => {
        const params: ProblemParams = {
          lambdaRps: r.lambdaRps,
          slaMs: r.slaMs,
          totalCores: r.totalCores,
          weights: { alpha: r.alpha, beta: r.beta, gamma: r.gamma },
          accuracyMethod: r.accuracyMethod,
          normalizeAccuracy: r.normalizeAccuracy,
          batchingCap: r.batchingCap,
          scalingCap: r.scalingCap,
          latencyMarginPct: r.latencyMarginPct,
          throughputMarginPct: r.throughputMarginPct,
          frozenVariants:
            r.freeze === 'variants' ? pipeline.stages.map((st, s) => st.variants[r.frozenPick[s] % st.variants.length].name) : undefined,
          frozenReplicas: r.freeze === 'replicas' ? r.frozenPick.map((k) => 1 + (k % 6)) : undefined,
          current: r.current?.map((c, s) => ({
            variant: pipeline.stages[s].variants[c.v % pipeline.stages[s].variants.length].name,
            batch: c.b,
          })),
        };
        return { pipeline, params, problem: buildProblem(pipeline, params) };
      });
  },
);
