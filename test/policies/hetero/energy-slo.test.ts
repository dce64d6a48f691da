import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GLPK } from '../../../src/policies/solvers/glpk-types.js';
import type { NodePowerSpec } from '../../../src/energy/power-model.js';
import { InputError } from '../../../src/errors.js';
import { clusterModel, stagePaths } from '../../../src/policies/hetero/cluster-model.js';
import {
  bruteForceEnergySolver,
  buildEnergyProblem,
  dpEnergySolver,
  evaluateEnergyChoice,
  glpkEnergySolver,
  type EnergyProblem,
} from '../../../src/policies/hetero/energy-slo-plan.js';
import { energySloPolicy, type EnergySloDecision, type EnergySloPolicy } from '../../../src/policies/hetero/energy-slo.js';
import { createPolicy, registerPolicy } from '../../../src/policies/registry.js';
import { loadGlpk } from '../../../src/policies/solvers/glpk.js';
import type { Observation, PipelineConfig, PolicyContext, StageConfig } from '../../../src/policies/types.js';
import { acceleratorsOn, onDevice } from '../../../src/profiles/device.js';
import { stageLoadFactors } from '../../../src/profiles/graph.js';
import type { PipelineProfile, StageProfile, VariantProfile } from '../../../src/profiles/types.js';
import { latencyP99Ms, throughputRps } from '../../../src/profiles/variant.js';
import { stream } from '../../../src/random/index.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';
import { simulate } from '../../../src/sim/simulate.js';

let glpk: GLPK;
beforeAll(async () => {
  glpk = await loadGlpk();
});

const profile = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;

/**
 * One stage, one variant, two devices. CPU: 1 core (5 W idle share on a 16-core, 80 W node),
 * 0.4-0.5 J per request. GPU: 1 core + the node's only GPU (50 W idle share), 0.09-0.3 J per
 * request, a longer start-up.
 */
const twoDevice: PipelineProfile = {
  name: 'two-device',
  slaMs: 1000,
  stages: [
    {
      name: 'a',
      variants: [
        {
          name: 'm',
          accuracy: 0.8,
          cores: 1,
          latencyMs: { 1: 100, 2: 180, 4: 320 },
          energyJ: { 1: 0.5, 2: 0.9, 4: 1.6 },
          startupS: 2,
          devices: { gpu: { latencyMs: { 1: 20, 2: 24, 4: 30 }, energyJ: { 1: 0.3, 2: 0.32, 4: 0.36 }, cores: 1, accelerators: 1, startupS: 5 } },
        },
      ],
    },
  ],
};
const twoNodes: NodeSpec[] = [
  { device: 'cpu', cores: 16, accelerators: 0, memoryMB: Infinity },
  { device: 'gpu', cores: 4, accelerators: 1, memoryMB: Infinity },
];
const twoPower: NodePowerSpec[] = [
  { idleW: 80, maxW: 400, curve: 'linear', cores: 16 },
  { idleW: 50, maxW: 200, curve: 'linear', cores: 1 },
];
const WAIT_MS = 100;

function context(pipeline: PipelineProfile, nodes: NodeSpec[], nodePower: NodePowerSpec[], slaMs = pipeline.slaMs!): PolicyContext {
  return { pipeline, slaMs, adaptationIntervalS: 10, totalCores: nodes.reduce((a, n) => a + n.cores, 0), random: stream(1, 'policy'), maxBatchWaitMs: WAIT_MS, nodes, nodePower };
}

