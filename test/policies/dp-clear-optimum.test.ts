import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProblem, dpSolver, evaluate, picksOf, problemBuilder, solveAllocation, type AllocationProblem } from '../../src/policies/solvers/index.js';
import { dpShortcutPlanner } from '../../src/policies/solvers/dp-shortcut.js';
import type { ProblemParams } from '../../src/policies/solvers/build.js';
import { dpSearchSolver } from '../../src/policies/solvers/dp.js';
import { arbProblem, variant } from './instances.js';
import type { PipelineProfile } from '../../src/profiles/types.js';

/**
 * Whether the problem's best feasible objective beats every other feasible one by more than 1e-9 of
 * its size (the case the dp answers by trying every combination), by brute force.
 */
function hasClearOptimum(problem: AllocationProblem): boolean {
  const objectives: number[] = [];
  const visit = (s: number, choice: number[]) => {
    if (s === problem.stages.length) {
      const e = evaluate(problem, picksOf(problem, choice));
      if (e.latencyMs <= problem.slaMs && e.cores <= problem.totalCores) objectives.push(e.objective);
      return;
    }
    for (let o = 0; o < problem.stages[s].options.length; o++) visit(s + 1, [...choice, o]);
  };
  visit(0, []);
  objectives.sort((a, b) => b - a);
  return objectives.length > 0 && (objectives.length === 1 || objectives[0] - objectives[1] > 2e-9 * Math.max(1, Math.abs(objectives[0])));
}

