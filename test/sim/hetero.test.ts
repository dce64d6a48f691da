import { describe, expect, it } from 'vitest';
import { simulate, type Scenario } from '../../src/index.js';

const pipeline = {
  slaMs: 500,
  stages: [
    {
      name: 'detect',
      variants: [
        {
          name: 'yolo',
          accuracy: 0.6,
          cores: 4,
          latencyMs: { 1: 200, 4: 600 },
          startupS: 2,
          devices: { gpu: { latencyMs: { 1: 20, 4: 30 }, cores: 1, accelerators: 1, startupS: 9, energyJ: { 1: 3, 4: 5 } } },
        },
      ],
    },
  ],
};

function scenario(over: Partial<Scenario> = {}): Scenario {
  return {
    seed: 1,
    durationS: 100,
    pipeline,
    workload: { type: 'poisson', rps: 4 },
    cluster: { nodes: [{ device: 'cpu', cores: 16 }, { device: 'gpu', cores: 8, accelerators: 2, power: { idleW: 50, maxW: 350 } }] },
    policy: { name: 'static', config: [{ variant: 'yolo', batch: 1, replicas: 1, device: 'gpu' }] },
    metrics: { trace: true },
    ...over,
  };
}

describe('heterogeneous devices', () => {
  it('a replica runs with its device profile: latency and per-device energy', async () => {
    const r = await simulate({ ...scenario(), serving: { serviceDist: { type: 'deterministic' }, maxBatchWaitMs: 0 } });
    expect(r.summary.latencyMs.p50).toBeGreaterThanOrEqual(20 - 1e-9);
    expect(r.summary.latencyMs.p50).toBeLessThan(60);
    // Dynamic energy from the GPU profile: 3 J per request at batch 1.
    expect(r.summary.dynamicEnergyJ / r.summary.requests).toBeCloseTo(3, 1);
    // Idle: the CPU node's default model (60 W) and the GPU node's own (50 W).
    expect(r.summary.idleEnergyJ).toBeCloseTo((60 + 50) * 100, 6);
  });

  it('start-up depends on the device: switching to the GPU takes its 9 s', async () => {
    const switching: Scenario = {
      ...scenario(),
      serving: { serviceDist: { type: 'deterministic' }, adaptationIntervalS: 10 },
      policy: (obs) => (obs.timeS === 0 ? [{ variant: 'yolo', batch: 1, replicas: 1 }] : obs.timeS === 10 ? [{ variant: 'yolo', batch: 1, replicas: 1, device: 'gpu' }] : undefined),
    };
    const r = await simulate(switching);
    const t = r.trace!;
    // Until 19 s the CPU replica (200 ms) serves; after, the GPU one (20 ms).
    for (let i = 0; i < t.arrivalS.length; i++) {
      const lat = t.finishedS[i] - t.arrivalS[i];
      if (t.arrivalS[i] > 25 && t.arrivalS[i] < 90) expect(lat).toBeLessThan(0.2);
      if (t.arrivalS[i] > 1 && t.arrivalS[i] < 18) expect(lat).toBeGreaterThanOrEqual(0.2 - 1e-9);
    }
    expect(r.decisions.map((d) => d.config[0].device ?? 'cpu')).toEqual(['cpu', 'gpu']);
  });

  it('the power model of an accelerator node counts busy accelerators', async () => {
    const noEnergy = structuredClone(pipeline);
    delete (noEnergy.stages[0].variants[0].devices.gpu as { energyJ?: unknown }).energyJ;
    const r = await simulate({ ...scenario(), pipeline: noEnergy, serving: { serviceDist: { type: 'deterministic' }, maxBatchWaitMs: 0 } });
    // One of 2 accelerators busy for 20 ms per request: (350 - 50) x 1/2 x 0.02 s = 3 J.
    expect(r.summary.dynamicEnergyJ / r.summary.requests).toBeCloseTo(3, 6);
  });

  it('a device the variant has no profile for, or the cluster has no nodes of, is a clear error', async () => {
    await expect(simulate({ ...scenario(), policy: { name: 'static', config: [{ variant: 'yolo', batch: 1, replicas: 1, device: 'fpga' }] } })).rejects.toThrow(/policy.config\[0\].device: expected a device "yolo" has a profile for: "cpu", "gpu"/);
    await expect(simulate({ ...scenario(), cluster: { cores: 8 } })).rejects.toThrow(/policy.config\[0\].device: expected a device type the cluster has nodes of: "cpu"/);
  });

  it('early dropping drops only requests that could no longer meet their deadline', async () => {
    // Overloaded CPU replica (5 rps of capacity for 8 rps): queues grow; with early dropping a
    // request is dropped when it is dequeued later than deadline - 200 ms.
    const base: Scenario = {
      ...scenario(),
      durationS: 200,
      workload: { type: 'poisson', rps: 8 },
      policy: { name: 'static', config: [{ variant: 'yolo', batch: 1, replicas: 1 }] },
      serving: { serviceDist: { type: 'deterministic' }, maxBatchWaitMs: 0, earlyDrop: true },
    };
    const r = await simulate(base);
    const t = r.trace!;
    let dropped = 0;
    for (let i = 0; i < t.status.length; i++) {
      if (t.status[i] === 2) {
        dropped++;
        // It could not have met the deadline: dequeued at finishedS, plus 200 ms of service.
        expect(t.finishedS[i] + 0.2).toBeGreaterThan(t.arrivalS[i] + 0.5 - 1e-9);
      } else if (t.status[i] === 1) {
        // With deterministic service and one stage, every request served made its deadline.
        expect(t.finishedS[i] - t.arrivalS[i]).toBeLessThanOrEqual(0.5 + 1e-9);
      }
    }
    expect(dropped).toBeGreaterThan(100);
    const without = await simulate({ ...base, serving: { ...base.serving, earlyDrop: false } });
    expect(without.summary.dropped).toBe(0);
    expect(without.summary.slaViolationRate).toBeGreaterThan(r.summary.slaViolationRate);
  });
});