function observation(rps: number, config: StageConfig[] = [], stages = 1): Observation {
  return {
    timeS: 60,
    arrivalsPerSecond: new Array(30).fill(rps),
    config,
    stages: new Array(stages).fill(0).map(() => ({ queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: 1000,
    capacity: { totalCores: 0, usedCores: 0 },
  };
}

/** The policy on the two-device case; under the rate model (requests spread over each second) unless `withinSecond` says otherwise. */
const make = async (options: Record<string, unknown> = {}, slaMs?: number) =>
  (await createPolicy({ name: 'energy-slo', predictor: 'reactive', withinSecond: 'poisson', ...options }, context(twoDevice, twoNodes, twoPower, slaMs))) as EnergySloPolicy;

/**
 * The two-device case by hand: per device and batch size b in {1, 2, 4}, n = ceil(lambda /
 * (b / latency)) replicas, batch k = min(b, 1 + lambda x 0.1 s) (an integer at the loads used),
 * power = n x idle share + lambda / k x energy(k), latency = latency(b) + min((b - 1)/lambda, 0.1 s).
 */
function byHand(lambda: number, slaMs = 1000): { device: string; batch: number; replicas: number; powerW: number }[] {
  const lat: Record<string, Record<number, number>> = { cpu: { 1: 100, 2: 180, 4: 320 }, gpu: { 1: 20, 2: 24, 4: 30 } };
  const en: Record<string, Record<number, number>> = { cpu: { 1: 0.5, 2: 0.9, 4: 1.6 }, gpu: { 1: 0.3, 2: 0.32, 4: 0.36 } };
  const idle: Record<string, number> = { cpu: 5, gpu: 50 };
  const max: Record<string, number> = { cpu: 16, gpu: 1 };
  const out: { device: string; batch: number; replicas: number; powerW: number; latency: number }[] = [];
  for (const device of ['cpu', 'gpu']) {
    for (const b of [1, 2, 4]) {
      const n = Math.max(1, Math.ceil(lambda / ((b * 1000) / lat[device][b]) - 1e-12));
      const k = Math.min(b, 1 + lambda * 0.1);
      const latency = lat[device][b] + Math.min(((b - 1) / lambda) * 1000, WAIT_MS);
      if (n > max[device] || latency > slaMs) continue;
      out.push({ device, batch: b, replicas: n, powerW: n * idle[device] + (lambda / k) * en[device][k], latency });
    }
  }
  return out.sort((x, y) => x.powerW - y.powerW || x.latency - y.latency);
}

describe('energy-slo: the two-device case', () => {
  it.each([
    [10, 'cpu', 2, 1, 9.5],
    [60, 'cpu', 4, 5, 49],
    [75, 'gpu', 4, 1, 56.75],
    [100, 'gpu', 4, 1, 59],
  ])('at %d rps it picks the device with the least predicted energy: %s, batch %d, %d replica(s), %d W', async (rps, device, batch, replicas, watts) => {
    const policy = await make();
    const config = policy.decide(observation(rps));
    const best = byHand(rps)[0];
    expect(best).toMatchObject({ device, batch, replicas });
    expect(best.powerW).toBeCloseTo(watts, 9);
    expect(config).toEqual([{ variant: 'm', device, batch, replicas }]);
    expect(policy.lastDecision!.powerW).toBeCloseTo(watts, 9);
    expect(policy.lastDecision!.status).toBe('optimal');
  });

  it.each([10, 30, 60, 75, 100])('under bursts (a second of %d requests at once) it picks the least-energy plan that drains the burst within the SLO, as enumerated by hand', async (rps) => {
    // By hand: every device, batch and replica count from the fewest that sustain the rate to one
    // round for the burst; latency of the burst's last task (burstByHand); power as byHand's.
    const lat: Record<string, Record<number, number>> = { cpu: { 1: 100, 2: 180, 4: 320 }, gpu: { 1: 20, 2: 24, 4: 30 } };
    const en: Record<string, Record<number, number>> = { cpu: { 1: 0.5, 2: 0.9, 4: 1.6 }, gpu: { 1: 0.3, 2: 0.32, 4: 0.36 } };
    const idle: Record<string, number> = { cpu: 5, gpu: 50 };
    const max: Record<string, number> = { cpu: 16, gpu: 1 };
    const plans: { device: string; batch: number; replicas: number; powerW: number; latency: number }[] = [];
    for (const device of ['cpu', 'gpu']) {
      for (const b of [1, 2, 4]) {
        const k = Math.min(b, 1 + rps * 0.1);
        for (let n = Math.max(1, Math.ceil(rps / ((b * 1000) / lat[device][b]) - 1e-12)); n <= Math.min(max[device], Math.max(1, Math.ceil(rps / b))); n++) {
          const latency = burstByHand(rps, n, b, lat[device][b]);
          if (latency <= 1000) plans.push({ device, batch: b, replicas: n, powerW: n * idle[device] + (rps / k) * en[device][k], latency });
        }
      }
    }
    plans.sort((x, y) => x.powerW - y.powerW || x.latency - y.latency);
    const policy = await make({ withinSecond: 'ipa' });
    const config = policy.decide(observation(rps));
    const { device, batch, replicas } = plans[0];
    expect(config).toEqual([{ variant: 'm', device, batch, replicas }]);
    expect(policy.lastDecision!.powerW).toBeCloseTo(plans[0].powerW, 9);
    expect(policy.lastDecision!.latencyMs).toBeCloseTo(plans[0].latency, 9);
    // The burst model never plans fewer replicas than the rate model does.
    const rate = (await make()).decide(observation(rps));
    if (rate[0].device === device && rate[0].batch === batch) expect(replicas).toBeGreaterThanOrEqual(rate[0].replicas);
  });

  it('meets the SLO first: a tight SLO sends even a light load to the GPU', async () => {
    // 90 ms: no CPU batch is fast enough (100 ms at batch 1); the GPU at batch 1 (20 ms) is.
    const policy = await make({}, 90);
    const config = policy.decide(observation(10));
    expect(byHand(10, 90)[0]).toMatchObject({ device: 'gpu', batch: 1 });
    expect(config).toEqual([{ variant: 'm', device: 'gpu', batch: 1, replicas: 1 }]);
    expect(policy.lastDecision!.latencyMs).toBeLessThanOrEqual(90);
  });

  it('with idle: "cluster" (every node powered anyway) it minimises dynamic power alone', async () => {
    // At 10 rps the GPU's 1.6 W (batch 2) beats the CPU's 4.5 W once idle shares do not count.
    const policy = await make({ idle: 'cluster' });
    expect(policy.decide(observation(10))).toEqual([{ variant: 'm', device: 'gpu', batch: 2, replicas: 1 }]);
    expect(policy.lastDecision!.powerW).toBeCloseTo(1.6, 9);
    expect(policy.lastDecision!.idleW).toBe(0);
  });

  it('switches device only when the saving over the horizon pays for the start-up', async () => {
    const onCpu: StageConfig[] = [{ variant: 'm', device: 'cpu', batch: 4, replicas: 5 }];
    // At 75 rps the GPU saves 60 - 56.75 = 3.25 W: 195 J over 60 s, less than the 250 J its replica
    // draws idle during its 5 s start-up. It stays on the CPU...
    const policy = await make();
    expect(policy.decide(observation(75, onCpu))).toEqual([{ variant: 'm', device: 'cpu', batch: 4, replicas: 6 }]);
    expect(policy.lastDecision!.kept).toEqual(['a']);
    expect(policy.lastDecision!.powerW).toBeCloseTo(60, 9);
    expect(policy.lastDecision!.unpinnedPowerW).toBeCloseTo(56.75, 9);
    // ... unless the horizon is long enough (1950 J over 600 s), or the saving grows (21 W at 100 rps).
    const patient = await make({ switchHorizonS: 600 });
    expect(patient.decide(observation(75, onCpu))[0].device).toBe('gpu');
    const d = (await make()).decide(observation(100, onCpu));
    expect(d[0].device).toBe('gpu');
    // And back: at 10 rps the CPU saves 42.1 W, far more than its 10 J start-up.
    const back = await make();
    expect(back.decide(observation(10, [{ variant: 'm', device: 'gpu', batch: 4, replicas: 1 }]))[0].device).toBe('cpu');
    expect(back.lastDecision!.switched).toEqual(['a']);
    expect(back.lastDecision!.startupJ).toBeCloseTo(5 * 2, 9);
  });

  it('in the simulator: CPU at low load, GPU at high load, CPU again, every decision within the constraints', async () => {
    const decisions: { obs: Observation; d: EnergySloDecision }[] = [];
    registerPolicy('energy-slo-recorded', async (options, ctx) => {
      const p = (await energySloPolicy(options, ctx)) as EnergySloPolicy;
      return {
        name: p.name,
        decide(obs: Observation): PipelineConfig {
          const c = p.decide(obs);
          decisions.push({ obs, d: p.lastDecision! });
          return c;
        },
      };
    });
    const rps = [...new Array(60).fill(10), ...new Array(120).fill(100), ...new Array(120).fill(10)];
    const r = await simulate({
      seed: 2,
      durationS: rps.length,
      pipeline: twoDevice,
      workload: { type: 'trace', rps, withinSecond: 'uniform' },
      cluster: { nodes: [{ device: 'cpu', cores: 16, power: { idleW: 80, maxW: 400 } }, { device: 'gpu', cores: 4, accelerators: 1, power: { idleW: 50, maxW: 200 } }] },
      serving: { maxBatchWaitMs: WAIT_MS },
      policy: { name: 'energy-slo-recorded', predictor: { type: 'max', windowS: 5 }, initialRps: 10 },
    });
    const device = r.series.stages[0].device;
    expect(device[3]).toBe('cpu');
    expect(device[14]).toBe('gpu');
    expect(device[27]).toBe('cpu');
    expect(decisions).toHaveLength(30);
    for (const { obs, d } of decisions) {
      expect(d.status).toBe('optimal');
      expectWithinConstraints(twoDevice, d.config, d.plannedRps, 1000, twoNodes);
      expect(d.plannedRps).toBe(obs.arrivalsPerSecond.length ? Math.max(...obs.arrivalsPerSecond.slice(-5)) : 10);
    }
  });
});

/**
 * When the last of `n` tasks arriving together at a stage is done, by hand: batches leave in the
 * order they fill, batch `i` (0-based) on replica `i mod c` in round `floor(i / c)`; a last partial
 * batch also waits until the batch wait is over.
 */
function burstByHand(n: number, c: number, b: number, latency: number): number {
  const batches = Math.ceil(n / b);
  let last = 0;
  for (let i = 0; i < batches; i++) {
    const partial = i === batches - 1 && n % b !== 0;
    const start = Math.max(Math.floor(i / c) * latency, partial && b > 1 ? WAIT_MS : 0);
    last = Math.max(last, start + latency);
  }
  return last;
}

/**
 * Checks a configuration against the constraints, recomputed from the profiles: under the rate
 * model (p99 batch latency plus batch fill), or the burst model (a second's `lambda` requests at once).
 */
function expectWithinConstraints(pipeline: PipelineProfile, config: PipelineConfig, lambda: number, slaMs: number, nodes: NodeSpec[], minAccuracy = 0, arrivals: 'rate' | 'burst' = 'rate'): void {
  const f = stageLoadFactors(pipeline);
  const stageLatency = config.map((c, s) => {
    const v = pipeline.stages[s].variants.find((x) => x.name === c.variant)!;
    const dv = onDevice(v, c.device);
    const ls = lambda * f[s];
    expect(c.replicas * throughputRps(dv, c.batch)).toBeGreaterThanOrEqual(ls * (1 - 1e-12));
    if (arrivals === 'burst') return burstByHand(Math.ceil(ls - 1e-9), c.replicas, c.batch, latencyP99Ms(dv, c.batch));
    return latencyP99Ms(dv, c.batch) + (c.batch > 1 ? Math.min(ls > 0 ? ((c.batch - 1) / ls) * 1000 : WAIT_MS, WAIT_MS) : 0);
  });
  for (const path of stagePaths(pipeline)) {
    expect(path.stages.reduce((a, s) => a + stageLatency[s], 0)).toBeLessThanOrEqual(slaMs * (1 + 1e-12));
    const acc = path.stages.reduce((a, s) => a * pipeline.stages[s].variants.find((x) => x.name === config[s].variant)!.accuracy, 1);
    expect(acc).toBeGreaterThanOrEqual(minAccuracy * (1 - 1e-12));
  }
  for (const device of new Set(nodes.map((n) => n.device))) {
    let cores = 0;
    let accelerators = 0;
    config.forEach((c, s) => {
      if ((c.device ?? 'cpu') !== device) return;
      const v = pipeline.stages[s].variants.find((x) => x.name === c.variant)!;
      cores += c.replicas * onDevice(v, device).cores;
      accelerators += c.replicas * acceleratorsOn(v, device);
    });
    const typeNodes = nodes.filter((n) => n.device === device);
    expect(cores).toBeLessThanOrEqual(typeNodes.reduce((a, n) => a + n.cores, 0));
    expect(accelerators).toBeLessThanOrEqual(typeNodes.reduce((a, n) => a + n.accelerators, 0));
  }
}

const heteroNodes: NodeSpec[] = [
  { device: 'cpu', cores: 48, accelerators: 0, memoryMB: Infinity },
  { device: 'gpu', cores: 8, accelerators: 2, memoryMB: Infinity },
  { device: 'fpga', cores: 8, accelerators: 2, memoryMB: Infinity },
];
const heteroPower: NodePowerSpec[] = [
  { idleW: 60, maxW: 330, curve: 'linear', cores: 48 },
  { idleW: 64, maxW: 220, curve: 'linear', cores: 2 },
  { idleW: 76, maxW: 230, curve: 'linear', cores: 2 },
];

describe('energy-slo on the example pipelines', () => {
  it.each([
    ['video-hetero', 'rate'],
    ['traffic-graph', 'rate'],
    ['video-hetero', 'burst'],
    ['traffic-graph', 'burst'],
  ] as const)('%s, %s model: every decision meets the SLO, capacity and accuracy floor; dp, glpk and brute force agree', async (name, arrivals) => {
    const pipeline = profile(name);
    const ctx = context(pipeline, heteroNodes, heteroPower);
    const cluster = clusterModel(ctx);
    const dp = dpEnergySolver();
    const gl = glpkEnergySolver(glpk);
    const brute = bruteForceEnergySolver();
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.5, max: 60, noNaN: true }), fc.option(fc.constantFrom(0.3, 0.4, 0.45, 0.49), { nil: undefined }), async (rps, minAccuracy) => {
        const withinSecond = arrivals === 'burst' ? 'ipa' : 'poisson';
        const policy = (await createPolicy({ name: 'energy-slo', predictor: 'reactive', withinSecond, ...(minAccuracy ? { minAccuracy } : {}) }, ctx)) as EnergySloPolicy;
        const config = policy.decide({ ...observation(rps, [], pipeline.stages.length), arrivalsPerSecond: [rps] });
        const d = policy.lastDecision!;
        if (d.status === 'optimal') expectWithinConstraints(pipeline, config, rps, pipeline.slaMs!, heteroNodes, minAccuracy ?? 0, arrivals);
        const problem = buildEnergyProblem({ pipeline, lambdaRps: rps, slaMs: pipeline.slaMs!, cluster, devices: cluster.devices, batchingCap: 8, scalingCap: 100, latencyMarginPct: 0, throughputMarginPct: 0, maxBatchWaitMs: WAIT_MS, minAccuracy: minAccuracy ?? 0, arrivals });
        const a = dp.solve(problem, 'energy');
        const b = gl.solve(problem, 'energy');
        const c = brute.solve(problem, 'energy');
        expect(a === null).toBe(c === null);
        expect(b === null).toBe(c === null);
        if (a && b && c) {
          const pc = evaluateEnergyChoice(problem, c).powerW;
          expect(evaluateEnergyChoice(problem, a).powerW).toBeCloseTo(pc, 6);
          expect(evaluateEnergyChoice(problem, b).powerW).toBeCloseTo(pc, 6);
          if (d.status === 'optimal') expect(d.powerW).toBeCloseTo(pc, 6);
        }
      }),
      { numRuns: 12, seed: 42 },
    );
  });
});

