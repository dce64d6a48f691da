import fc from 'fast-check';
import { expect } from 'vitest';
import { evaluate, picksOf, totalChangeDistance, violations } from '../../src/policies/solvers/evaluate.js';
import type { PipelineProfile, VariantProfile } from '../../src/profiles/types.js';
import { buildProblem, type ProblemParams } from '../../src/policies/solvers/build.js';
import { accuracyMethods, type AllocationProblem, type Solver } from '../../src/policies/solvers/types.js';

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

/**
 * Solves `problem` with every solver and checks them against `reference` (brute force): the same
 * feasibility, the same optimal objective (to 1e-9 relative), every answer within the constraints,
 * and with `leastChange` the same distance from the current configuration. Returns whether the
 * problem was feasible, so a test can check enough random instances were.
 */
export function expectSameOptimum(problem: AllocationProblem, solvers: readonly Solver[], reference: Solver, options: { leastChange?: boolean } = {}): boolean {
  const best = reference.solve(problem);
  const objective = (choice: number[]) => evaluate(problem, picksOf(problem, choice)).objective;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  for (const solver of solvers) {
    const c = solver.solve(problem);
    expect(c === null).toBe(best === null);
    if (!c || !best) continue;
    expect(close(objective(c), objective(best))).toBe(true);
    expect(violations(problem, picksOf(problem, c))).toEqual([]);
    if (options.leastChange) expect(totalChangeDistance(problem, picksOf(problem, c))).toBe(totalChangeDistance(problem, picksOf(problem, best)));
  }
  return best !== null;
}
