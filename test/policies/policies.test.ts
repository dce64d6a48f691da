import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledPipelines } from '../../src/bundled/index.js';
import { InputError } from '../../src/errors.js';
import type { PlanningPolicy } from '../../src/policies/allocation-policy.js';
import { fa2Program } from '../../src/policies/fa2.js';
import { plan } from '../../src/policies/plan.js';
import { createPolicy } from '../../src/policies/registry.js';
import { bruteForceSolver, buildProblem, dpSolver, evaluate, picksOf } from '../../src/policies/solvers/index.js';
import type { Observation, PolicyContext, StageConfig } from '../../src/policies/types.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { stream } from '../../src/random/index.js';
import { arbPipeline, variant } from './instances.js';

const video = bundledPipelines['video'];

const small: PipelineProfile = {
  name: 'small',
  stages: [
    { name: 'a', variants: [variant('a-lo', 0.4, 1, 40, 10), variant('a-hi', 0.8, 2, 120, 40)] },
    { name: 'b', variants: [variant('b-lo', 0.5, 1, 30, 10), variant('b-mid', 0.7, 1, 60, 20), variant('b-hi', 0.9, 2, 150, 50)] },
  ],
};

function context(pipeline: PipelineProfile, over: Partial<PolicyContext> = {}): PolicyContext {
  return { pipeline, slaMs: pipeline.slaMs ?? 2000, adaptationIntervalS: 10, totalCores: Infinity, random: stream(1, 'policy'), maxBatchWaitMs: 1000, ...over };
}