// ---- random small DAGs: the DP is exact ------------------------------------------------------------

const variantArb = (name: string) =>
  fc
    .record({
      accuracy: fc.double({ min: 0.3, max: 1, noNaN: true }),
      l1: fc.integer({ min: 20, max: 300 }),
      growth: fc.double({ min: 1.1, max: 1.9, noNaN: true }),
      e1: fc.double({ min: 0.1, max: 2, noNaN: true }),
      g1: fc.integer({ min: 5, max: 60 }),
      ge: fc.double({ min: 0.05, max: 1, noNaN: true }),
      gpu: fc.boolean(),
    })
    .map(
      (x): VariantProfile => ({
        name,
        accuracy: x.accuracy,
        cores: 1,
        latencyMs: { 1: x.l1, 2: Math.round(x.l1 * x.growth) },
        energyJ: { 1: x.e1, 2: x.e1 * x.growth },
        ...(x.gpu ? { devices: { gpu: { latencyMs: { 1: x.g1, 2: Math.round(x.g1 * 1.2) }, energyJ: { 1: x.ge, 2: x.ge * 1.2 }, accelerators: 1 } } } : {}),
      }),
    );

/** 2-4 stages: chains, a fork, a join (a diamond). */
const shapes: (StageProfile['next'] | undefined)[][] = [
  [undefined, undefined],
  [undefined, undefined, undefined],
  [[{ stage: 's1' }, { stage: 's2', probability: 0.5, count: 2 }], undefined, undefined],
  [[{ stage: 's1' }, { stage: 's2' }], [{ stage: 's3' }], [{ stage: 's3', probability: 0.7 }], undefined],
  [[{ stage: 's1', count: { mean: 1.5 } }], [{ stage: 's2' }, { stage: 's3' }], undefined, undefined],
];

