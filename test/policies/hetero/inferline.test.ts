import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledWorkloads } from '../../../src/bundled/index.js';
import { InputError } from '../../../src/errors.js';
import { ENVELOPE_WINDOWS_S, envelopeRatio, trafficEnvelope } from '../../../src/policies/hetero/inferline-envelope.js';
import { sampleEstimator } from '../../../src/policies/hetero/inferline-estimator.js';
import { fitsCluster, longestPath, planInferLine, toPipelineConfig, type InferLinePlanInput } from '../../../src/policies/hetero/inferline-planner.js';
import type { InferLinePolicy } from '../../../src/policies/hetero/inferline.js';
import { createPolicy } from '../../../src/policies/registry.js';
import type { Observation, PolicyContext, StageConfig } from '../../../src/policies/types.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';
import { simulate } from '../../../src/sim/simulate.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { plannerContext, plannerObservation } from './planner-fixtures.js';

const profile = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;

/** One stage, one variant: a CPU profile (1 core) and a GPU profile (1 core + 1 GPU). */
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
          latencyMs: { 1: 100, 2: 180, 4: 340 },
          devices: { gpu: { latencyMs: { 1: 20, 2: 24, 4: 30 }, cores: 1, accelerators: 1 } },
        },
      ],
    },
  ],
};

const unbounded: NodeSpec[] = [
  { device: 'cpu', cores: 1000, accelerators: 0, memoryMB: Infinity },
  { device: 'gpu', cores: 1000, accelerators: 1000, memoryMB: Infinity },
];

const heteroNodes: NodeSpec[] = [
  { device: 'cpu', cores: 48, accelerators: 0, memoryMB: Infinity },
  { device: 'gpu', cores: 8, accelerators: 2, memoryMB: Infinity },
  { device: 'fpga', cores: 8, accelerators: 2, memoryMB: Infinity },
];

const clusterOf = (nodes: NodeSpec[]) => ({ nodes: nodes.map((n) => ({ device: n.device, cores: n.cores, accelerators: n.accelerators })) });

function planFor(pipeline: PipelineProfile, sample: number[], over: Partial<InferLinePlanInput> = {}, nodes = unbounded) {
  const slaMs = pipeline.slaMs!;
  const est = sampleEstimator({ pipeline, slaMs, sample, withinSecond: 'poisson', nodes, maxBatchWaitMs: 100, seed: 7, quantile: 0.99 });
  const devices = pipeline.stages.map((s) => Object.keys({ cpu: 1, ...s.variants[s.variants.length - 1].devices }).filter((d) => nodes.some((n) => n.device === d)));
  const plan = planInferLine({
    pipeline,
    slaMs,
    variants: pipeline.stages.map((s) => s.variants[s.variants.length - 1].name),
    devices,
    prices: { cpu: 1, gpu: 4, fpga: 12 },
    defaultAcceleratorPrice: 4,
    loadRps: sample.reduce((a, b) => a + b, 0) / sample.length,
    batchingCap: 8,
    scalingCap: 100,
    maxEstimates: 150,
    nodes,
    estimator: est.estimator,
    ...over,
  });
  return { plan, est };
}

describe('traffic envelopes', () => {
  it('takes the highest rate over each window', () => {
    expect(trafficEnvelope([1, 5, 1, 1], [1, 2, 4])).toEqual([5, 3, 2]);
    expect(trafficEnvelope([], [1, 2])).toEqual([0, 0]);
    expect(ENVELOPE_WINDOWS_S).toEqual([1, 2, 4, 8, 16, 32, 60]);
  });

  it('counts grow with the window, rates shrink from a window to its multiples, bounded by the peak and the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 60, maxLength: 90 }), (counts) => {
        const e = trafficEnvelope(counts);
        const w = ENVELOPE_WINDOWS_S;
        for (let i = 1; i < e.length; i++) {
          expect(e[i] * w[i]).toBeGreaterThanOrEqual(e[i - 1] * w[i - 1] - 1e-9);
          if (w[i] % w[i - 1] === 0) expect(e[i]).toBeLessThanOrEqual(e[i - 1] + 1e-12);
        }
        expect(e[0]).toBe(Math.max(...counts));
        // The 60 s window is at least the mean of any 60 consecutive seconds, e.g. the first 60.
        expect(e[e.length - 1]).toBeGreaterThanOrEqual(counts.slice(0, 60).reduce((a, b) => a + b, 0) / 60 - 1e-12);
      }),
    );
  });

  it('the ratio is the largest observed / planned over windows', () => {
    expect(envelopeRatio([4, 3, 2], [2, 2, 2])).toBe(2);
    expect(envelopeRatio([1, 1], [2, 4])).toBe(0.5);
    expect(envelopeRatio([1, 0], [0, 0])).toBe(Infinity);
    expect(envelopeRatio([0, 0], [0, 0])).toBe(0);
  });
});

