import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchWaitMs,
  bruteForceSolver,
  buildProblem,
  problemBuilder,
  createGlpkSolver,
  dpSolver,
  fallback,
  picksOf,
  rankNormalisedAccuracies,
  replicasFor,
  solveAllocation,
  totalChangeDistance,
  violations,
  type AllocationProblem,
  type Solver,
} from '../../src/policies/solvers/index.js';
import { arbProblem, expectSameOptimum, variant } from './instances.js';
import type { PipelineProfile } from '../../src/profiles/types.js';

let glpk: Solver;
const brute = bruteForceSolver();
beforeAll(async () => {
  glpk = await createGlpkSolver();
});

const distance = (p: AllocationProblem, choice: number[]) => totalChangeDistance(p, picksOf(p, choice));

describe('dp, glpk and bruteForce', () => {
  it('find the same optimal objective on random small instances (1-3 stages, 1-3 variants, batches 1-4)', () => {
    let feasible = 0;
    fc.assert(
      fc.property(arbProblem, ({ problem }) => {
        if (expectSameOptimum(problem, [dpSolver, glpk], brute)) feasible++;
      }),
      { numRuns: 400, seed: 20240611 },
    );
    // The generator must exercise both outcomes.
    expect(feasible).toBeGreaterThan(100);
    expect(feasible).toBeLessThan(400);
  });

  it('return configurations that satisfy every constraint', () => {
    fc.assert(
      fc.property(arbProblem, ({ problem, params }) => {
        for (const s of [dpSolver, glpk, brute]) {
          const c = s.solve(problem);
          if (!c) continue;
          const picks = picksOf(problem, c);
          expect(violations(problem, picks)).toEqual([]);
          picks.forEach((p, st) => {
            expect(p.batch).toBeLessThanOrEqual(Math.max(params.batchingCap ?? Infinity, 1));
            expect(p.replicas).toBeLessThanOrEqual(params.frozenReplicas?.[st] ?? params.scalingCap);
            if (params.frozenVariants) expect(p.variant).toBe(params.frozenVariants[st]);
            if (params.frozenReplicas) expect(p.replicas).toBe(params.frozenReplicas[st]);
          });
        }
      }),
      { numRuns: 250, seed: 7 },
    );
  });

  it('break ties by least change: as close to the current configuration as any optimal solution', () => {
    const withCurrent = arbProblem.filter(({ problem }) => problem.current !== undefined);
    fc.assert(
      fc.property(withCurrent, ({ problem }) => {
        const b = brute.solve(problem);
        if (!b) return;
        expect(distance(problem, dpSolver.solve(problem)!)).toBe(distance(problem, b));
        expect(distance(problem, glpk.solve(problem)!)).toBe(distance(problem, b));
      }),
      { numRuns: 250, seed: 99 },
    );
  });

  it('keep the current configuration when an identical twin variant ties with it', () => {
    // Two variants with identical profiles under different names: every choice ties pairwise.
    const pipeline: PipelineProfile = {
      stages: [
        { name: 'a', variants: [variant('x', 0.7, 1, 50, 10), variant('y', 0.7, 1, 50, 10)] },
        { name: 'b', variants: [variant('p', 0.8, 1, 30, 5), variant('q', 0.8, 1, 30, 5)] },
      ],
    };
    const base = {
      lambdaRps: 10,
      slaMs: 1000,
      weights: { alpha: 2, beta: 1, gamma: 1e-6 },
      accuracyMethod: 'sum' as const,
      normalizeAccuracy: false,
      scalingCap: 10,
    };
    for (const current of [
      [{ variant: 'y', batch: 1 }, { variant: 'q', batch: 1 }],
      [{ variant: 'x', batch: 1 }, { variant: 'q', batch: 1 }],
    ]) {
      const problem = buildProblem(pipeline, { ...base, current });
      for (const s of [dpSolver, glpk, brute]) {
        const picks = picksOf(problem, s.solve(problem)!);
        expect(picks.map((p) => p.variant)).toEqual(current.map((c) => c.variant));
      }
    }
  });
});

