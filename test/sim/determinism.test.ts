import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type Scenario } from '../../src/index.js';

const twoStage = {
  slaMs: 2000,
  dropLimitS: 5,
  stages: [
    { name: 'a', variants: [
      { name: 'small', accuracy: 0.6, cores: 1, latencyMs: { 1: 40, 4: 100 }, startupS: 2 },
      { name: 'large', accuracy: 0.8, cores: 2, latencyMs: { 1: 90, 4: 250 }, startupS: 4 },
    ] },
    { name: 'b', variants: [{ name: 'only', accuracy: 0.9, cores: 1, latencyMs: { 1: 30, 4: 80 } }] },
  ],
};

function scenario(seed: number, config: { variant: string; batch: number; replicas: number }[], extra: Partial<Scenario> = {}): Scenario {
  return {
    seed,
    durationS: 300,
    warmupS: 10,
    pipeline: twoStage,
    workload: { type: 'trace', rps: Array.from({ length: 300 }, (_, i) => 5 + (i % 60 < 30 ? 10 : 0)) },
    serving: { serviceDist: { type: 'lognormal', cv: 0.3 } },
    policy: { name: 'static', config },
    metrics: { trace: true },
    ...extra,
  };
}

const cheap = [{ variant: 'small', batch: 2, replicas: 1 }, { variant: 'only', batch: 1, replicas: 1 }];
const rich = [{ variant: 'large', batch: 4, replicas: 3 }, { variant: 'only', batch: 4, replicas: 2 }];

describe('simulate() determinism', () => {
  it('the same scenario and seed give bit-identical results', async () => {
    const a = await simulate(scenario(11, cheap));
    const b = await simulate(scenario(11, cheap));
    expect(b.summary).toEqual(a.summary);
    expect(b.series).toEqual(a.series);
    expect(b.decisions).toEqual(a.decisions);
    expect(Buffer.from(b.trace!.finishedS.buffer)).toEqual(Buffer.from(a.trace!.finishedS.buffer));
  });

  it('another seed gives other arrivals', async () => {
    const a = await simulate(scenario(11, cheap));
    const b = await simulate(scenario(12, cheap));
    expect(Array.from(b.trace!.arrivalS)).not.toEqual(Array.from(a.trace!.arrivalS));
  });

  it('two different policies see identical arrival times (common random numbers)', async () => {
    const a = await simulate(scenario(5, cheap));
    const b = await simulate(scenario(5, rich));
    expect(Array.from(b.trace!.arrivalS)).toEqual(Array.from(a.trace!.arrivalS));
    expect(b.summary.costCores).toBeGreaterThan(a.summary.costCores);
  });

  it('every request ends exactly once, and the counts add up (random scenarios)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined }),
        async (seed, batch, replicas, rps, cores) => {
          const r = await simulate({
            ...scenario(seed, [{ variant: 'small', batch, replicas }, { variant: 'only', batch: 1, replicas: 1 }]),
            durationS: 60,
            warmupS: 0,
            workload: { type: 'poisson', rps },
            cluster: cores === undefined ? undefined : { cores },
          });
          const s = r.summary;
          const t = r.trace!;
          expect(s.requests).toBe(t.arrivalS.length);
          expect(s.completed + s.dropped + s.unfinished).toBe(s.requests);
          let completed = 0;
          let dropped = 0;
          for (let i = 0; i < t.status.length; i++) {
            if (t.status[i] === 1) completed++;
            if (t.status[i] === 2) dropped++;
            if (t.status[i] === 0) expect(Number.isNaN(t.finishedS[i])).toBe(true);
            else expect(t.finishedS[i]).toBeGreaterThanOrEqual(t.arrivalS[i]);
          }
          expect([completed, dropped]).toEqual([s.completed, s.dropped]);
          expect(r.series.completed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(s.completed);
          expect(s.costCores).toBeLessThanOrEqual((cores ?? Infinity) + 1e-9);
          expect(s.slaViolations).toBeGreaterThanOrEqual(s.dropped + s.unfinished);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('series cover the run: arrivals and cores agree with the summary', async () => {
    const r = await simulate({ ...scenario(3, rich), warmupS: 0 });
    const arrivals = r.series.arrivalRate.reduce((a, v) => a + v * r.series.intervalS, 0);
    expect(arrivals).toBeCloseTo(r.summary.requests, 6);
    const coreSeconds = r.series.cores.reduce((a, v) => a + v * r.series.intervalS, 0);
    expect(coreSeconds).toBeCloseTo(r.summary.coreSeconds, 6);
    expect(r.summary.costCores).toBeCloseTo(3 * 2 + 2 * 1, 9);
    expect(r.series.stages[0].replicas.every((n) => n === 3)).toBe(true);
  });
});

describe('stepping a simulation', () => {
  it('advancing in steps gives exactly the result of one run', async () => {
    const { createSimulation, validateScenario } = await import('../../src/index.js');
    const whole = (await createSimulation(validateScenario(scenario(21, cheap)))).run();
    const sim = await createSimulation(validateScenario(scenario(21, cheap)));
    for (let t = 7; t < 300; t += 13) sim.advanceTo(t, t % 2 === 0);
    const stepped = sim.finish();
    expect(stepped.summary).toEqual(whole.summary);
    expect(stepped.series).toEqual(whole.series);
  });

  it('reconfigure() between steps applies at that time and counts as a decision', async () => {
    const { createSimulation, validateScenario } = await import('../../src/index.js');
    const sim = await createSimulation(validateScenario(scenario(21, cheap)));
    sim.advanceTo(100);
    expect(sim.timeS).toBe(100);
    const obs = sim.observe();
    expect(obs.arrivalsPerSecond.length).toBe(100);
    sim.reconfigure(rich);
    const r = sim.finish();
    expect(r.decisions.map((d) => d.t)).toEqual([0, 100]);
    expect(r.summary.reconfigurations).toBe(1);
    expect(() => sim.reconfigure([{ variant: 'nope', batch: 1, replicas: 1 }, cheap[1]])).toThrow(/reconfigure\(\)\[0\]\.variant/);
  });
});
