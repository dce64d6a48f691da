import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/experiment/canonical-json.js';
import { expandSweep } from '../../src/experiment/expand-sweep.js';
import { setPath } from '../../src/experiment/set-path.js';
import { validateSweepSpec } from '../../src/experiment/sweep-spec.js';
import { InputError } from '../../src/errors.js';
import { validateScenario } from '../../src/sim/validate.js';
import { loadSweepFile } from '../../src/node/sweep/load-sweep.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, tempDir, tinySweep } from './fixtures.js';

afterAll(removeTempDirs);

const root = new URL('../../', import.meta.url).pathname;

function issuesOf(f: () => unknown): { path: string; expected: string; received: string; hint?: string }[] {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('expandSweep(spec)', () => {
  it('expands params x workloads x policies x seeds, seeds innermost, in a fixed order', () => {
    const { runs, paramColumns } = expandSweep(tinySweep());
    expect(runs).toHaveLength(2 * 2 * 2 * 3);
    expect(paramColumns).toEqual(['cluster.cores']);
    expect(runs.map((r) => r.index)).toEqual(runs.map((_, i) => i));
    expect(runs.slice(0, 7).map((r) => [r.params['cluster.cores'], r.workload, r.policy, r.seed])).toEqual([
      [8, 'poisson-10', 'small', 1],
      [8, 'poisson-10', 'small', 2],
      [8, 'poisson-10', 'small', 3],
      [8, 'poisson-10', 'large', 1],
      [8, 'poisson-10', 'large', 2],
      [8, 'poisson-10', 'large', 3],
      [8, 'bursty', 'small', 1],
    ]);
    expect(runs.at(-1)).toMatchObject({ policy: 'large', workload: 'bursty', seed: 3, params: { 'cluster.cores': 32 } });
  });

  it('builds each scenario from the base, workload, policy, params and seed, and each one validates', () => {
    const run = expandSweep(tinySweep()).runs[4];
    expect(run.scenario).toMatchObject({ seed: 2, durationS: 30, pipeline: 'video', cluster: { cores: 8 }, workload: { type: 'poisson', rps: 10 }, policy: { name: 'static' } });
    expect(run.scenario.policy).not.toHaveProperty('label');
    expect(() => validateScenario(run.scenario)).not.toThrow();
  });

  it('gives the same run ids on every expansion, readable and safe as file names', () => {
    const a = expandSweep(tinySweep()).runs.map((r) => r.runId);
    const b = expandSweep(structuredClone(tinySweep())).runs.map((r) => r.runId);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    for (const id of a) expect(id).toMatch(/^[A-Za-z0-9.=+_-]+-[0-9a-f]{10}$/);
    expect(a[0]).toMatch(/^small_poisson-10_cores=8_s1-[0-9a-f]{10}$/);
    // Pinned: a change here means every saved sweep would be re-run on resume; change it knowingly.
    expect(a[0]).toBe('small_poisson-10_cores=8_s1-d0355daa57');
  });

  it('run ids follow the scenario content, not key order or labels elsewhere', () => {
    const spec = tinySweep();
    const reordered = { ...spec, base: Object.fromEntries(Object.entries(spec.base as object).reverse()) };
    expect(expandSweep(reordered).runs.map((r) => r.runId)).toEqual(expandSweep(spec).runs.map((r) => r.runId));
    const renamed = expandSweep({ ...spec, name: 'other', description: 'x', output: { series: true } });
    expect(renamed.runs.map((r) => r.runId)).toEqual(expandSweep(spec).runs.map((r) => r.runId));
    const longer = expandSweep({ ...spec, base: { ...(spec.base as object), durationS: 31 } });
    expect(longer.runs[0].runId).not.toBe(expandSweep(spec).runs[0].runId);
    expect(longer.runs[0].runId.split('-')[0]).toBe(expandSweep(spec).runs[0].runId.split('-')[0]);
  });

  it('hashes the spec: shards of one sweep agree, a changed sweep differs', () => {
    expect(expandSweep(tinySweep()).specHash).toBe(expandSweep(tinySweep()).specHash);
    expect(expandSweep(tinySweep({ seeds: [1, 2, 3] })).specHash).toBe(expandSweep(tinySweep()).specHash);
    expect(expandSweep(tinySweep({ seeds: [1, 2, 4] })).specHash).not.toBe(expandSweep(tinySweep()).specHash);
  });

  it('shares the scenario parts it does not change between runs', () => {
    const { runs } = expandSweep(tinySweep());
    expect(runs[0].scenario.serving).toBe(runs[5].scenario.serving);
    expect(runs[0].scenario.policy).toBe(runs[1].scenario.policy);
  });

  it('without workloads, uses the base workload and labels it', () => {
    const spec = tinySweep({ workloads: undefined, params: undefined, base: { durationS: 30, pipeline: 'video', workload: { type: 'trace', name: 'steady_low' } } });
    const { runs } = expandSweep(spec);
    expect(runs).toHaveLength(6);
    expect(runs[0].workload).toBe('steady_low');
  });
});

describe('validateSweepSpec(spec)', () => {
  it('lists every problem with its path and a suggestion', () => {
    const { seeds: _seeds, ...noSeeds } = tinySweep();
    const issues = issuesOf(() => validateSweepSpec({ ...noSeeds, seed: [1] }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'seed', hint: 'did you mean "seeds"?' }));
    const base = issuesOf(() => validateSweepSpec({ ...tinySweep(), base: { durationS: 30, pipline: 'video' } }));
    expect(base).toContainEqual(expect.objectContaining({ path: 'base.pipline', hint: 'did you mean "pipeline"?' }));
  });

  it('checks workloads against the scenario schema', () => {
    const issues = issuesOf(() => validateSweepSpec(tinySweep({ workloads: [{ type: 'poisson', rps: -1 } as never] })));
    expect(issues[0].path).toBe('workloads[0].rps');
  });

  it('asks for labels where two policies or workloads would share one', () => {
    const spec = tinySweep({ policies: [{ name: 'static', config: [] }, { name: 'static', config: [] }] });
    expect(issuesOf(() => validateSweepSpec(spec))).toContainEqual(expect.objectContaining({ path: 'policies[1].label' }));
  });

  it('rejects parameter paths outside the scenario, the seed, and repeated values', () => {
    const issues = issuesOf(() => validateSweepSpec(tinySweep({ params: { 'clustr.cores': [1], seed: [1], 'cluster.cores': [8, 8] } })));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'params.clustr.cores', hint: 'did you mean "cluster"?' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'params.seed' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'params.cluster.cores[1]' }));
  });

  it('expandSweep needs the base read when it is a path', () => {
    expect(issuesOf(() => expandSweep(tinySweep({ base: 'base.json' })))[0].path).toBe('base');
  });
});

