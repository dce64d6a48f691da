import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/policies/plan.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI from source (tsx), as a user would run `infersim`. */
function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes a problem file into a fresh temporary folder. */
function problemFile(problem: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'infersim-plan-')), 'problem.json');
  writeFileSync(file, typeof problem === 'string' ? problem : JSON.stringify(problem));
  return file;
}

/** The problem of docs/policies.md's "One-shot planning" section. */
const docsProblem = { pipeline: 'video', rps: 20, weights: { alpha: 4 } };

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('infersim plan', () => {
  it('prints a table: one line per stage with variant, batch and replicas, then the totals', async () => {
    const r = infersim('plan', problemFile(docsProblem));
    expect(r.code).toBe(0);
    const expected = await plan('video', { rps: 20, weights: { alpha: 4 } });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('video  (policy ipa)');
    expect(lines[1].split(/\s+/).filter(Boolean)).toEqual(['stage', 'variant', 'batch', 'replicas']);
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/))).toEqual([
      ['crop', expected.config[0].variant, String(expected.config[0].batch), String(expected.config[0].replicas)],
      ['classification', expected.config[1].variant, String(expected.config[1].batch), String(expected.config[1].replicas)],
    ]);
    expect(lines[4]).toMatch(new RegExp(`objective ${expected.objective.toFixed(6)}\\s+accuracy ${expected.accuracy.toFixed(4)}\\s+cores ${expected.cores}\\s`));
    expect(lines[4]).toMatch(/serves 20\.0 rps/);
    expect(r.stderr).toBe('');
  });

  it('--json prints the same plan as the plan() API', async () => {
    const r = infersim('plan', problemFile(docsProblem), '--json');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    const { solveMs: _a, ...expected } = await plan('video', { rps: 20, weights: { alpha: 4 } });
    const { solveMs, ...rest } = got;
    expect(rest).toEqual(expected);
    expect(solveMs).toBeGreaterThanOrEqual(0);
    expect(got.feasible).toBe(true);
    expect(got.config).toHaveLength(2);
  });

  it('takes a policy with options and an inline pipeline', () => {
    const pipeline = {
      name: 'tiny', slaMs: 1000,
      stages: [{ name: 'only', variants: [
        { name: 'fast', accuracy: 0.5, cores: 1, latencyMs: { '1': 50 } },
        { name: 'good', accuracy: 0.9, cores: 2, latencyMs: { '1': 200 } },
      ] }],
    };
    const r = infersim('plan', problemFile({ pipeline, rps: 10, policy: { name: 'fa2-low' } }), '--json');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.policy).toBe('fa2-low');
    // fa2-low freezes the least accurate variant; 10 rps at 20 rps a replica: one replica.
    expect(got.config).toEqual([{ variant: 'fast', batch: 1, replicas: 1 }]);
  });

  it('a misspelt key: exit 2, its path and a suggestion, no stack trace', () => {
    const r = infersim('plan', problemFile({ pipeline: 'video', rsp: 20 }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rsp: expected no such key here');
    expect(r.stderr).toContain('did you mean "rps"?');
    expect(r.stderr).toContain('rps: expected a number');
    noStack(r.stderr);
  });

  it('a misspelt policy option: exit 2 with its path under policy and a suggestion', () => {
    const option = infersim('plan', problemFile({ pipeline: 'video', rps: 20, policy: { name: 'ipa', betta: 1 } }));
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/policy\.betta: expected no such option for "ipa".*\(did you mean "beta"\?\)/);
    noStack(option.stderr);
  });

  it('malformed JSON: exit 2, no stack trace', () => {
    const bad = infersim('plan', problemFile('{ "pipeline": "video", "rps": }'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('valid JSON');
    noStack(bad.stderr);
  });
});