/** Random pipelines of 1-4 stages with non-round numbers (few exact ties) and random problems over them. */
const arbFloatProblem = fc
  .record({
    stages: fc.array(
      fc.array(fc.record({ accuracy: fc.double({ min: 0, max: 1, noNaN: true }), cores: fc.constantFrom(0.5, 1, 2, 3), base: fc.double({ min: 5, max: 300, noNaN: true }), perItem: fc.double({ min: 0, max: 80, noNaN: true }), maxBatch: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 4 }),
      { minLength: 1, maxLength: 4 },
    ),
    lambdaRps: fc.double({ min: 0.1, max: 60, noNaN: true }),
    slaMs: fc.integer({ min: 50, max: 2500 }),
    totalCores: fc.constantFrom(Infinity, 4, 10, 40),
    alpha: fc.double({ min: 0, max: 30, noNaN: true }),
    method: fc.constantFrom('sum' as const, 'product' as const, 'mean' as const),
    normalize: fc.boolean(),
    current: fc.boolean(),
    energy: fc.constantFrom('none', 'power', 'power+idle'),
    indicatorSlack: fc.boolean(),
  })
  .map((r) => {
    const pipeline: PipelineProfile = {
      name: 'floats',
      stages: r.stages.map((vs, s) => ({ name: `s${s}`, variants: vs.map((v, i) => variant(`v${i}`, v.accuracy, v.cores, v.base, v.perItem, v.maxBatch)) })),
    };
    const params: ProblemParams = {
      lambdaRps: r.lambdaRps,
      slaMs: r.slaMs,
      totalCores: r.totalCores,
      weights: { alpha: r.alpha, beta: 1, gamma: 1e-6, ...(r.energy === 'none' ? {} : { delta: 0.3 }) },
      power: r.energy === 'none' ? undefined : { node: { idleW: 60, maxW: 200, curve: 'linear', cores: 16 }, idleWPerCore: r.energy === 'power+idle' ? 3.75 : 0 },
      batchWaitTerm: r.indicatorSlack ? 'indicator-slack' : undefined,
      batchingCap: r.indicatorSlack ? 4 : undefined,
      accuracyMethod: r.method,
      normalizeAccuracy: r.normalize,
      scalingCap: 20,
      maxBatchWaitMs: 500,
      current: r.current ? pipeline.stages.map((st) => ({ variant: st.variants[0].name, batch: 1 })) : undefined,
    };
    return { pipeline, params, problem: buildProblem(pipeline, params) };
  });

describe('dp shortcut for a clear optimum', () => {
  it('chooses what the search alone chooses, on problems with and without a clear optimum', () => {
    let clear = 0;
    let runs = 0;
    const check = (problem: AllocationProblem) => {
      runs++;
      if (hasClearOptimum(problem)) clear++;
      expect(dpSolver.solve(problem)).toEqual(dpSearchSolver.solve(problem));
    };
    fc.assert(fc.property(arbFloatProblem, ({ problem }) => check(problem)), { numRuns: 600, seed: 11 });
    // Integer-ish instances: many exact ties, where the least-change search decides.
    fc.assert(fc.property(arbProblem, ({ problem }) => check(problem)), { numRuns: 600, seed: 12 });
    // Both kinds must be exercised.
    expect(clear).toBeGreaterThan(runs / 4);
    expect(clear).toBeLessThan(runs - 100);
  });

  it('taken from the candidate table, gives the allocation solving the built problem gives', () => {
    let taken = 0;
    let runs = 0;
    const check = ({ pipeline, params }: { pipeline: PipelineProfile; params: ProblemParams }) => {
      runs++;
      const quick = dpShortcutPlanner(pipeline, params)(params);
      if (quick === undefined) return;
      taken++;
      const full = solveAllocation(problemBuilder(pipeline, params)(params), dpSolver);
      expect({ ...quick, solveMs: 0 }).toEqual({ ...full, solveMs: 0 });
      expect(JSON.stringify({ ...quick, solveMs: 0 })).toBe(JSON.stringify({ ...full, solveMs: 0 }));
    };
    fc.assert(fc.property(arbFloatProblem, check), { numRuns: 600, seed: 13 });
    fc.assert(fc.property(arbProblem, check), { numRuns: 600, seed: 14 });
    expect(taken).toBeGreaterThan(runs / 4);
  });

  it('deciding load after load, reusing the clear optima it found, gives what a fresh planner and the built problem give', () => {
    let reused = 0;
    let decisions = 0;
    // Loads drifting mostly down and sometimes up (a reference covers loads at or below its own),
    // repeats, a zero, and now and then other cores.
    const steps = fc.array(
      fc.record({ factor: fc.oneof({ arbitrary: fc.double({ min: 0.97, max: 1, noNaN: true }), weight: 6 }, fc.double({ min: 0.7, max: 1.05, noNaN: true }), fc.constant(1), fc.constant(0), fc.double({ min: 1, max: 2, noNaN: true })), cores: fc.option(fc.constantFrom(Infinity, 4, 10, 40), { freq: 4 }) }),
      { minLength: 1, maxLength: 25 },
    );
    const check = ({ pipeline, params }: { pipeline: PipelineProfile; params: ProblemParams }, walk: { factor: number; cores: number | null }[]) => {
      const planner = dpShortcutPlanner(pipeline, params);
      let lambdaRps = params.lambdaRps;
      let totalCores = params.totalCores;
      for (const step of [{ factor: 1, cores: null }, ...walk]) {
        lambdaRps = step.factor === 0 ? 0 : lambdaRps === 0 ? 3.7 * step.factor : lambdaRps * step.factor;
        if (step.cores !== null) totalCores = step.cores;
        const load = { lambdaRps, totalCores, current: params.current };
        const before = planner.reused;
        const got = planner(load);
        const fresh = dpShortcutPlanner(pipeline, params)(load);
        decisions++;
        reused += planner.reused - before;
        expect(got === undefined).toBe(fresh === undefined);
        if (got === undefined) continue;
        const full = solveAllocation(problemBuilder(pipeline, params)(load), dpSolver);
        expect(JSON.stringify({ ...got, solveMs: 0 })).toBe(JSON.stringify({ ...full, solveMs: 0 }));
      }
    };
    fc.assert(fc.property(arbFloatProblem, steps, check), { numRuns: 300, seed: 15 });
    fc.assert(fc.property(arbProblem, steps, check), { numRuns: 300, seed: 16 });
    // The reuse must be exercised, not only the fresh enumeration (most instances cannot reuse:
    // power terms, IPA's indicator-slack SLA, no clear optimum).
    expect(reused).toBeGreaterThan(decisions / 20);
  });
});
