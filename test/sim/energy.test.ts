import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERENCE_NODE_POWER, simulate, type Scenario } from '../../src/index.js';

const pipeline = {
  slaMs: 5000,
  stages: [
    { name: 'a', variants: [
      { name: 'profiled', accuracy: 0.7, cores: 2, latencyMs: { 1: 100, 4: 250 }, energyJ: { 1: 1.5, 4: 4 } },
      { name: 'modelled', accuracy: 0.8, cores: 4, latencyMs: { 1: 150, 4: 400 } },
    ] },
    { name: 'b', variants: [{ name: 'only', accuracy: 0.9, cores: 1, latencyMs: { 1: 30, 4: 80 } }] },
  ],
};

function scenario(over: Partial<Scenario> = {}): Scenario {
  return {
    seed: 3,
    durationS: 200,
    pipeline,
    // Load only in the first 150 s, so no batch starts after durationS.
    workload: { type: 'trace', rps: Array.from({ length: 150 }, (_, i) => 3 + (i % 7)) },
    serving: { serviceDist: { type: 'gamma', cv: 0.5 } },
    cluster: { nodes: [{ cores: 16, count: 2 }] },
    policy: { name: 'static', config: [{ variant: 'profiled', batch: 4, replicas: 2 }, { variant: 'only', batch: 2, replicas: 1 }] },
    metrics: { trace: true },
    ...over,
  };
}

describe('energy accounting', () => {
  it('energy attributed to requests plus idle energy equals the total', async () => {
    for (const variant of ['profiled', 'modelled']) {
      const r = await simulate(scenario({ policy: { name: 'static', config: [{ variant, batch: 4, replicas: 2 }, { variant: 'only', batch: 2, replicas: 1 }] } }));
      const attributed = r.trace!.energyJ.reduce((a, b) => a + b, 0);
      expect(attributed).toBeGreaterThan(0);
      expect(attributed + r.summary.idleEnergyJ).toBeCloseTo(r.summary.energyJ, 6);
      expect(r.summary.dynamicEnergyJ).toBeCloseTo(attributed, 6);
    }
  });

  it('an idle system for T seconds uses exactly P_idle x T per node', async () => {
    const r = await simulate(scenario({ workload: { type: 'trace', rps: [0] }, durationS: 500, warmupS: 100 }));
    expect(r.summary.requests).toBe(0);
    expect(r.summary.energyJ).toBe(2 * REFERENCE_NODE_POWER.idleW * 400);
    expect(r.summary.meanPowerW).toBe(2 * REFERENCE_NODE_POWER.idleW);
    expect(r.series.powerW.every((w) => w === 120)).toBe(true);
  });

  it('"allocated" idle power follows the cores of the replicas', async () => {
    const r = await simulate(scenario({ workload: { type: 'trace', rps: [0] }, cluster: undefined }));
    const cores = 2 * 2 + 1;
    expect(r.summary.energyJ).toBeCloseTo((REFERENCE_NODE_POWER.idleW / REFERENCE_NODE_POWER.cores) * cores * 200, 9);
  });

  it('the power model gives (P(c/C) - P_idle) x service time per batch', async () => {
    const node = { idleW: 100, maxW: 500, curve: 'linear' as const, cores: 16 };
    const r = await simulate(scenario({
      workload: { type: 'trace', rps: [1], withinSecond: 'step' },
      serving: { serviceDist: { type: 'deterministic' } },
      policy: { name: 'static', config: [{ variant: 'modelled', batch: 1, replicas: 1 }, { variant: 'only', batch: 1, replicas: 1 }] },
      energy: { node },
    }));
    const perCore = (node.maxW - node.idleW) / node.cores;
    expect(r.summary.dynamicEnergyJ).toBeCloseTo(perCore * 4 * 0.15 + perCore * 1 * 0.03, 9);
  });

  it('energy grows with load (batch 1, common random numbers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer(), fc.constantFrom('profiled', 'modelled'), async (r1, r2, seed, variant) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const run = (rps: number) =>
          simulate(scenario({
            seed,
            durationS: 60,
            workload: { type: 'poisson', rps },
            serving: { serviceDist: { type: 'deterministic' } },
            metrics: {},
            policy: { name: 'static', config: [{ variant, batch: 1, replicas: 3 }, { variant: 'only', batch: 1, replicas: 2 }] },
          }));
        const [a, b] = [await run(lo), await run(hi)];
        expect(b.summary.requests).toBeGreaterThanOrEqual(a.summary.requests);
        expect(b.summary.energyJ).toBeGreaterThanOrEqual(a.summary.energyJ - 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('carbon is energy x intensity x PUE, hour by hour', async () => {
    const base = scenario({ workload: { type: 'trace', rps: [0] }, durationS: 7200, cluster: { cores: 48 } });
    const r = await simulate({ ...base, energy: { carbon: { gPerKWh: [100, 300], pue: 1.5 } } });
    // 60 W for 3600 s at 100 g/kWh, then at 300 g/kWh, times 1.5.
    expect(r.summary.carbonG).toBeCloseTo(((60 * 3600) / 3.6e6) * (100 + 300) * 1.5, 9);
    const later = await simulate({ ...base, energy: { carbon: { gPerKWh: [100, 300], pue: 1.5, startHour: 1 } } });
    expect(later.summary.carbonG).toBeCloseTo(((60 * 3600) / 3.6e6) * (300 + 100) * 1.5, 9);
    const bundled = await simulate({ ...base, energy: { carbon: { trace: 'ciso-sep' } } });
    expect(bundled.summary.carbonG).toBeGreaterThan(0);
  });

  it('a carbon trace too short without loop, or a misspelt trace, is a clear error', async () => {
    await expect(simulate({ ...scenario(), energy: { carbon: { gPerKWh: [100], loop: false } }, durationS: 7200 })).rejects.toThrow(/energy.carbon: expected a trace covering the run/);
    await expect(simulate({ ...scenario(), energy: { carbon: { trace: 'ciso-spe' } } })).rejects.toThrow(/did you mean "ciso-sep"/);
  });

  it('metrics.energy false: the energy and carbon figures are NaN, everything else identical', async () => {
    for (const variant of ['profiled', 'modelled']) {
      const sc = scenario({
        warmupS: 20,
        energy: { carbon: { gPerKWh: [100, 300], stepS: 60, pue: 1.2 } },
        policy: { name: 'static', config: [{ variant, batch: 4, replicas: 2 }, { variant: 'only', batch: 2, replicas: 1 }] },
      });
      const on = await simulate(sc);
      const off = await simulate({ ...sc, metrics: { ...sc.metrics, energy: false } });
      const energyKeys = ['energyJ', 'idleEnergyJ', 'dynamicEnergyJ', 'energyPerRequestJ', 'meanPowerW', 'carbonG'] as const;
      for (const k of energyKeys) {
        expect(on.summary[k]).toBeGreaterThan(0);
        expect(off.summary[k]).toBeNaN();
      }
      const rest = <T extends object>(o: T, keys: readonly string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
      expect(rest(off.summary, energyKeys)).toEqual(rest(on.summary, energyKeys));
      expect(rest(off.series, ['powerW', 'carbonG'])).toEqual(rest(on.series, ['powerW', 'carbonG']));
      expect(off.series.powerW.every(Number.isNaN) && off.series.carbonG.every(Number.isNaN)).toBe(true);
      expect(off.decisions).toEqual(on.decisions);
      expect(rest(off.trace!, ['energyJ'])).toEqual(rest(on.trace!, ['energyJ']));
      expect(off.trace!.energyJ.every(Number.isNaN)).toBe(true);
    }
  });
});