describe('buildProblem', () => {
  const pipeline: PipelineProfile = {
    stages: [
      {
        name: 's',
        variants: [variant('mid', 0.5, 1, 100, 50), variant('low', 0.2, 2, 80, 40), variant('high', 0.9, 4, 200, 100)],
      },
      { name: 'only', variants: [variant('one', 0.3, 1, 10, 1)] },
    ],
  };

  it('rank-normalises accuracy as rank / (n - 1), ascending; a single variant gets 1', () => {
    expect(rankNormalisedAccuracies(pipeline.stages[0])).toEqual([0.5, 0, 1]);
    expect(rankNormalisedAccuracies(pipeline.stages[1])).toEqual([1]);
  });

  it('sizes replicas as the smallest n with n * thr >= lambda', () => {
    expect(replicasFor(0, 3)).toBe(1);
    expect(replicasFor(9, 3)).toBe(3);
    expect(replicasFor(9.0001, 3)).toBe(4);
    expect(replicasFor(0.3, 0.1)).toBe(3); // 0.3 / 0.1 = 2.9999999999999996 in floating point
    expect(replicasFor(2, 5, 4)).toBe(4);
  });

  it('uses the intended batch-wait term (b - 1) / lambda, capped at the maximum batch wait', () => {
    expect(batchWaitMs(1, 10)).toBe(0);
    expect(batchWaitMs(4, 10)).toBeCloseTo(300);
    expect(batchWaitMs(4, 1, 1000)).toBe(1000);
    expect(batchWaitMs(4, 0)).toBe(0);
  });

  it('applies margins, caps, frozen variants and frozen replicas', () => {
    const p = buildProblem(pipeline, {
      lambdaRps: 20,
      slaMs: 5000,
      weights: { alpha: 1, beta: 1, gamma: 0 },
      accuracyMethod: 'sum',
      normalizeAccuracy: true,
      batchingCap: 2,
      scalingCap: 100,
      latencyMarginPct: 100,
      throughputMarginPct: -50,
      frozenVariants: ['high', undefined],
      frozenReplicas: [undefined, 7],
    });
    const s0 = p.stages[0].options;
    expect(s0.map((o) => [o.variant, o.batch])).toEqual([
      ['high', 1],
      ['high', 2],
    ]);
    // p99 falls back to the mean latency: 200 ms x 2 (margin); thr = 1000/200 x 0.5 = 2.5 rps -> 8 replicas.
    expect(s0[0].latencyMs).toBeCloseTo(400);
    expect(s0[0].replicas).toBe(8);
    expect(s0[0].cores).toBe(32);
    expect(s0[0].accuracy).toBe(1);
    // Batch 2: latency 300 x 2 + wait (2 - 1) / 20 s = 650 ms.
    expect(s0[1].latencyMs).toBeCloseTo(650);
    expect(p.stages[1].options.map((o) => o.replicas)).toEqual([7, 7]);
  });
});

describe('problemBuilder', () => {
  it('builds, from its table made once, the same problems as buildProblem at every load', () => {
    fc.assert(
      fc.property(arbProblem, fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 120, noNaN: true })), { minLength: 1, maxLength: 4 }), ({ pipeline, params }, loads) => {
        const build = problemBuilder(pipeline, params);
        for (const lambdaRps of loads) {
          const load = { lambdaRps, totalCores: params.totalCores, current: params.current };
          expect(build(load)).toEqual(buildProblem(pipeline, { ...params, ...load }));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('fallback', () => {
  const pipeline: PipelineProfile = {
    stages: [
      { name: 'a', variants: [variant('fast', 0.5, 1, 100, 50), variant('slow', 0.9, 2, 400, 200)] },
      { name: 'b', variants: [variant('only', 0.8, 1, 100, 20)] },
    ],
  };
  const params = {
    weights: { alpha: 2, beta: 1, gamma: 1e-6 },
    accuracyMethod: 'sum' as const,
    normalizeAccuracy: false,
    scalingCap: 100,
  };

  it('takes the fastest configuration within capacity when the SLA cannot be met', () => {
    const problem = buildProblem(pipeline, { ...params, lambdaRps: 5, slaMs: 50 });
    expect(dpSolver.solve(problem)).toBeNull();
    const a = solveAllocation(problem, dpSolver);
    expect(a.status).toBe('sla-infeasible');
    expect(a.feasible).toBe(false);
    const fastest = Math.min(...[0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => problem.stages[0].options[i].latencyMs + problem.stages[1].options[j].latencyMs)));
    expect(a.latencyMs).toBe(fastest);
    expect(a.servedRps).toBe(5);
  });

  it('takes the maximum-throughput configuration within the cores when the load cannot be served', () => {
    const problem = buildProblem(pipeline, { ...params, lambdaRps: 1000, slaMs: 10_000, totalCores: 10 });
    const f = fallback(problem);
    expect(f.status).toBe('over-capacity');
    const cores = f.picks.reduce((a, p) => a + p.cores, 0);
    expect(cores).toBeLessThanOrEqual(10);
    const served = Math.min(...f.picks.map((p) => p.replicas * p.throughputRps));
    // No split of 10 cores serves more: brute force over replicas of the best option per stage.
    let best = 0;
    for (const a of problem.stages[0].candidates) {
      for (const b of problem.stages[1].candidates) {
        for (let na = 1; na * a.coresPerReplica <= 10; na++) {
          const nb = Math.floor((10 - na * a.coresPerReplica) / b.coresPerReplica);
          if (nb >= 1) best = Math.max(best, Math.min(na * a.throughputRps, nb * b.throughputRps));
        }
      }
    }
    expect(served).toBeCloseTo(best, 9);
    expect(f.servedRps).toBeCloseTo(served, 9);
  });

  it('is the same whichever solver found the problem infeasible', () => {
    fc.assert(
      fc.property(arbProblem, ({ problem }) => {
        const [d, g, b] = [dpSolver, glpk, brute].map((s) => solveAllocation(problem, s));
        expect(g.status).toBe(d.status);
        expect(b.status).toBe(d.status);
        if (d.status !== 'optimal') {
          expect(g.config).toEqual(d.config);
          expect(b.config).toEqual(d.config);
        }
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