describe('planner helpers', () => {
  it('longest path of a chain sums, of a graph takes the longest branch', () => {
    expect(longestPath(twoDevice, [50])).toBe(50);
    const g: PipelineProfile = {
      stages: [
        { name: 'a', variants: [], next: [{ stage: 'b' }, { stage: 'c' }] },
        { name: 'b', variants: [] },
        { name: 'c', variants: [], next: [{ stage: 'd' }] },
        { name: 'd', variants: [] },
      ],
    };
    expect(longestPath(g, [1, 10, 2, 3])).toBe(11);
    expect(longestPath(g, [1, 4, 2, 3])).toBe(6);
  });

  it('capacity: replicas are packed per device type', () => {
    const one = (replicas: number, device = 'gpu') => [{ variant: 'm', device, batch: 1, replicas }];
    const nodes: NodeSpec[] = [{ device: 'gpu', cores: 8, accelerators: 2, memoryMB: Infinity }];
    expect(fitsCluster(twoDevice, one(2), nodes)).toBe(true);
    expect(fitsCluster(twoDevice, one(3), nodes)).toBe(false);
    expect(fitsCluster(twoDevice, one(1, 'cpu'), nodes)).toBe(false);
    expect(fitsCluster(twoDevice, one(50), undefined)).toBe(true);
  });
});

describe('InferLine planner', () => {
  it('two devices, known answers: a light load goes to the cheap CPU, a heavy one stays on the GPU', () => {
    const light = planFor(twoDevice, new Array(30).fill(2)).plan;
    expect(light.status).toBe('feasible');
    expect(light.stages[0]).toMatchObject({ device: 'cpu', replicas: 1 });
    expect(light.steps.some((s) => s.action === 'downgrade-hardware')).toBe(true);
    const heavy = planFor(twoDevice, new Array(30).fill(100)).plan;
    expect(heavy.status).toBe('feasible');
    // CPU needs >= 9 replicas (11.8 rps each at batch 4) = 9 > one GPU replica (1 core + 4) = 5.
    expect(heavy.stages[0]).toMatchObject({ device: 'gpu', replicas: 1, batch: 4 });
    expect(heavy.cost).toBe(5);
    // It started at batch 1, one replica, on the GPU (the best hardware) and had to add replicas.
    expect(heavy.steps[0].action).toBe('add-replica');
  });

  it("reports a pipeline whose batch-1 service time exceeds the SLO as infeasible, without simulating", () => {
    const { plan } = planFor({ ...twoDevice, slaMs: 10 }, [1, 1, 1]);
    expect(plan.status).toBe('infeasible');
    expect(plan.estimates).toBe(0);
  });

  it('stops at the estimate budget', () => {
    // Three GPU replicas are the first stable configuration (50 rps each for 100 rps): one estimate
    // says it meets the SLO, and the budget ends the cost search there.
    const { plan } = planFor(twoDevice, new Array(30).fill(100), { maxEstimates: 1 });
    expect(plan.estimates).toBe(1);
    expect(plan.status).toBe('budget');
    expect(plan.stages[0]).toMatchObject({ device: 'gpu', batch: 1, replicas: 3 });
    expect(planFor(twoDevice, new Array(30).fill(100), { maxEstimates: 0 }).plan.status).toBe('infeasible');
  });

  const peak = bundledWorkloads['bursty'].rps.slice(400, 460);
  it.each([
    ['video-hetero', peak],
    ['traffic-graph', bundledWorkloads['bursty'].rps.slice(0, 60)],
  ])('%s: the plan meets the SLO when simulated on its sample, within the cluster', async (name, sample) => {
    const pipeline = profile(name);
    const { plan } = planFor(pipeline, sample, {}, heteroNodes);
    expect(plan.status).not.toBe('infeasible');
    expect(fitsCluster(pipeline, plan.stages, heteroNodes)).toBe(true);
    const scenario: Scenario = {
      seed: 7,
      durationS: sample.length,
      pipeline,
      workload: { type: 'trace', rps: sample, withinSecond: 'poisson' },
      cluster: clusterOf(heteroNodes),
      serving: { maxBatchWaitMs: 100, dropLimitS: (3 * pipeline.slaMs!) / 1000 },
      policy: { name: 'static', config: toPipelineConfig(plan.stages) },
    };
    const r = await simulate(scenario);
    expect(r.summary.requests).toBeGreaterThan(100);
    expect(r.summary.slaViolationRate).toBeLessThanOrEqual(0.01);
    expect(r.summary.latencyMs.p99).toBeLessThanOrEqual(pipeline.slaMs!);
    expect(r.summary.replicasDelayedByCapacity).toBe(0);
  });
});