function observation(pipeline: PipelineProfile, rps: number, config: StageConfig[] = [], totalCores = Infinity): Observation {
  return {
    timeS: 60,
    arrivalsPerSecond: Array.from({ length: 60 }, () => rps),
    config,
    stages: pipeline.stages.map(() => ({ queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: pipeline.slaMs ?? 2000,
    capacity: { totalCores, usedCores: 0 },
  };
}

async function issuesOf(spec: { name: string } & Record<string, unknown>, pipeline: PipelineProfile = small) {
  try {
    await createPolicy(spec, context(pipeline));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues;
  }
  throw new Error(`policy ${spec.name} accepted ${JSON.stringify(spec)}`);
}

describe('option validation', () => {
  it('names a misspelt option and suggests the right one', async () => {
    const [i] = await issuesOf({ name: 'ipa', alpah: 3 });
    expect(i.path).toBe('policy.alpah');
    expect(i.hint).toBe('did you mean "alpha"?');
  });

  it('reports every bad option at once, each at its path', async () => {
    const issues = await issuesOf({ name: 'ipa', alpha: -1, accuracyMethod: 'prod', solver: 'gurobi', scalingCap: 2.5, normalizeAccuracy: 'yes' });
    expect(issues.map((i) => i.path).sort()).toEqual(['policy.accuracyMethod', 'policy.alpha', 'policy.normalizeAccuracy', 'policy.scalingCap', 'policy.solver']);
    expect(issues.find((i) => i.path === 'policy.accuracyMethod')!.hint).toBe('did you mean "product"?');
  });

  it('reports a bad predictor under policy.predictor', async () => {
    const [i] = await issuesOf({ name: 'ipa', predictor: { type: 'maxx' } });
    expect(i.path).toBe('policy.predictor.type');
    expect(i.hint).toBe('did you mean "max"?');
    const [j] = await issuesOf({ name: 'greedy', predictor: { type: 'max', windowS: 0 } });
    expect(j.path).toBe('policy.predictor.windowS');
  });

  it('checks frozen variants and replicas against the pipeline', async () => {
    const [v] = await issuesOf({ name: 'fa2-low', variants: ['a-lo', 'b-mdi'] });
    expect(v.path).toBe('policy.variants[1]');
    expect(v.hint).toBe('did you mean "b-mid"?');
    expect((await issuesOf({ name: 'fa2-high', variants: ['a-lo'] }))[0].path).toBe('policy.variants');
    expect((await issuesOf({ name: 'rim', replicas: [1, 0] }))[0].path).toBe('policy.replicas[1]');
    // A pipeline that is not one of IPA's has no default RIM replicas.
    expect((await issuesOf({ name: 'rim' }))[0].path).toBe('policy.replicas');
    expect((await issuesOf({ name: 'rim', replicas: [1, 1], peakRps: 5 }))[0].path).toBe('policy.peakRps');
  });

  it('validates the baselines\' own options', async () => {
    expect((await issuesOf({ name: 'fa2', budgetSteps: 0 }))[0].path).toBe('policy.budgetSteps');
    expect((await issuesOf({ name: 'random', extraReplicasPct: -1 }))[0].path).toBe('policy.extraReplicasPct');
    expect((await issuesOf({ name: 'random', sustainload: true }))[0].hint).toBe('did you mean "sustainLoad"?');
    expect((await issuesOf({ name: 'greedy', alpha: 1 }))[0].path).toBe('policy.alpha');
  });
});

describe('frozen knobs', () => {
  const loads = fc.integer({ min: 0, max: 120 });

  it('fa2-low and fa2-high never change the frozen variants (IPA\'s baselines for video)', async () => {
    const low = (await createPolicy({ name: 'fa2-low', predictor: 'reactive' }, context(video))) as PlanningPolicy;
    const high = (await createPolicy({ name: 'fa2-high', predictor: 'reactive' }, context(video))) as PlanningPolicy;
    fc.assert(
      fc.property(loads, (rps) => {
        expect(low.decide(observation(video, rps))!.map((c) => c.variant)).toEqual(['yolov5n', 'resnet18']);
        expect(high.decide(observation(video, rps))!.map((c) => c.variant)).toEqual(['yolov5s', 'resnet101']);
      }),
      { numRuns: 40, seed: 1 },
    );
  });

  it('fa2-low keeps user-given variants on random pipelines and loads', async () => {
    await fc.assert(
      fc.asyncProperty(arbPipeline, loads, async (pipeline, rps) => {
        const variants = pipeline.stages.map((s) => s.variants[s.variants.length - 1].name);
        const p = await createPolicy({ name: 'fa2-low', variants, predictor: 'reactive' }, context(pipeline));
        expect(p.decide(observation(pipeline, rps))!.map((c) => c.variant)).toEqual(variants);
      }),
      { numRuns: 40, seed: 2 },
    );
  });

  it('rim never changes the frozen replicas, while variants adapt', async () => {
    const rim = (await createPolicy({ name: 'rim', predictor: 'reactive' }, context(video))) as PlanningPolicy;
    const seen = new Set<string>();
    fc.assert(
      fc.property(loads, (rps) => {
        const config = rim.decide(observation(video, rps))!;
        expect(config.map((c) => c.replicas)).toEqual([3, 3]);
        seen.add(config.map((c) => c.variant).join('+'));
      }),
      { numRuns: 40, seed: 3 },
    );
    expect(seen.size).toBeGreaterThan(1);
  });

  it('rim sizes replicas for peakRps when asked', async () => {
    const rim = await createPolicy({ name: 'rim', peakRps: 30, predictor: 'reactive' }, context(small));
    const config = rim.decide(observation(small, 5))!;
    // a-hi: 4 x 1000 / 240 = 16.7 rps per replica -> 2; b-hi: 4 x 1000 / 300 = 13.3 -> 3.
    expect(config.map((c) => c.replicas)).toEqual([2, 3]);
  });
});

describe('ipa', () => {
  it('plans what the dp solver finds for the predicted load, and reports it', async () => {
    const ipa = (await createPolicy({ name: 'ipa', predictor: 'reactive' }, context(video))) as PlanningPolicy;
    const config = ipa.decide(observation(video, 20))!;
    const d = ipa.lastDecision!;
    expect(d.predictedRps).toBe(20);
    expect(d.status).toBe('optimal');
    expect(d.config).toEqual(config);
    expect(d.solveMs).toBeGreaterThanOrEqual(0);
    const problem = buildProblem(video, {
      lambdaRps: 20,
      slaMs: video.slaMs!,
      weights: { alpha: 2, beta: 1, gamma: 1e-6 },
      accuracyMethod: 'sum',
      normalizeAccuracy: true,
      batchingCap: 8,
      scalingCap: 100,
      maxBatchWaitMs: 1000,
    });
    const best = evaluate(problem, picksOf(problem, bruteForceSolver().solve(problem)!)).objective;
    expect(d.objective).toBeCloseTo(best, 9);
  });

  it('plans for initialRps at t = 0, before any load was seen', async () => {
    const ipa = (await createPolicy({ name: 'ipa', initialRps: 40 }, context(video))) as PlanningPolicy;
    ipa.decide({ ...observation(video, 0), arrivalsPerSecond: [] });
    expect(ipa.lastDecision!.predictedRps).toBe(40);
  });

  it('respects the cluster\'s cores and falls back when the load cannot be served', async () => {
    const ipa = (await createPolicy({ name: 'ipa', predictor: 'reactive' }, context(video))) as PlanningPolicy;
    const config = ipa.decide(observation(video, 200, [], 6))!;
    expect(ipa.lastDecision!.status).toBe('over-capacity');
    expect(ipa.lastDecision!.cores).toBeLessThanOrEqual(6);
    expect(config).toHaveLength(2);
  });
});

describe('baselines', () => {
  it('greedy takes the fewest-cores load-sustaining option per stage', async () => {
    await fc.assert(
      fc.asyncProperty(arbPipeline, fc.integer({ min: 1, max: 60 }), async (pipeline, rps) => {
        const g = (await createPolicy({ name: 'greedy', predictor: 'reactive', scalingCap: 1000 }, context(pipeline))) as PlanningPolicy;
        const config = g.decide(observation(pipeline, rps))!;
        const problem = buildProblem(pipeline, {
          lambdaRps: rps,
          slaMs: 2000,
          weights: { alpha: 0, beta: 1, gamma: 0 },
          accuracyMethod: 'sum',
          normalizeAccuracy: false,
          batchingCap: 8,
          scalingCap: 1000,
          maxBatchWaitMs: 1000,
        });
        problem.stages.forEach((st, s) => {
          const min = Math.min(...st.options.map((o) => o.cores));
          const v = pipeline.stages[s].variants.find((x) => x.name === config[s].variant)!;
          expect(v.cores * config[s].replicas).toBe(min);
        });
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  describe('random', () => {
    afterEach(() => vi.restoreAllMocks());

    it('repeats exactly with the same stream and never calls Math.random', async () => {
      vi.spyOn(Math, 'random').mockImplementation(() => {
        throw new Error('Math.random used');
      });
      const run = async (seed: number) => {
        const p = await createPolicy({ name: 'random', predictor: 'reactive' }, context(video, { random: stream(seed, 'policy') }));
        return Array.from({ length: 20 }, (_, i) => p.decide(observation(video, 5 + i)));
      };
      const a = await run(1);
      expect(await run(1)).toEqual(a);
      expect(await run(2)).not.toEqual(a);
      // Draws cover several variants and stay within the bounds.
      expect(new Set(a.map((c) => c![0].variant)).size).toBeGreaterThan(1);
      for (const c of a) for (const s of c!) expect(s.batch).toBeLessThanOrEqual(8);
    });

    it('sustains the predicted load by default, with at most twice the needed replicas', async () => {
      const p = await createPolicy({ name: 'random', predictor: 'reactive' }, context(small));
      for (let i = 0; i < 30; i++) {
        const config = p.decide(observation(small, 25))!;
        config.forEach((c, s) => {
          const v = small.stages[s].variants.find((x) => x.name === c.variant)!;
          const thr = (c.batch * 1000) / v.latencyMs[String(c.batch)];
          const need = Math.ceil(25 / thr - 1e-12);
          expect(c.replicas).toBeGreaterThanOrEqual(need);
          expect(c.replicas).toBeLessThanOrEqual(2 * need);
        });
      }
    });
  });

  describe('fa2 (original recipe)', () => {
    it('stays within the SLA and is never cheaper than the exact minimum cost', () => {
      fc.assert(
        fc.property(arbPipeline, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 50, max: 3000 }), (pipeline, rps, slaMs) => {
          const problem = buildProblem(pipeline, {
            lambdaRps: rps,
            slaMs,
            weights: { alpha: 0, beta: 1, gamma: 0 },
            accuracyMethod: 'sum',
            normalizeAccuracy: false,
            scalingCap: 100,
            frozenVariants: pipeline.stages.map((s) => s.variants[0].name),
          });
          const exact = dpSolver.solve(problem);
          const picks = problem.stages.some((s) => s.options.length === 0) ? undefined : fa2Program(problem, 1000);
          if (!picks) return;
          expect(exact).not.toBeNull();
          const e = evaluate(problem, picks);
          expect(e.latencyMs).toBeLessThanOrEqual(slaMs);
          expect(e.cores).toBeGreaterThanOrEqual(evaluate(problem, picksOf(problem, exact!)).cores);
        }),
        { numRuns: 150, seed: 5 },
      );
    });

    it('finds the exact minimum cost when latencies fall on the budget grid', () => {
      // Integer latencies and a 1 ms step: the discretisation is exact.
      fc.assert(
        fc.property(arbPipeline, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 50, max: 3000 }), (pipeline, rps, slaMs) => {
          const problem = buildProblem(pipeline, {
            lambdaRps: rps,
            slaMs,
            weights: { alpha: 0, beta: 1, gamma: 0 },
            accuracyMethod: 'sum',
            normalizeAccuracy: false,
            batchingCap: 1,
            scalingCap: 100,
            frozenVariants: pipeline.stages.map((s) => s.variants[0].name),
          });
          const exact = dpSolver.solve(problem);
          const picks = problem.stages.some((s) => s.options.length === 0) ? undefined : fa2Program(problem, slaMs);
          expect(picks === undefined).toBe(exact === null);
          if (picks) expect(evaluate(problem, picks).cores).toBe(evaluate(problem, picksOf(problem, exact!)).cores);
        }),
        { numRuns: 150, seed: 6 },
      );
    });

    it('defaults to the most accurate variant of each stage', async () => {
      const p = await createPolicy({ name: 'fa2', predictor: 'reactive' }, context(small));
      expect(p.decide(observation(small, 10))!.map((c) => c.variant)).toEqual(['a-hi', 'b-hi']);
    });
  });
});

describe('plan', () => {
  it('plans a bundled pipeline by name, identically with dp and glpk', async () => {
    const a = await plan('video', { rps: 20 });
    const b = await plan('video', { rps: 20, solver: 'glpk' });
    expect(a.feasible).toBe(true);
    expect(a.config).toHaveLength(2);
    expect(b.objective).toBeCloseTo(a.objective, 9);
    expect(a.latencyMs).toBeLessThanOrEqual(video.slaMs!);
  });

  it('takes weights and other planning policies', async () => {
    const accurate = await plan(small, { rps: 10, slaMs: 2000, weights: { alpha: 100 } });
    expect(accurate.config.map((c) => c.variant)).toEqual(['a-hi', 'b-hi']);
    const low = await plan('video', { rps: 20, policy: 'fa2-low' });
    expect(low.config.map((c) => c.variant)).toEqual(['yolov5n', 'resnet18']);
    const rim = await plan('video', { rps: 20, policy: { name: 'rim', replicas: [4, 2] } });
    expect(rim.config.map((c) => c.replicas)).toEqual([4, 2]);
  });

  it('rejects bad input with paths and suggestions', async () => {
    const issue = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (err) {
        return (err as InputError).issues[0];
      }
      throw new Error('accepted');
    };
    expect(await issue(() => plan('vidoe', { rps: 1 }))).toMatchObject({ path: 'pipeline', hint: 'did you mean "video"?' });
    expect((await issue(() => plan('video', { rps: -1 }))).path).toBe('rps');
    expect((await issue(() => plan(small, { rps: 1 }))).path).toBe('slaMs');
    expect((await issue(() => plan('video', { rps: 1, policy: 'ipa2' }))).path).toBe('policy.name');
    expect((await issue(() => plan('video', { rps: 1, policy: 'greedy', weights: { alpha: 1 } }))).path).toBe('weights');
  });
});
