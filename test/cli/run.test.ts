import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI from source (tsx), as a user would run `infersim`. */
function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const minimal = {
  seed: 7, durationS: 300, warmupS: 60, slaMs: 1000,
  pipeline: { stages: [{ name: 's1', variants: [{ name: 'v1', accuracy: 0.9, cores: 1, latencyMs: { '1': 100 }, serviceDist: { type: 'exponential' } }] }] },
  workload: { type: 'poisson', rps: 8 },
  policy: { name: 'static', config: [{ variant: 'v1', batch: 1, replicas: 1 }] },
};

describe('infersim run', () => {
  it('runs the minimal scenario of the docs and prints its JSON summary', () => {
    const r = infersim('run', join(root, 'examples', 'minimal.json'), '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    for (const key of ['requests', 'completed', 'dropped', 'slaViolations', 'slaViolationRate', 'accuracy', 'costCores', 'coreSeconds', 'energyJ', 'events', 'simulatedS']) {
      expect(s).toHaveProperty(key);
    }
    expect(Object.keys(s.latencyMs)).toEqual(expect.arrayContaining(['mean', 'p50', 'p95', 'p99']));
    expect(s.accuracy).toBeCloseTo(0.9, 9);
    expect(s.costCores).toBe(1);
  });

  it('--seed overrides the seed, and the same seed repeats', () => {
    const file = tempFile('s.json', JSON.stringify(minimal));
    const a = JSON.parse(infersim('run', file, '--json', '--seed', '1').stdout);
    const b = JSON.parse(infersim('run', file, '--json', '--seed', '2').stdout);
    const c = JSON.parse(infersim('run', file, '--json', '--seed', '1').stdout);
    expect(a.requests).not.toBe(b.requests);
    expect(c).toEqual(a);
  });

  it('prints a readable summary without --json', () => {
    const r = infersim('run', tempFile('s.json', JSON.stringify(minimal)));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/latency ms\s+mean/);
  });

  it('malformed JSON: exit 2, the line, no stack trace', () => {
    const r = infersim('run', tempFile('bad.json', '{\n  "seed": 7,\n  "durationS": ,\n}'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a misspelt key: exit 2, its path and a suggestion', () => {
    const { durationS: _d, ...rest } = minimal;
    const r = infersim('run', tempFile('s.json', JSON.stringify({ ...rest, duration: 300 })));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('duration: expected no such key here');
    expect(r.stderr).toContain('did you mean "durationS"?');
    expect(r.stderr).toContain('durationS: expected a number');
  });

  it('a scenario file that does not exist: exit 2', () => {
    const r = infersim('run', '/nonexistent/scenario.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('a trace file is read relative to the scenario; a missing one or a bad row is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-'));
    writeFileSync(join(dir, 'ok.csv'), 't_s,rps\n0,3\n1,4\n2,5\n');
    writeFileSync(join(dir, 'bad.csv'), 't_s,rps\n0,3\n1,four\n');
    const scenario = (path: string) => JSON.stringify({ ...minimal, durationS: 3, warmupS: 0, workload: { type: 'trace', path, withinSecond: 'uniform' } });
    writeFileSync(join(dir, 'ok.json'), scenario('ok.csv'));
    writeFileSync(join(dir, 'bad.json'), scenario('bad.csv'));
    writeFileSync(join(dir, 'missing.json'), scenario('missing.csv'));
    const ok = infersim('run', join(dir, 'ok.json'), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).requests).toBe(12);
    const bad = infersim('run', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.csv:3');
    const missing = infersim('run', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/workload\.path: expected a readable file, got ".*missing\.csv" \(no such file\)/);
  });
});
