import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import type { SimulationProgress } from '../../src/sim/progress.js';
import type { Scenario } from '../../src/sim/scenario.js';

const scenario: Scenario = {
  seed: 4, durationS: 600, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'bursty' },
  policy: { name: 'ipa' }, metrics: { trace: true },
};

const withoutTiming = ({ timing: _t, ...rest }: Awaited<ReturnType<typeof simulate>>) => rest;

describe('simulate(scenario, { onProgress })', () => {
  it('gives the same result bit for bit as a run without it', async () => {
    const calls: SimulationProgress[] = [];
    const a = await simulate(scenario, { onProgress: (p) => calls.push(p), progressEveryMs: 0 });
    const b = await simulate(scenario);
    expect(withoutTiming(a)).toEqual(withoutTiming(b));
    expect(calls.length).toBeGreaterThan(10);
  });

  it('reports from 0 to exactly 1, monotone, with events and simulated time', async () => {
    const calls: SimulationProgress[] = [];
    const r = await simulate(scenario, { onProgress: (p) => calls.push(p), progressEveryMs: 0 });
    expect(calls[0]).toMatchObject({ simulatedS: 0, fraction: 0, durationS: 600 });
    expect(calls.at(-1)).toMatchObject({ simulatedS: 600, fraction: 1, events: r.summary.events });
    expect(calls.filter((c) => c.fraction === 1)).toHaveLength(1);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i].fraction).toBeGreaterThanOrEqual(calls[i - 1].fraction);
      expect(calls[i].events).toBeGreaterThanOrEqual(calls[i - 1].events);
      expect(calls[i].simulatedS).toBeCloseTo(calls[i].fraction * 600, 9);
    }
  });

  it('is throttled: with a long interval only the first and last calls happen', async () => {
    const calls: SimulationProgress[] = [];
    await simulate(scenario, { onProgress: (p) => calls.push(p), progressEveryMs: 1e9 });
    expect(calls.map((c) => c.fraction)).toEqual([0, 1]);
  });
});
