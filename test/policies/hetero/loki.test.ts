import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GLPK } from '../../../src/policies/solvers/glpk-types.js';
import { InputError } from '../../../src/errors.js';
import { clusterModel, type ClusterModel } from '../../../src/policies/hetero/cluster-model.js';
import { exhaustiveLoki } from '../../../src/policies/hetero/loki-exhaustive.js';
import { solveLokiMilp } from '../../../src/policies/hetero/loki-milp.js';
import {
  buildLokiProblem,
  evaluateLoki,
  greedyShares,
  mostAccurateOnly,
  pathAccuracy,
  toLokiConfig,
  type LokiPhase,
  type LokiProblem,
} from '../../../src/policies/hetero/loki-model.js';
import type { LokiPolicy } from '../../../src/policies/hetero/loki.js';
import { createPolicy } from '../../../src/policies/registry.js';
import { loadGlpk } from '../../../src/policies/solvers/glpk.js';
import type { PipelineProfile, StageProfile, VariantProfile } from '../../../src/profiles/types.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';
import { simulate } from '../../../src/sim/simulate.js';
import { cpuNodes, plannerContext, steadyObservation } from './planner-fixtures.js';

let glpk: GLPK;
beforeAll(async () => {
  glpk = await loadGlpk();
});

const profile = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;

/** A two-stage chain: an accurate slow variant and a fast rough one per stage, CPU only. */
const chain: PipelineProfile = {
  name: 'chain',
  slaMs: 1000,
  stages: [
    {
      name: 'a',
      variants: [
        { name: 'a-big', accuracy: 0.9, cores: 1, latencyMs: { 1: 200, 2: 300 } },
        { name: 'a-small', accuracy: 0.6, cores: 1, latencyMs: { 1: 50, 2: 80 } },
      ],
    },
    {
      name: 'b',
      variants: [
        { name: 'b-big', accuracy: 0.8, cores: 1, latencyMs: { 1: 150, 2: 250 } },
        { name: 'b-small', accuracy: 0.5, cores: 1, latencyMs: { 1: 40, 2: 60 } },
      ],
    },
  ],
};

describe('Loki model', () => {
  it('fills shares most accurate first and couples paths most accurate with most accurate', () => {
    expect(greedyShares([3, 10], 5, 1)).toEqual([0.6, 0.4]);
    expect(greedyShares([10, 10], 5, 1)).toEqual([1, 0]);
    expect(greedyShares([1, 1], 4, 0.5)).toEqual([0.25, 0.25]);
    // Stage 1: 60 % at 0.9, 40 % at 0.6; stage 2: 30 % at 0.8, 70 % at 0.5.
    const acc = pathAccuracy(
      [
        [0.9, 0.6],
        [0.8, 0.5],
      ],
      [
        [0.6, 0.4],
        [0.3, 0.7],
      ],
    );
    expect(acc).toBeCloseTo(0.3 * 0.72 + 0.3 * 0.45 + 0.4 * 0.3, 12);
  });

  it('phase 1 keeps only the most accurate variants', () => {
    const p = buildLokiProblem({ pipeline: chain, lambdaRps: 4, slaMs: 1000, deadlineFactor: 2, cluster: clusterModel(plannerContext(chain, cpuNodes(8))), devices: ['cpu'], batchingCap: 8, scalingCap: 100 });
    expect(mostAccurateOnly(p).stages.map((s) => s.deployments.map((d) => d.variant))).toEqual([['a-big'], ['b-big']]);
    expect(p.latencyBudgetMs).toBe(500);
  });
});