describe('setPath(object, path, value)', () => {
  it('copies only along the path, creates missing objects, indexes arrays', () => {
    const o = { a: { b: 1 }, c: { d: [{ e: 1 }, { e: 2 }] } };
    const out = setPath(o, 'c.d.1.e', 5);
    expect(out.c.d[1].e).toBe(5);
    expect(o.c.d[1].e).toBe(2);
    expect(out.a).toBe(o.a);
    expect(setPath({} as Record<string, unknown>, 'x.y', 1)).toEqual({ x: { y: 1 } });
  });

  it('will not replace a value by an object to set a key in it', () => {
    expect(() => setPath({ pipeline: 'video' }, 'pipeline.slaMs', 1)).toThrow(InputError);
  });
});

describe('canonicalJson(value)', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});

describe('loadSweepFile(path)', () => {
  it('reads a base file and CSV workloads relative to the sweep file, labelling a CSV by its name', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'traces'));
    writeFileSync(join(dir, 'traces', 'my-load.csv'), 'rps\n3\n5\n4\n');
    writeFileSync(join(dir, 'base.json'), JSON.stringify({ durationS: 3, pipeline: 'video' }));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ ...tinySweep({ params: undefined }), base: 'base.json', workloads: [{ type: 'trace', path: 'traces/my-load.csv' }] }));
    const spec = loadSweepFile(join(dir, 'sweep.json'));
    expect(spec.base).toEqual({ durationS: 3, pipeline: 'video' });
    expect(spec.workloads).toEqual([{ type: 'trace', rps: [3, 5, 4], label: 'my-load' }]);
    expect(expandSweep(spec).runs[0].workload).toBe('my-load');
  });

  it('names the file and the line of bad JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sweep.json'), '{\n  "name": "x",\n  "seeds": [1,]\n}');
    expect(() => loadSweepFile(join(dir, 'sweep.json'))).toThrow(/line 3/);
  });
});

describe('examples/sweeps', () => {
  it('video-policies.json loads, expands and every scenario validates', () => {
    const spec = loadSweepFile(`${root}examples/sweeps/video-policies.json`);
    const { runs } = expandSweep(spec);
    expect(runs).toHaveLength(6 * 4 * 10);
    for (const r of runs.filter((x) => x.seed === 1)) expect(() => validateScenario(r.scenario)).not.toThrow();
  });
});
