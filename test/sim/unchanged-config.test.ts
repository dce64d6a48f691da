import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { simulate, type Observation, type Scenario, type StageConfig } from '../../src/index.js';

// A decision that asks for the configuration already applied skips validation and applying (most
// adaptive decisions do): it must still count and record exactly as before, and anything that is
// not the applied configuration to the letter must take the validating path.

const scenario = (policy: Scenario['policy']): Scenario => ({
  seed: 3,
  durationS: 40,
  pipeline: { slaMs: 1000, stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.5, cores: 1, latencyMs: { 1: 20, 4: 50 } }, { name: 'w', accuracy: 0.7, cores: 2, latencyMs: { 1: 30 } }] }] },
  workload: { type: 'poisson', rps: 5 },
  serving: { adaptationIntervalS: 5 },
  policy,
});

describe('a decision that repeats the applied configuration', () => {
  it('is neither counted nor recorded as a reconfiguration; a real change is', async () => {
    const r = await simulate(
      scenario((obs: Observation) => [obs.timeS < 20 ? { variant: 'v', batch: 4, replicas: 1 } : { variant: 'w', batch: 1, replicas: 2, device: 'cpu' }]),
    );
    expect(r.summary.reconfigurations).toBe(1);
    expect(r.decisions.map((d) => d.t)).toEqual([0, 20]);
    expect(r.decisions[1].config).toEqual([{ variant: 'w', batch: 1, replicas: 2 }]);
  });

  it('with an unknown key, a mix or an object in place of the array, is still validated', async () => {
    const same: StageConfig = { variant: 'v', batch: 1, replicas: 1 };
    const bad: Record<string, unknown>[] = [{ ...same, replica: 2 }, { ...same, mix: [{ variant: 'v', batch: 1, replicas: 1 }] }];
    for (const wrong of bad) {
      const err = await simulate(scenario((obs: Observation) => [obs.timeS < 10 ? same : (wrong as unknown as StageConfig)])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
    }
    const notArray = await simulate(scenario((obs: Observation) => (obs.timeS < 10 ? [same] : ({ 0: same, length: 1 } as unknown as StageConfig[])))).catch((e: unknown) => e);
    expect(notArray).toBeInstanceOf(InputError);
  });
});
