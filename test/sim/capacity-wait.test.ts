import { describe, expect, it } from 'vitest';
import { simulate, type Observation, type Scenario } from '../../src/index.js';

// replicasDelayedByCapacity / capacityWaitS count every replica that waited for cores (placed after
// waiting, cancelled while waiting, still waiting at the end) and all of its wait (docs/metrics.md).

const pipeline = (cores: number) => ({
  slaMs: 1000,
  stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.5, cores, latencyMs: { 1: 50 } }] }],
});

const base = (cores: number, replicaCores: number): Scenario => ({
  seed: 3,
  durationS: 30,
  pipeline: pipeline(replicaCores),
  cluster: { cores },
  workload: { type: 'deterministic', rps: 4 },
  policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }] },
});

describe('capacity wait', () => {
  it('a replica still waiting at the end counts, with its wait up to the end of the run', async () => {
    // 1-core cluster, 2-core replica: it never fits and no request is ever served.
    const r = await simulate(base(1, 2));
    expect(r.summary.completed).toBe(0);
    expect(r.summary.unfinished).toBe(r.summary.requests);
    expect(r.summary.replicasDelayedByCapacity).toBe(1);
    expect(r.summary.capacityWaitS).toBeCloseTo(r.summary.simulatedS, 9);
    expect(r.summary.capacityWaitS).toBeGreaterThanOrEqual(30);
  });

  it('a replica cancelled while waiting counts, with its wait up to the cancel', async () => {
    // 1-core cluster: at t = 0 two 1-core replicas are asked for (one waits); at t = 12 one is
    // enough, so the waiting one is cancelled after 12 s (adaptation every 4 s: 0, 4, 8, 12).
    const scenario: Scenario = {
      ...base(1, 1),
      serving: { adaptationIntervalS: 4 },
      policy: (obs: Observation) => [{ variant: 'v', batch: 1, replicas: obs.timeS < 12 ? 2 : 1 }],
    };
    const r = await simulate(scenario);
    expect(r.summary.replicasDelayedByCapacity).toBe(1);
    expect(r.summary.capacityWaitS).toBeCloseTo(12, 9);
  });

  it('a replica placed after waiting counts its wait once', async () => {
    // 2-core cluster, two 1-core variants: v x2 at t = 0; at t = 5 a replica of w is added (it
    // waits: no core free); at t = 15 one v goes, and w is placed in its core after 10 s.
    const two = pipeline(1);
    two.stages[0].variants.push({ name: 'w', accuracy: 0.6, cores: 1, latencyMs: { 1: 50 } });
    const scenario: Scenario = {
      ...base(2, 1),
      pipeline: two,
      serving: { adaptationIntervalS: 5 },
      policy: (obs: Observation) =>
        obs.timeS < 5
          ? [{ variant: 'v', batch: 1, replicas: 2 }]
          : [{ variant: 'v', batch: 1, replicas: obs.timeS < 15 ? 2 : 1, mix: [{ variant: 'w', batch: 1, replicas: 1 }] }],
    };
    const r = await simulate(scenario);
    expect(r.summary.replicasDelayedByCapacity).toBe(1);
    expect(r.summary.capacityWaitS).toBeCloseTo(10, 9);
    expect(r.series.stages[0].readyReplicas.at(-1)).toBe(2);
  });

  it('nothing waits on an unbounded cluster', async () => {
    const { cluster: _c, ...unbounded } = base(1, 2);
    const r = await simulate(unbounded as Scenario);
    expect(r.summary.replicasDelayedByCapacity).toBe(0);
    expect(r.summary.capacityWaitS).toBe(0);
  });
});
