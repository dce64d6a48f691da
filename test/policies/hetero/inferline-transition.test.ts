import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { risingPeak } from '../../../src/policies/hetero/inferline-burst.js';
import { heldStages, startTransition, transitionDone } from '../../../src/policies/hetero/inferline-transition.js';
import type { InferLinePolicy } from '../../../src/policies/hetero/inferline.js';
import { createPolicy } from '../../../src/policies/registry.js';
import type { Observation, PolicyContext } from '../../../src/policies/types.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import { stream } from '../../../src/random/index.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';

const st = (device: string, batch: number, replicas: number, variant = 'm') => ({ variant, device, batch, replicas });

describe('InferLine transitions (make-before-break across stages)', () => {
  it('holds the stages a plan shrinks while another stage moves to new hardware', () => {
    // Detection moves from 24 CPU replicas to 2 GPU ones; the classifier was sized for CPU
    // detection (batch 1, 24 replicas) and the plan gives it batch 2, 7 replicas.
    const before = [st('cpu', 1, 24), st('cpu', 1, 24)];
    const after = [st('gpu', 2, 2), st('cpu', 2, 7)];
    const t = startTransition(before, after)!;
    expect(t.moved).toEqual([0]);
    expect(t.held).toEqual([1]);
    expect(heldStages(t, after)).toEqual([st('gpu', 2, 2), st('cpu', 1, 24)]);
    // The tuner asks for more replicas at the old batch: the held stage takes them.
    expect(heldStages(t, [st('gpu', 2, 3), st('cpu', 1, 30)])).toEqual([st('gpu', 2, 3), st('cpu', 1, 30)]);
    const obs = (starting: number) => ({ stages: [{ queueLength: 0, readyReplicas: 24, startingReplicas: starting, pendingReplicas: 0 }, { queueLength: 0, readyReplicas: 24, startingReplicas: 0, pendingReplicas: 0 }] }) as unknown as Observation;
    expect(transitionDone(t, obs(2))).toBe(false);
    expect(transitionDone(t, obs(0))).toBe(true);
  });

  it('needs no transition when no stage moves, or when the others grow or stay', () => {
    expect(startTransition([st('cpu', 1, 4), st('cpu', 1, 4)], [st('cpu', 2, 2), st('cpu', 1, 3)])).toBeUndefined();
    expect(startTransition([st('cpu', 1, 4), st('cpu', 1, 4)], [st('gpu', 1, 1), st('cpu', 1, 5)])).toBeUndefined();
    expect(startTransition([st('cpu', 1, 4), st('cpu', 1, 4)], [st('cpu', 1, 4, 'n'), st('cpu', 1, 3)])!.held).toEqual([1]);
  });
});

describe('risingPeak', () => {
  it('adds the last interval\'s growth of the largest second to the recent peak', () => {
    expect(risingPeak([5, 6, 5, 16, 12], 2)).toBe(26);
    expect(risingPeak([5, 6, 5, 4, 3], 2)).toBe(6);
    expect(risingPeak([], 10)).toBe(0);
  });

  it('is the recent peak when the last interval brings no new high, never less', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 100 }), fc.integer({ min: 1, max: 15 }), (h, k) => {
        const recent = Math.max(0, ...h.slice(-60));
        const p = risingPeak(h, k);
        expect(p).toBeGreaterThanOrEqual(recent);
        const last = Math.max(0, ...h.slice(-k));
        const before = Math.max(0, ...h.slice(0, Math.max(0, h.length - k)).slice(-60));
        if (last <= before) expect(p).toBe(recent);
        else expect(p).toBe(recent + last - before);
      }),
    );
  });
});

describe('inferline policy: a re-plan that moves hardware', () => {
  // Two stages of one variant; the first may run on a GPU, the second on the CPU only.
  const pipeline: PipelineProfile = {
    name: 'two-stage',
    slaMs: 1000,
    stages: [
      { name: 'a', variants: [{ name: 'm', accuracy: 0.8, cores: 1, latencyMs: { 1: 100, 2: 180, 4: 340 }, devices: { gpu: { latencyMs: { 1: 20, 2: 24, 4: 30 }, cores: 1, accelerators: 1 } } }] },
      { name: 'b', variants: [{ name: 'm', accuracy: 0.8, cores: 1, latencyMs: { 1: 100, 2: 180, 4: 340 } }] },
    ],
  };
  const nodes: NodeSpec[] = [
    { device: 'cpu', cores: 1000, accelerators: 0, memoryMB: Infinity },
    { device: 'gpu', cores: 1000, accelerators: 1000, memoryMB: Infinity },
  ];
  const context: PolicyContext = { pipeline, slaMs: 1000, adaptationIntervalS: 10, totalCores: 2000, random: stream(1, 'policy'), maxBatchWaitMs: 100, nodes };
  const observation = (timeS: number, rps: number, startingA: number): Observation => ({
    timeS,
    arrivalsPerSecond: new Array<number>(Math.min(timeS, 60)).fill(rps),
    config: [],
    stages: [
      { queueLength: 0, readyReplicas: 1, startingReplicas: startingA, pendingReplicas: 0 },
      { queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 },
    ],
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: 1000,
    capacity: { totalCores: 2000, usedCores: 0 },
  });

  for (const hold of [true, false]) {
    it(`holdTransitions ${hold}: ${hold ? "the shrinking stage keeps its deployment until the moved stage has no replica starting" : "every stage takes the plan at once"}`, async () => {
      const p = (await createPolicy({ name: 'inferline', initialRps: 80, withinSecond: 'poisson', replanIntervalS: 30, tuner: false, prices: { gpu: 4 }, holdTransitions: hold }, context)) as InferLinePolicy;
      const first = p.decide(observation(0, 80, 0))!;
      expect(first[0].device).toBe('gpu');
      // The load falls: the re-plan moves stage a to the CPU and gives stage b fewer replicas.
      const replan = p.decide(observation(30, 2, 0))!;
      const planned = p.plan!.stages;
      expect(planned[0].device).toBe('cpu');
      expect(planned[1].replicas).toBeLessThan(first[1].replicas);
      if (!hold) {
        expect(replan[1]).toEqual({ ...first[1], replicas: planned[1].replicas, batch: planned[1].batch });
        expect(p.lastDecision!.held).toEqual([]);
        return;
      }
      expect(p.lastDecision!.held).toEqual([1]);
      expect(replan[0]).toMatchObject({ device: 'cpu', replicas: planned[0].replicas, batch: planned[0].batch });
      expect(replan[1]).toEqual(first[1]);
      // Stage a's new replicas are still starting: nothing changes.
      expect(p.decide(observation(40, 2, 1))).toBeUndefined();
      // They are ready: stage b takes the plan's deployment.
      const done = p.decide(observation(50, 2, 0))!;
      expect(p.lastDecision!.kind).toBe('transition');
      expect(done[1]).toMatchObject({ device: 'cpu', replicas: planned[1].replicas, batch: planned[1].batch });
    });
  }
});