describe('loki policy', () => {
  const make = async (pipeline: PipelineProfile, nodes: NodeSpec[], options: Record<string, unknown> = {}) =>
    (await createPolicy({ name: 'loki', predictor: 'reactive', withinSecond: 'poisson', ...options }, plannerContext(pipeline, nodes))) as LokiPolicy;

  it('hardware scaling when the most accurate variants fit: fewest workers, no mix', async () => {
    const policy = await make(chain, cpuNodes(8));
    // 4 rps: a-big at batch 1 serves 5 rps, b-big 6.7 rps; 200 + 150 ms <= 500 ms.
    const config = policy.decide(steadyObservation(chain, 4))!;
    expect(policy.lastDecision!.kind).toBe('hardware');
    expect(config).toEqual([
      { variant: 'a-big', batch: 1, replicas: 1, device: 'cpu' },
      { variant: 'b-big', batch: 1, replicas: 1, device: 'cpu' },
    ]);
    expect(policy.lastDecision!.accuracy).toBeCloseTo(0.72, 12);
  });

  it('under bursts (a second of 4 requests at once): the fewest workers that drain the burst within the budget', async () => {
    // Budget 500 ms. a-big at batch 1 (200 ms) in one round needs 4 replicas, in two (400 ms) 2,
    // leaving 100 ms, less than b-big's 150. b-big at batch 1 in two rounds (300 ms) needs 2; at
    // batch 2 the burst model charges max(R x 250, 100 + 250) ms (a partial batch may wait the
    // 100 ms batch wait), over the 300 ms left. So 4 + 2 = 6 workers (the rate model: 1 + 1).
    const policy = await make(chain, cpuNodes(8), { withinSecond: 'ipa' });
    const config = policy.decide(steadyObservation(chain, 4))!;
    expect(policy.lastDecision!.kind).toBe('hardware');
    expect(config).toEqual([
      { variant: 'a-big', batch: 1, replicas: 4, device: 'cpu' },
      { variant: 'b-big', batch: 1, replicas: 2, device: 'cpu' },
    ]);
    expect(policy.lastDecision!.pathLatencyMs).toBeCloseTo(500, 9);
    // With 5 cores the most accurate pair cannot drain it: accuracy scaling.
    const small = await make(chain, cpuNodes(5), { withinSecond: 'ipa' });
    small.decide(steadyObservation(chain, 4));
    expect(small.lastDecision!.kind).toBe('accuracy');
  });

  it('accuracy scaling when they do not fit: mixed deployments, most accurate first, within the cluster', async () => {
    // 12 rps: the most accurate variants need 4 cores (a-big 2 x batch 2, b-big 2 x batch 1; 300 +
    // 150 ms <= 500 ms), which 4 cores allow and 3 do not.
    const policy = await make(chain, cpuNodes(4));
    policy.decide(steadyObservation(chain, 12));
    expect(policy.lastDecision!.kind).toBe('hardware');
    expect(policy.lastDecision!.workers).toBe(4);
    // 17 rps on 3 cores: a-small alone (20 rps at batch 1) and, for b, b-big (8 rps at batch 2) with
    // b-small taking the rest: 0.6 x (8/17 x 0.8 + 9/17 x 0.5).
    const small = await make(chain, cpuNodes(3));
    const config = small.decide(steadyObservation(chain, 17))!;
    const d = small.lastDecision!;
    expect(d.kind).toBe('accuracy');
    expect(d.served).toBe(1);
    const cores = config.reduce((a, c) => a + c.replicas + (c.mix ?? []).reduce((x, m) => x + m.replicas, 0), 0);
    expect(cores).toBeLessThanOrEqual(3);
    expect(config.some((c) => (c.mix ?? []).length > 0)).toBe(true);
    // The stage's own entry is its most accurate deployment.
    for (const c of config) for (const m of c.mix ?? []) expect(chain.stages.flatMap((s) => s.variants).find((v) => v.name === c.variant)!.accuracy).toBeGreaterThan(chain.stages.flatMap((s) => s.variants).find((v) => v.name === m.variant)!.accuracy);
    expect(d.accuracy).toBeCloseTo(0.6 * ((8 / 17) * 0.8 + (9 / 17) * 0.5), 6);
    expect(config[1]).toEqual({ variant: 'b-big', batch: 2, replicas: 1, device: 'cpu', mix: [{ variant: 'b-small', batch: 1, replicas: 1, device: 'cpu' }] });
    expect(d.pathLatencyMs).toBeLessThanOrEqual(500);
  });

  it('over capacity: the largest share of the load, every stage keeps a replica', async () => {
    const policy = await make(chain, cpuNodes(2));
    const config = policy.decide(steadyObservation(chain, 100))!;
    const d = policy.lastDecision!;
    expect(d.kind).toBe('over-capacity');
    expect(d.served).toBeGreaterThan(0);
    expect(d.served).toBeLessThan(1);
    expect(config.every((c) => c.replicas >= 1)).toBe(true);
    // Two cores, one per stage: the fast variants at batch 2 serve 25 rps (a) and 33 rps (b).
    expect(d.served).toBeCloseTo(25 / 100, 6);
  });

  it('validates its options, all at once, with suggestions', async () => {
    const err = await createPolicy({ name: 'loki', deadlineFactr: 2, deadlineFactor: 0.5, beta: 0.8, solver: 'gurobi', devices: ['gpu'] }, plannerContext(chain, cpuNodes(4))).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const paths = (err as InputError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['policy.beta', 'policy.deadlineFactor', 'policy.deadlineFactr', 'policy.devices[0]', 'policy.solver']);
    expect((err as InputError).issues.find((i) => i.path === 'policy.deadlineFactr')!.hint).toContain('deadlineFactor');
  });

  it('runs in the simulator with early dropping on the example graph: accuracy scaling with mixes on a small CPU cluster', async () => {
    const pipeline = profile('traffic-graph');
    const r = await simulate({
      seed: 3,
      durationS: 120,
      pipeline,
      workload: { type: 'poisson', rps: 14 },
      // The most accurate variants need about 5 + 6 cores for 14 rps (x 2.125 crops); 8 cores force
      // accuracy scaling.
      cluster: { nodes: [{ device: 'cpu', cores: 8 }] },
      serving: { maxBatchWaitMs: 100, earlyDrop: true },
      policy: { name: 'loki', predictor: { type: 'max', windowS: 10 }, initialRps: 14, withinSecond: 'poisson' },
    });
    expect(r.summary.completed).toBeGreaterThan(500);
    expect(r.timing.decisionMs.length).toBe(12);
    expect(r.decisions.some((d) => d.config.some((c) => (c.mix ?? []).length > 0))).toBe(true);
    for (const d of r.decisions) {
      const replicas = d.config.reduce((a, c) => a + c.replicas + (c.mix ?? []).reduce((x, m) => x + m.replicas, 0), 0);
      expect(replicas).toBeLessThanOrEqual(8);
    }
  });
});

