import { describe, expect, it } from 'vitest';
import { simulate, type Observation, type Scenario } from '../../src/index.js';

const pipeline = {
  slaMs: 10_000,
  stages: [{ name: 's', variants: [
    { name: 'accurate', accuracy: 0.9, cores: 1, latencyMs: { 1: 100 } },
    { name: 'fast', accuracy: 0.5, cores: 1, latencyMs: { 1: 20 } },
  ] }],
};

const mixed = (rps: number): Scenario => ({
  seed: 4,
  durationS: 300,
  pipeline,
  workload: { type: 'deterministic', rps },
  serving: { maxBatchWaitMs: 0 },
  policy: { name: 'static', config: [{ variant: 'fast', batch: 1, replicas: 1, mix: [{ variant: 'accurate', batch: 1, replicas: 1 }] }] },
});

describe('mixed deployments in a stage', () => {
  it('free replicas of the most accurate variant take work first', async () => {
    // One request every 0.5 s: the accurate replica is always free again in time.
    const light = await simulate(mixed(2));
    expect(light.summary.accuracy).toBeCloseTo(0.9, 12);
    // 25 requests/s exceed the accurate replica (10/s): the fast one takes the overflow.
    const heavy = await simulate(mixed(25));
    expect(heavy.summary.accuracy).toBeGreaterThan(0.5);
    expect(heavy.summary.accuracy).toBeLessThan(0.9);
    expect(heavy.summary.costCores).toBe(2);
  });

  it('a mix naming the same (variant, device) twice is refused', async () => {
    const bad = mixed(1);
    bad.policy = { name: 'static', config: [{ variant: 'fast', batch: 1, replicas: 1, mix: [{ variant: 'fast', batch: 1, replicas: 2 }] }] };
    await expect(simulate(bad)).rejects.toThrow(/policy.config\[0\].mix\[0\]: expected a \(variant, device\) not already deployed/);
  });

  it('dropping a variant from the mix retires its replicas', async () => {
    const r = await simulate({
      ...mixed(5),
      policy: (obs: Observation) =>
        obs.timeS === 0
          ? [{ variant: 'fast', batch: 1, replicas: 1, mix: [{ variant: 'accurate', batch: 1, replicas: 2 }] }]
          : obs.timeS === 100
            ? [{ variant: 'fast', batch: 1, replicas: 1 }]
            : undefined,
    });
    const cores = r.series.cores;
    expect(cores[5]).toBe(3);
    expect(cores[15]).toBe(1);
    expect(r.series.stages[0].readyReplicas[15]).toBe(1);
  });
});