const smallArb = fc
  .record({
    shape: fc.integer({ min: 0, max: shapes.length - 1 }),
    variants: fc.array(fc.tuple(variantArb('v0'), variantArb('v1'), variantArb('v2')), { minLength: 4, maxLength: 4 }),
    cores: fc.integer({ min: 3, max: 20 }),
    accelerators: fc.integer({ min: 1, max: 3 }),
    rps: fc.double({ min: 1, max: 20, noNaN: true }),
    slaMs: fc.integer({ min: 100, max: 1500 }),
    minAccuracy: fc.option(fc.double({ min: 0.05, max: 0.6, noNaN: true }), { nil: undefined }),
  })
  .map((x) => {
    const next = shapes[x.shape];
    const pipeline: PipelineProfile = {
      stages: next.map((n, s) => ({ name: `s${s}`, variants: [...x.variants[s]], ...(n ? { next: n } : {}) })),
    };
    const nodes: NodeSpec[] = [
      { device: 'cpu', cores: x.cores, accelerators: 0, memoryMB: Infinity },
      { device: 'gpu', cores: 8, accelerators: x.accelerators, memoryMB: Infinity },
    ];
    const cluster = clusterModel({ nodes, nodePower: [{ idleW: 40, maxW: 200, curve: 'linear', cores: x.cores }, { idleW: 30, maxW: 150, curve: 'linear', cores: x.accelerators }], totalCores: Infinity });
    const problem: EnergyProblem = buildEnergyProblem({ pipeline, lambdaRps: x.rps, slaMs: x.slaMs, cluster, devices: cluster.devices, batchingCap: 8, scalingCap: 100, latencyMarginPct: 0, throughputMarginPct: 0, maxBatchWaitMs: WAIT_MS, minAccuracy: x.minAccuracy ?? 0 });
    return problem;
  });