const context = (pipeline: PipelineProfile, nodes: NodeSpec[] = heteroNodes): PolicyContext => plannerContext(pipeline, nodes);

/** These cases observe a 64-core capacity. */
const observation = (pipeline: PipelineProfile, timeS: number, arrivals: number[], config: StageConfig[] = []): Observation =>
  plannerObservation(pipeline, timeS, arrivals, config, 64);

describe('inferline policy', () => {
  it('plans at t = 0, scales up when a window exceeds the planned envelope, and scales down conservatively', async () => {
    const p = (await createPolicy({ name: 'inferline', initialRps: 4, withinSecond: 'poisson', devices: ['cpu'], scaleDownDelayS: 20, replanIntervalS: 1000 }, context(twoDevice))) as InferLinePolicy;
    const first = p.decide(observation(twoDevice, 0, []))!;
    expect(p.lastDecision!.kind).toBe('plan');
    expect(first[0].device).toBe('cpu');
    const planned = p.plan!.stages[0].replicas;
    const calm = new Array(60).fill(4);
    // The first full sample triggers no re-plan here: the t = 0 sample counts as full.
    expect(p.decide(observation(twoDevice, 10, calm.slice(0, 10)))).toBeUndefined();
    expect(p.lastDecision!.kind).toBe('keep');
    // A burst: 3x the planned rate over the last 8 s.
    const burst = [...calm.slice(8), ...new Array(8).fill(12)];
    const up = p.decide(observation(twoDevice, 20, burst))!;
    expect(p.lastDecision!.kind).toBe('scale-up');
    expect(p.lastDecision!.envelopeRatio).toBeCloseTo(3, 9);
    expect(up[0].replicas).toBe(Math.ceil(planned * 3));
    // Calm again, but not for scaleDownDelayS yet: keep.
    expect(p.decide(observation(twoDevice, 30, calm))).toBeUndefined();
    // After the delay: one replica per decision, never below the plan.
    const down = p.decide(observation(twoDevice, 40, calm))!;
    expect(p.lastDecision!.kind).toBe('scale-down');
    expect(down[0].replicas).toBe(up[0].replicas - 1);
    let last = down;
    for (let t = 50; t < 200; t += 10) last = p.decide(observation(twoDevice, t, calm)) ?? last;
    expect(last[0].replicas).toBe(planned);
  });

  it('re-plans every replanIntervalS on the recent arrivals', async () => {
    const p = (await createPolicy({ name: 'inferline', initialRps: 2, withinSecond: 'poisson', replanIntervalS: 30, sampleS: 20, prices: { gpu: 4 } }, context(twoDevice, unbounded))) as InferLinePolicy;
    p.decide(observation(twoDevice, 0, []));
    expect(p.plan!.stages[0].device).toBe('cpu');
    p.decide(observation(twoDevice, 30, new Array(30).fill(100)));
    expect(p.lastDecision!.kind).toBe('plan');
    expect(p.plan!.stages[0].device).toBe('gpu');
    expect(p.lastDecision!.estimates).toBeGreaterThan(0);
  });

  it('a plan for no load is replaced as soon as traffic appears, then again on the first full sample', async () => {
    const p = (await createPolicy({ name: 'inferline', withinSecond: 'poisson', sampleS: 30 }, context(twoDevice, unbounded))) as InferLinePolicy;
    p.decide(observation(twoDevice, 0, []));
    expect(p.plan!.envelope.every((x) => x === 0)).toBe(true);
    p.decide(observation(twoDevice, 10, new Array(10).fill(3)));
    expect(p.lastDecision!.kind).toBe('plan');
    expect(p.plan!.full).toBe(false);
    p.decide(observation(twoDevice, 20, new Array(20).fill(3)));
    expect(p.lastDecision!.kind).not.toBe('plan');
    p.decide(observation(twoDevice, 30, new Array(30).fill(3)));
    expect(p.lastDecision!.kind).toBe('plan');
    expect(p.plan!.full).toBe(true);
  });

  it('runs in a simulation with devices; the simulator reports its decision times', async () => {
    const pipeline = profile('video-hetero');
    const r = await simulate({
      seed: 3,
      durationS: 120,
      pipeline,
      workload: { type: 'trace', rps: bundledWorkloads['bursty'].rps.slice(380, 500) },
      cluster: clusterOf(heteroNodes),
      serving: { maxBatchWaitMs: 100 },
      policy: { name: 'inferline', initialRps: 25, sampleS: 30, replanIntervalS: 60 },
    });
    expect(r.policy).toBe('inferline');
    expect(r.timing.decisionMs.length).toBe(12);
    expect(r.summary.completed).toBeGreaterThan(0.9 * r.summary.requests);
  });
});

