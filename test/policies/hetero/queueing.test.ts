import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burstReplayMs, burstTopUp, replayStage } from '../../../src/policies/hetero/inferline-burst.js';
import { burstLatencyMs, burstReplicaChoices } from '../../../src/policies/hetero/queueing.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';

describe('burst model (queueing.ts)', () => {
  it('known answers: rounds of full batches, a partial batch after the batch wait', () => {
    expect(burstLatencyMs(10, 5, 1, 100, 50)).toBe(200); // 10 tasks, 5 replicas: two rounds
    expect(burstLatencyMs(11, 5, 1, 100, 50)).toBe(300);
    expect(burstLatencyMs(3, 4, 4, 100, 50)).toBe(150); // one partial batch: waits 50 ms
    expect(burstLatencyMs(9, 1, 4, 100, 50)).toBe(300); // 2 full batches, then the partial one
    expect(burstLatencyMs(0, 1, 4, 100, 50)).toBe(0);
  });

  it('equals a replay of the burst through one stage, and more replicas never make it slower', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(1, 2, 4, 8), fc.integer({ min: 5, max: 500 }), fc.integer({ min: 0, max: 300 }), (n, c, b, lat, wait) => {
        const replay = replayStage(new Array<number>(n).fill(0), c, b, lat, wait);
        expect(burstLatencyMs(n, c, b, lat, wait)).toBeCloseTo(replay[replay.length - 1], 9);
        expect(burstLatencyMs(n, c + 1, b, lat, wait)).toBeLessThanOrEqual(burstLatencyMs(n, c, b, lat, wait));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('replica choices: from the fewest, each one strictly faster, up to one round', () => {
    const choices = burstReplicaChoices(10, 1, 100, 0, 2, 100);
    expect(choices).toEqual([
      { replicas: 2, latencyMs: 500 },
      { replicas: 3, latencyMs: 400 },
      { replicas: 4, latencyMs: 300 },
      { replicas: 5, latencyMs: 200 },
      { replicas: 10, latencyMs: 100 },
    ]);
    expect(burstReplicaChoices(10, 1, 100, 0, 2, 4).map((c) => c.replicas)).toEqual([2, 3, 4]);
  });
});

/** Two stages, CPU only: 100 ms then 50 ms per task (batch 1), p99 = mean. */
const chain: PipelineProfile = {
  slaMs: 400,
  stages: [
    { name: 'a', variants: [{ name: 'a', accuracy: 1, cores: 1, latencyMs: { 1: 100, 2: 150 } }] },
    { name: 'b', variants: [{ name: 'b', accuracy: 1, cores: 1, latencyMs: { 1: 50, 2: 80 } }] },
  ],
};
const nodes = (cores: number): NodeSpec[] => [{ device: 'cpu', cores, accelerators: 0, memoryMB: Infinity }];

describe('InferLine tuner under bursts (inferline-burst.ts)', () => {
  it('replays a burst through the chain, the second stage starting on what the first finished', () => {
    // 6 requests: stage a with 3 replicas finishes 3 at 100 ms, 3 at 200 ms; stage b with 1
    // replica: 150, 200, 250, then 300, 350, 400.
    const stages = [
      { variant: 'a', device: 'cpu', batch: 1, replicas: 3 },
      { variant: 'b', device: 'cpu', batch: 1, replicas: 1 },
    ];
    expect(replayStage([0, 0, 0, 0, 0, 0], 3, 1, 100, 0)).toEqual([100, 100, 100, 200, 200, 200]);
    expect(burstReplayMs(chain, stages, 6, 0)).toBe(400);
  });

  it('tops up the stage whose replicas shorten the burst most per replica, until the SLO holds or the cluster is full', () => {
    const stages = [
      { variant: 'a', device: 'cpu', batch: 1, replicas: 2 },
      { variant: 'b', device: 'cpu', batch: 1, replicas: 1 },
    ];
    // 6 requests: stage a finishes 2 at 100, 200 and 300 ms; b (one replica) the last at 400 ms.
    // SLO 350: more replicas at a do not help (b is still serial), a second one at b does (350).
    expect(burstReplayMs(chain, stages, 6, 0)).toBe(400);
    const up = burstTopUp(chain, stages, 6, 350, 0, 100, nodes(16));
    expect(up).toEqual({ met: true, stages: [stages[0], { ...stages[1], replicas: 2 }] });
    expect(burstReplayMs(chain, up.stages, 6, 0)).toBe(350);
    // A 3-core cluster cannot hold it: best effort, reported.
    const full = burstTopUp(chain, stages, 6, 350, 0, 100, nodes(3));
    expect(full.met).toBe(false);
    expect(full.stages.reduce((a, s) => a + s.replicas, 0)).toBe(3);
  });
});