// ---- MILP against exhaustive search ---------------------------------------------------------------

/** A variant: `v0` accurate and slow, `v1` rough and fast (so capacity can force a mix), optionally on a GPU. */
const variantArb = (name: 'v0' | 'v1', gpu: boolean) =>
  fc
    .record({
      accuracy: name === 'v0' ? fc.double({ min: 0.7, max: 1, noNaN: true }) : fc.double({ min: 0.3, max: 0.7, noNaN: true }),
      l1: name === 'v0' ? fc.integer({ min: 150, max: 400 }) : fc.integer({ min: 30, max: 150 }),
      growth: fc.double({ min: 1.1, max: 1.9, noNaN: true }),
      cores: fc.integer({ min: 1, max: 2 }),
      g1: name === 'v0' ? fc.integer({ min: 40, max: 120 }) : fc.integer({ min: 10, max: 40 }),
    })
    .map(
      (x): VariantProfile => ({
        name,
        accuracy: x.accuracy,
        cores: x.cores,
        latencyMs: { 1: x.l1, 2: Math.round(x.l1 * x.growth) },
        ...(gpu ? { devices: { gpu: { latencyMs: { 1: x.g1, 2: Math.round(x.g1 * 1.3) }, cores: 1, accelerators: 1 } } } : {}),
      }),
    );

/** Graph shapes of 2-3 stages: a chain, a fork, a diamond-ish DAG with a join. */
const shapes: ((edges: { p: number; m: number }[]) => (StageProfile['next'] | undefined)[])[] = [
  () => [undefined, undefined], // 2-stage chain
  (e) => [[{ stage: 's1', probability: e[0].p, count: { mean: e[0].m } }], undefined],
  () => [undefined, undefined, undefined], // 3-stage chain
  (e) => [[{ stage: 's1', probability: e[0].p }, { stage: 's2', probability: e[1].p, count: { mean: e[1].m } }], undefined, undefined],
  (e) => [[{ stage: 's1', probability: e[0].p }, { stage: 's2' }], [{ stage: 's2', probability: e[1].p }], undefined],
];

