import { describe, expect, it } from 'vitest';
import { InputError, simulate, validateScenario, type Scenario } from '../../src/index.js';

const minimal = () => ({
  seed: 7,
  durationS: 100,
  warmupS: 10,
  slaMs: 1000,
  pipeline: { stages: [{ name: 's1', variants: [{ name: 'v1', accuracy: 0.9, cores: 1, latencyMs: { '1': 100 } }] }] },
  workload: { type: 'poisson', rps: 8 },
  policy: { name: 'static', config: [{ variant: 'v1', batch: 1, replicas: 1 }] },
});

/** The issues of the InputError that `fn` throws. */
async function issuesOf(input: unknown) {
  try {
    await simulate(input as Scenario);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues;
  }
  throw new Error('expected an InputError');
}

describe('scenario validation', () => {
  it('accepts the minimal scenario and fills defaults', () => {
    const r = validateScenario(minimal());
    expect(r.maxBatchWaitS).toBe(1);
    expect(r.adaptationIntervalS).toBe(10);
    expect(r.dropLimitS).toBe(Infinity);
    expect(r.nodes).toEqual([{ device: 'cpu', cores: Infinity, accelerators: 0, memoryMB: Infinity }]);
  });

  it('an unknown key names its path and suggests the right one', async () => {
    const s = { ...minimal(), warmup: 3 } as Record<string, unknown>;
    delete s.warmupS;
    const [issue] = await issuesOf(s);
    expect(issue.path).toBe('warmup');
    expect(issue.hint).toBe('did you mean "warmupS"?');
  });

  it('a misspelt key deep inside names the full path', async () => {
    const s = minimal();
    const v = s.pipeline.stages[0].variants[0] as Record<string, unknown>;
    v.latencyMS = v.latencyMs;
    delete v.latencyMs;
    const issues = await issuesOf(s);
    expect(issues.map((i) => i.path)).toContain('pipeline.stages[0].variants[0].latencyMS');
    expect(issues.find((i) => i.path.endsWith('latencyMS'))!.hint).toBe('did you mean "latencyMs"?');
  });

  it('wrong types say what was expected and what was given', async () => {
    const [issue] = await issuesOf({ ...minimal(), durationS: '100' });
    expect(issue).toMatchObject({ path: 'durationS', expected: 'a number', received: '"100"' });
  });

  it('negative rates are refused', async () => {
    const [issue] = await issuesOf({ ...minimal(), workload: { type: 'poisson', rps: -2 } });
    expect(issue).toMatchObject({ path: 'workload.rps', expected: 'a number > 0', received: '-2' });
  });

  it('a misspelt workload type suggests the right one', async () => {
    const [issue] = await issuesOf({ ...minimal(), workload: { type: 'possion', rps: 2 } });
    expect(issue).toMatchObject({ path: 'workload.type', received: '"possion"', hint: 'did you mean "poisson"?' });
  });

  it('unknown variant names in a configuration are refused with the choices', async () => {
    const [issue] = await issuesOf({ ...minimal(), policy: { name: 'static', config: [{ variant: 'v2', batch: 1, replicas: 1 }] } });
    expect(issue.path).toBe('policy.config[0].variant');
    expect(issue.expected).toContain('"v1"');
  });

  it('a batch size beyond the profile is refused, not extrapolated', async () => {
    const [issue] = await issuesOf({ ...minimal(), policy: { name: 'static', config: [{ variant: 'v1', batch: 4, replicas: 1 }] } });
    expect(issue).toMatchObject({ path: 'policy.config[0].batch', received: '4' });
  });

  it('a measured throughput table must cover the batch sizes of latencyMs, with positive values', async () => {
    const withTable = (maxThroughputRps: unknown) => {
      const s = minimal();
      Object.assign(s.pipeline.stages[0].variants[0], { latencyMs: { '1': 100, '4': 250 }, maxThroughputRps });
      return s;
    };
    expect(validateScenario(withTable({ '1': 9, '4': 12 })).pipeline.stages[0].variants[0].maxThroughputRps).toEqual({ '1': 9, '4': 12 });
    const missing = await issuesOf(withTable({ '1': 9 }));
    expect(missing).toEqual([{ path: 'pipeline.stages[0].variants[0].maxThroughputRps', expected: 'a value for each batch size of latencyMs (1, 4); this table has 1', received: 'an object' }]);
    const negative = await issuesOf(withTable({ '1': 9, '4': -1 }));
    expect(negative.map((i) => i.path)).toEqual(['pipeline.stages[0].variants[0].maxThroughputRps.4']);
  });

  it('an energy or p99 table that stops below the largest batch of latencyMs is refused up front', async () => {
    const withTables = (extra: Record<string, unknown>) => {
      const s = minimal();
      Object.assign(s.pipeline.stages[0].variants[0], { latencyMs: { '1': 100, '4': 250 }, ...extra });
      return s;
    };
    // Interpolation covers sizes between and below the profiled ones, so reaching the largest size is enough.
    expect(validateScenario(withTables({ energyJ: { '2': 1, '8': 3 }, latencyP99Ms: { '4': 300 } })).pipeline.stages[0].variants[0].energyJ).toEqual({ '2': 1, '8': 3 });
    const short = await issuesOf(withTables({ energyJ: { '1': 1, '2': 1.5 }, latencyP99Ms: { '1': 120 } }));
    expect(short).toEqual([
      { path: 'pipeline.stages[0].variants[0].latencyP99Ms', expected: 'a value at batch size 4 or above (latencyMs goes up to 4); this table stops at 1', received: 'an object' },
      { path: 'pipeline.stages[0].variants[0].energyJ', expected: 'a value at batch size 4 or above (latencyMs goes up to 4); this table stops at 2', received: 'an object' },
    ]);
    const device = withTables({ devices: { gpu: { latencyMs: { '1': 10, '8': 20 }, energyJ: { '1': 0.5 } } } });
    const [issue] = await issuesOf(device);
    expect(issue).toMatchObject({ path: 'pipeline.stages[0].variants[0].devices.gpu.energyJ', expected: 'a value at batch size 8 or above (latencyMs goes up to 8); this table stops at 1' });
  });

  it('an empty pipeline is refused', async () => {
    const [issue] = await issuesOf({ ...minimal(), pipeline: { stages: [] } });
    expect(issue).toMatchObject({ path: 'pipeline.stages', expected: 'an array with at least 1 item(s)' });
  });

  it('an unknown policy suggests a registered one', async () => {
    const [issue] = await issuesOf({ ...minimal(), policy: { name: 'statik' } });
    expect(issue).toMatchObject({ path: 'policy.name', hint: 'did you mean "static"?' });
  });

  it('an unknown bundled pipeline lists the bundled ones', async () => {
    const [issue] = await issuesOf({ ...minimal(), pipeline: 'vidoe' });
    expect(issue.path).toBe('pipeline');
    expect(issue.received).toBe('"vidoe"');
  });

  it('several problems are reported together', async () => {
    const issues = await issuesOf({ ...minimal(), durationS: -1, seed: 'x'.repeat(3), workload: { type: 'poisson' } });
    expect(issues.map((i) => i.path).sort()).toEqual(['durationS', 'workload.rps']);
  });

  it('warm-up must end before the run does', async () => {
    const [issue] = await issuesOf({ ...minimal(), warmupS: 100 });
    expect(issue.path).toBe('warmupS');
  });

  it('a trace needs exactly one source, and files only through the Node loader', async () => {
    expect((await issuesOf({ ...minimal(), workload: { type: 'trace' } }))[0].path).toBe('workload');
    expect((await issuesOf({ ...minimal(), workload: { type: 'trace', path: 'x.csv' } }))[0].path).toBe('workload.path');
  });

  it('the error message reads as one line per problem', async () => {
    await expect(simulate({ ...minimal(), workload: { type: 'poisson', rps: 0 } })).rejects.toThrow('workload.rps: expected a number > 0, got 0');
  });
});
