import { describe, expect, it } from 'vitest';
import { simulate, type Observation, type Scenario } from '../../src/index.js';
import { inputErrorOf } from '../helpers.js';
import { LIMITS } from '../../src/sim/limits.js';
import { validateScenario } from '../../src/sim/validate.js';

// Sizes that could exhaust memory or never finish fail up front, naming the field, the limit and why.

const variant = { name: 'v', accuracy: 0.5, cores: 1, latencyMs: { 1: 20, 4: 50 } };
const base = (over: Partial<Scenario> = {}): Scenario => ({
  seed: 1,
  durationS: 60,
  pipeline: { slaMs: 1000, stages: [{ name: 'a', variants: [variant] }, { name: 'b', variants: [variant] }] },
  workload: { type: 'poisson', rps: 2 },
  policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }, { variant: 'v', batch: 1, replicas: 1 }] },
  ...over,
});

/** The issues of a scenario that must fail validation. */
function issues(s: unknown): { path: string; expected: string; received: string }[] {
  return inputErrorOf(() => validateScenario(s)).issues;
}

describe('size limits', () => {
  it('each size over its limit names the field, the limit and the reason', () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['a duration of a year of seconds x 10', base({ durationS: 3.2e8 }), 'durationS', /at most 10000000 .*arrival count per simulated second/],
      ['a nanosecond series interval', base({ metrics: { seriesIntervalS: 1e-6 } }), 'metrics.seriesIntervalS', /at most 1000000 series points \(durationS 60 \/ seriesIntervalS/],
      ['a microsecond adaptation interval', base({ serving: { adaptationIntervalS: 1e-5 } }), 'serving.adaptationIntervalS', /at most 1000000 policy decisions/],
      ['a trace row of 1e12 requests', base({ workload: { type: 'trace', rps: [3, 1e12, 3] } }), 'workload.rps[1]', /count per second of at most 1000000/],
      ['a rate of 5e6 requests/s', base({ workload: { type: 'deterministic', rps: 5e6 } }), 'workload.rps', /rate of at most 1000000/],
      ['a short trace replayed at a tiny time scale', base({ workload: { type: 'trace', rps: [900, 900], timeScale: 1e-3, repeat: true } }), 'workload', /at most 10000000 expected requests/],
      ['a billion nodes', base({ cluster: { nodes: [{ cores: 4, count: 1e9 }] } }), 'cluster.nodes', /node count of at most 10000/],
      ['a batch of 100000', base({ pipeline: { slaMs: 1000, stages: [{ name: 'a', variants: [{ ...variant, latencyMs: { 1: 20, 100000: 9e5 } }] }] }, policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }] } }), 'pipeline.stages[0].variants[0].latencyMs.100000', /batch size of at most 4096/],
      ['an edge fanning out 10000 tasks', base({ pipeline: { slaMs: 1000, stages: [{ name: 'a', variants: [variant], next: [{ stage: 'b', count: 10000 }] }, { name: 'b', variants: [variant] }] } }), 'pipeline.stages[0].next[0].count', /at most 500 tasks per edge/],
      ['a carbon step of a millisecond', base({ cluster: { cores: 8 }, energy: { carbon: { gPerKWh: [100, 200], stepS: 1e-5 } } }), 'energy.carbon.stepS', /at most 1000000 carbon-intensity steps/],
      ['a day of history every 0.1 s for a long run', base({ durationS: 1e5, serving: { adaptationIntervalS: 0.1, historyS: 86400 }, metrics: { seriesIntervalS: 10 }, workload: { type: 'poisson', rps: 0.01 } }), 'serving.historyS', /at most 1000000000 observed seconds/],
    ];
    for (const [what, scenario, path, expected] of cases) {
      const found = issues(scenario);
      expect(found.map((i) => i.path), what).toContain(path);
      expect(found.find((i) => i.path === path)!.expected, what).toMatch(expected);
      expect(found.find((i) => i.path === path)!.expected, what).toContain('see "Limits" in docs/scenario.md');
    }
  });

  it('sizes at the limits pass validation', () => {
    expect(() => validateScenario(base({ durationS: LIMITS.durationS, metrics: { seriesIntervalS: 10 }, workload: { type: 'poisson', rps: 0.5 } }))).not.toThrow();
    expect(() => validateScenario(base({ metrics: { seriesIntervalS: 60 / LIMITS.seriesBins } }))).not.toThrow();
    expect(() => validateScenario(base({ workload: { type: 'trace', rps: [LIMITS.requestsPerSecond] } }))).not.toThrow();
    // A row above the limit is fine once damping brings it under.
    expect(() => validateScenario(base({ workload: { type: 'trace', rps: [LIMITS.requestsPerSecond * 4], damping: 8 } }))).not.toThrow();
  });

  it('replicas are limited in a static configuration and in a policy decision at run time', async () => {
    const tooMany = LIMITS.replicas + 1;
    const bad = base({ policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: tooMany - 1 }, { variant: 'v', batch: 1, replicas: 1, mix: [] }] } });
    await expect(simulate(bad)).rejects.toThrow(/policy\.config: expected at most 10000 replicas in all .*, got 10001 replicas/);
    const grows = base({ policy: (obs: Observation) => [{ variant: 'v', batch: 1, replicas: obs.timeS < 30 ? 1 : 1e7 }, { variant: 'v', batch: 1, replicas: 1 }] });
    await expect(simulate(grows)).rejects.toThrow(/policy "policy" decision at t=30s: expected at most 10000 replicas in all .*, got 10000001 replicas/);
  });
});