const instanceArb = fc
  .record({
    shape: fc.integer({ min: 0, max: shapes.length - 1 }),
    gpu: fc.boolean(),
    variants: fc.array(fc.tuple(variantArb('v0', true), variantArb('v1', true)), { minLength: 3, maxLength: 3 }),
    edges: fc.array(fc.record({ p: fc.double({ min: 0.3, max: 1, noNaN: true }), m: fc.double({ min: 1, max: 2, noNaN: true }) }), { minLength: 2, maxLength: 2 }),
    cores: fc.integer({ min: 2, max: 6 }),
    accelerators: fc.constant(1),
    rps: fc.double({ min: 2, max: 16, noNaN: true }),
    slaMs: fc.integer({ min: 300, max: 1600 }),
    // The burst model (a second's requests at once, up to 1.5 x the rate) or Loki's rate model.
    burst: fc.option(fc.double({ min: 1, max: 1.5, noNaN: true }), { nil: undefined }),
  })
  .map((x) => {
    const next = shapes[x.shape](x.edges);
    const pipeline: PipelineProfile = {
      slaMs: x.slaMs,
      stages: next.map((n, s) => ({
        name: `s${s}`,
        variants: x.variants[s].map((v) => (x.gpu ? v : { ...v, devices: undefined })),
        ...(n ? { next: n } : {}),
      })),
    };
    const nodes: NodeSpec[] = [{ device: 'cpu', cores: x.cores, accelerators: 0, memoryMB: Infinity }];
    if (x.gpu) nodes.push({ device: 'gpu', cores: 4, accelerators: x.accelerators, memoryMB: Infinity });
    const cluster: ClusterModel = clusterModel({ nodes, totalCores: Infinity });
    const arrivals = x.burst === undefined ? {} : { arrivals: 'burst' as const, burstRequests: x.rps * x.burst, maxBatchWaitMs: 50 };
    const problem = buildLokiProblem({ pipeline, lambdaRps: x.rps, slaMs: x.slaMs, deadlineFactor: 2, cluster, devices: cluster.devices, batchingCap: 2, scalingCap: 4, ...arrivals });
    return { problem, pipeline };
  });

function compare(problem: LokiProblem, phase: LokiPhase): void {
  const milp = solveLokiMilp(glpk, problem, phase);
  const ref = exhaustiveLoki(problem, phase);
  expect(milp === null).toBe(ref === null);
  if (!milp || !ref) return;
  const a = evaluateLoki(problem, milp);
  const b = evaluateLoki(problem, ref);
  expect(a.feasible).toBe(true);
  if (phase === 'max-served') expect(a.served).toBeCloseTo(b.served, 7);
  else expect(a.served).toBeGreaterThanOrEqual(1 - 1e-9);
  expect(Math.abs(a.accuracy - b.accuracy)).toBeLessThanOrEqual(1e-6);
  expect(a.workers).toBe(b.workers);
}

describe('Loki MILP = exhaustive search (random small DAGs: 2-3 stages, 2 variants, 1-2 devices)', () => {
  it('phase 2, accuracy scaling: same objective (traffic-weighted path accuracy), then same workers', () => {
    fc.assert(
      fc.property(instanceArb, ({ problem }) => compare(problem, 'accuracy')),
      { numRuns: 120, seed: 20261201 },
    );
  });

  it('phase 1, hardware scaling, and the over-capacity fallback agree too', () => {
    fc.assert(
      fc.property(instanceArb, ({ problem }) => {
        compare(mostAccurateOnly(problem), 'hardware');
        compare(problem, 'max-served');
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('the MILP plan is a valid configuration: most accurate deployment first, the rest in mix', () => {
    fc.assert(
      fc.property(instanceArb, ({ problem, pipeline }) => {
        const a = solveLokiMilp(glpk, problem, 'max-served');
        if (!a) return;
        const config = toLokiConfig(problem, a);
        expect(config).toHaveLength(pipeline.stages.length);
        config.forEach((c, s) => {
          const acc = (name: string) => pipeline.stages[s].variants.find((v) => v.name === name)!.accuracy;
          for (const m of c.mix ?? []) expect(acc(c.variant)).toBeGreaterThanOrEqual(acc(m.variant));
          expect(c.replicas + (c.mix ?? []).reduce((x, m) => x + m.replicas, 0)).toBeGreaterThanOrEqual(1);
        });
      }),
      { numRuns: 20, seed: 11 },
    );
  });
});
