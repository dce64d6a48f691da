import { describe, expect, it } from 'vitest';
import type { LokiPolicy } from '../../../src/policies/hetero/loki.js';
import { createPolicy } from '../../../src/policies/registry.js';
import type { StageConfig } from '../../../src/policies/types.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import { simulate } from '../../../src/sim/simulate.js';
import { cpuNodes, plannerContext, steadyObservation } from './planner-fixtures.js';

/**
 * detect -> classify, batch 1 only, one core per replica. The accurate detector D1 (0.9, 10/s) finds
 * 3 objects per frame, the rough D2 (0.6, 20/s) 1; classifiers C1 (0.9, 10/s) and C2 (0.5, 40/s).
 */
const detectClassify = (d1Factor = 3): PipelineProfile => ({
  name: 'per-variant',
  slaMs: 10_000,
  stages: [
    {
      name: 'detect',
      variants: [
        { name: 'D1', accuracy: 0.9, cores: 1, latencyMs: { 1: 100 } },
        { name: 'D2', accuracy: 0.6, cores: 1, latencyMs: { 1: 50 } },
      ],
      next: [{ stage: 'classify', count: 1, byVariant: { D1: { count: d1Factor } } }],
    },
    {
      name: 'classify',
      variants: [
        { name: 'C1', accuracy: 0.9, cores: 1, latencyMs: { 1: 100 } },
        { name: 'C2', accuracy: 0.5, cores: 1, latencyMs: { 1: 25 } },
      ],
    },
  ],
});

async function decide(pipeline: PipelineProfile, cores: number, rps: number, options: Record<string, unknown> = {}): Promise<{ config: StageConfig[]; policy: LokiPolicy }> {
  const policy = (await createPolicy({ name: 'loki', withinSecond: 'poisson', initialRps: rps, ...options }, plannerContext(pipeline, cpuNodes(cores)))) as LokiPolicy;
  return { config: policy.decide(steadyObservation(pipeline, rps))!, policy };
}

const replicas = (c: StageConfig, variant: string) => [c, ...(c.mix ?? [])].find((d) => d.variant === variant)?.replicas ?? 0;

describe('loki with per-variant factors and path-aware routing (hand-solved)', () => {
  it('hardware scaling sizes the classifier for the detector it keeps: 10 frames/s x 3 objects = 3 C1 replicas', async () => {
    const { config, policy } = await decide(detectClassify(), 8, 10);
    expect(policy.lastDecision!.kind).toBe('hardware');
    expect(config[0]).toEqual({ variant: 'D1', batch: 1, replicas: 1, device: 'cpu' });
    expect(config[1]).toEqual({ variant: 'C1', batch: 1, replicas: 3, device: 'cpu' });
    // The per-edge model (routing accurate-first on the same pipeline) takes the same largest factor.
    const plain = await decide(detectClassify(), 8, 10, { routing: 'accurate-first' });
    expect(replicas(plain.config[1], 'C1')).toBe(3);
  });

  it('accuracy scaling on 3 cores: keep D1, split its 30 objects/s 1:2 over C1 and C2 (accuracy 0.57), not D2 + C1 (0.54)', async () => {
    // Worked by hand: 4 cores are needed for D1 + 3 C1. On 3: D1 (1 core) leaves 2 for 30 tasks/s:
    // C1 + C2 serve 10 + 20, so a third of the frames' objects are classified by C1:
    // 1/3 x 0.9 x 0.9 + 2/3 x 0.9 x 0.5 = 0.57. D2 + C1 (10 tasks/s) scores 0.54; D1 + 2 C2 0.45.
    const { config, policy } = await decide(detectClassify(), 3, 10);
    const d = policy.lastDecision!;
    expect(d.kind).toBe('accuracy');
    expect(d.accuracy).toBeCloseTo(0.57, 6);
    expect(config[0]).toEqual({ variant: 'D1', batch: 1, replicas: 1, device: 'cpu' });
    expect(replicas(config[1], 'C1')).toBe(1);
    expect(replicas(config[1], 'C2')).toBe(1);
    expect(config[1].shares).toEqual([0.3333, 0.6667]);
    expect(config[1].sharesFrom).toEqual({ D1: [0.3333, 0.6667] });
  });

  it('path-aware: when both detectors serve, the accurate detector\'s objects go to the accurate classifier', async () => {
    // Both detectors find 1 object per frame; D1 and C1 take 200 ms (5/s). 20 frames/s on 4 cores:
    // D1 + D2 serve 5 + 15 frames, C1 + C2 5 + 15 objects. Pairing D1 with C1 scores
    // (5 x 0.81 + 15 x 0.30) / 20 = 0.4275; sending D1's objects to C2 0.3975; the best plan without
    // D1 (D2 + 2 C1 + C2) 0.42; hardware scaling needs 4 D1 + 4 C1.
    const slow = detectClassify(1);
    slow.stages[0].variants[0].latencyMs = { 1: 200 };
    slow.stages[1].variants[0].latencyMs = { 1: 200 };
    const { config, policy } = await decide(slow, 4, 20);
    expect(policy.lastDecision!.kind).toBe('accuracy');
    expect(policy.lastDecision!.accuracy).toBeCloseTo(0.4275, 6);
    expect(config[0].shares).toEqual([0.25, 0.75]);
    expect(config[1].sharesFrom).toEqual({ D1: [1, 0], D2: [0, 1] });
  });

  it('the runtime follows the plan: classifier load follows the served detector, and no request is late at the planned load', async () => {
    const pipeline = detectClassify();
    const r = await simulate({
      seed: 3, durationS: 120, warmupS: 10, slaMs: 10_000, pipeline,
      workload: { type: 'deterministic', rps: 8 },
      cluster: { nodes: [{ cores: 3 }] },
      serving: { maxBatchWaitMs: 0 },
      policy: { name: 'loki', withinSecond: 'poisson', initialRps: 8 },
    });
    expect(r.summary.dropped + r.summary.unfinished).toBe(0);
    expect(r.summary.slaViolations).toBe(0);
    // Served accuracy is the plan's: D1 serves every frame (3 objects), C1 takes 10 of the 24
    // objects/s it can: 0.9 x (10/24 x 0.9 + 14/24 x 0.5) = 0.6 (routing in those shares, exactly
    // within one task per request round).
    expect(r.summary.accuracy).toBeCloseTo(0.6, 2);
  });
});