describe('inferline options', () => {
  async function issuesOf(options: Record<string, unknown>, nodes: NodeSpec[] = heteroNodes) {
    try {
      await createPolicy({ name: 'inferline', ...options }, context(profile('video-hetero'), nodes));
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).issues;
    }
    throw new Error(`inferline accepted ${JSON.stringify(options)}`);
  }

  it('names misspelt options, bad values and unknown devices, all at once', async () => {
    const issues = await issuesOf({ sampels: 60, quantile: 1.5, devices: ['gpu', 'fpg'], prices: { gpu: -1 }, batchingCap: 0, withinSecond: 'posson' });
    const at = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(Object.keys(at).sort()).toEqual(['policy.batchingCap', 'policy.devices[1]', 'policy.prices.gpu', 'policy.quantile', 'policy.sampels', 'policy.withinSecond']);
    expect(at['policy.sampels'].hint).toBe('did you mean "sampleS"?');
    expect(at['policy.devices[1]'].hint).toBe('did you mean "fpga"?');
    expect(at['policy.withinSecond'].hint).toBe('did you mean "poisson"?');
  });

  it('checks variants against the pipeline and devices against the variants', async () => {
    const [v] = await issuesOf({ variants: ['yolov5m', 'resnet1010'] });
    expect(v.path).toBe('policy.variants[1]');
    expect(v.hint).toBe('did you mean "resnet101"?');
    const cpuOnly: PipelineProfile = { ...twoDevice, stages: [{ name: 'a', variants: [{ name: 'c', accuracy: 0.5, cores: 1, latencyMs: { 1: 10 } }] }] };
    await expect(createPolicy({ name: 'inferline', devices: ['gpu'] }, context(cpuOnly))).rejects.toThrow(/policy.devices: expected a variant of stage "a" with a profile for a device type allowed here/);
  });
});