describe('energy-slo solvers on random small DAGs (chains, forks, joins)', () => {
  it('dp and glpk find the brute-force optimum, for energy and for the latency fallback', () => {
    const dp = dpEnergySolver();
    const gl = glpkEnergySolver(glpk);
    const brute = bruteForceEnergySolver();
    fc.assert(
      fc.property(smallArb, (problem) => {
        for (const objective of ['energy', 'latency'] as const) {
          const c = brute.solve(problem, objective);
          const a = dp.solve(problem, objective);
          const b = gl.solve(problem, objective);
          expect(a === null).toBe(c === null);
          expect(b === null).toBe(c === null);
          if (!a || !b || !c) continue;
          const relaxed = objective === 'latency' ? { ...problem, slaMs: Infinity } : problem;
          const [ea, eb, ec] = [a, b, c].map((x) => evaluateEnergyChoice(relaxed, x));
          expect(ea.feasible && eb.feasible).toBe(true);
          if (objective === 'energy') {
            expect(ea.powerW).toBeCloseTo(ec.powerW, 6);
            expect(eb.powerW).toBeCloseTo(ec.powerW, 6);
          } else {
            expect(ea.latencyMs).toBeCloseTo(ec.latencyMs, 6);
            expect(eb.latencyMs).toBeCloseTo(ec.latencyMs, 6);
          }
        }
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});

describe('energy-slo options', () => {
  it('reports every bad option at once, with suggestions', async () => {
    const err = await createPolicy(
      { name: 'energy-slo', minAcuracy: 0.5, switchHorizonS: -1, solver: 'cplex', devices: ['gpx'] },
      context(twoDevice, twoNodes, twoPower),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const issues = (err as InputError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['policy.devices[0]', 'policy.minAcuracy', 'policy.solver', 'policy.switchHorizonS']);
    expect(issues.find((i) => i.path === 'policy.minAcuracy')!.hint).toContain('minAccuracy');
    expect(issues.find((i) => i.path === 'policy.devices[0]')!.hint).toContain('gpu');
  });

  it('rejects an accuracy floor out of range, or above what the most accurate variants reach', async () => {
    const range = await createPolicy({ name: 'energy-slo', minAccuracy: 1.5 }, context(twoDevice, twoNodes, twoPower)).catch((e) => e);
    expect((range as InputError).issues[0]).toMatchObject({ path: 'policy.minAccuracy' });
    const pipeline = profile('video-hetero');
    const high = await createPolicy({ name: 'energy-slo', minAccuracy: 0.6 }, context(pipeline, heteroNodes, heteroPower)).catch((e) => e);
    expect(high).toBeInstanceOf(InputError);
    expect((high as InputError).issues[0].expected).toContain('0.495');
  });

  it('rejects a device list on which some stage cannot run', async () => {
    const cpuOnly: PipelineProfile = { ...twoDevice, stages: [{ ...twoDevice.stages[0], variants: [{ ...twoDevice.stages[0].variants[0], devices: undefined }] }] };
    const err = await createPolicy({ name: 'energy-slo', devices: ['gpu'] }, context(cpuOnly, twoNodes, twoPower)).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0].path).toBe('policy.devices');
  });
});
