import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { register as registerCompare } from '../../src/cli/commands/compare.js';
import { register as registerMerge } from '../../src/cli/commands/merge.js';
import { register as registerSweep } from '../../src/cli/commands/sweep.js';
import { readRows } from '../../src/node/sweep/rows-file.js';
import { deterministic, removeTempDirs, tempDir, tinySweep } from './fixtures.js';
import { inProcessCli } from '../cli/in-process.js';

afterAll(removeTempDirs);

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI from source (tsx) in a child process, as a user would; stderr is a pipe, not a TTY. */
function spawnCli(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs our three commands in this process (the shared in-process CLI helper). */
function cli(...args: string[]) {
  return inProcessCli([registerSweep, registerMerge, registerCompare], ...args);
}

describe('infersim sweep / merge / compare', () => {
  it('infersim sweep runs a shard on worker threads from the command line, with plain progress lines in a log', () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(tinySweep({ params: undefined })));
    const a = spawnCli('sweep', file, '--out', join(dir, 'shard-0'), '--shard', '0/2', '--workers', '2');
    expect(a.stderr).toMatch(/^tiny: 0\/6 runs \(0%\), 0s elapsed, ETA \?\n/);
    expect(a.stderr).toMatch(/tiny: 6\/6 runs \(100%\), \d+s elapsed, ETA 0s\n$/);
    expect(a.stdout).toMatch(/^sweep tiny shard 0\/2: 6 runs written in [\d.]+ s on 2 worker\(s\) -> /);
    expect(a.code).toBe(0);
    expect(readFileSync(join(dir, 'shard-0', 'rows.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
  });

  it('bad input is an InputError (the CLI prints it and exits 2) with the path and a suggestion', async () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    const { policies, ...rest } = tinySweep();
    writeFileSync(file, JSON.stringify({ ...rest, polices: policies }));
    await expect(cli('sweep', file, '--out', join(dir, 'out'))).rejects.toThrow(/polices: expected no such key here, got an unknown key \(did you mean "policies"\?\)/);
  });

  it('shards, merge (missing runs exit 1), resume, and compare', async () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(tinySweep({ params: undefined })));
    for (const i of [0, 1]) {
      const r = await cli('sweep', file, '--out', join(dir, `shard-${i}`), '--shard', `${i}/2`, '--workers', '0', '--quiet');
      expect(r).toMatchObject({ code: 0, stderr: '' });
    }
    const partial = await cli('merge', join(dir, 'shard-0'), '--out', join(dir, 'partial'));
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/6 run\(s\) missing: small_poisson-10_s2-[0-9a-f]+, /);
    expect(partial.stderr).toMatch(/--resume/);
    expect(await cli('merge', join(dir, 'shard-0'), '--out', join(dir, 'partial2'), '--allow-missing')).toMatchObject({ code: 0 });
    const resumed = await cli('sweep', file, '--out', join(dir, 'partial'), '--resume', '--workers', '0', '--quiet');
    expect(resumed.stdout).toMatch(/6 runs written, 6 already done/);

    const merged = await cli('merge', join(dir, 'shard-0'), join(dir, 'shard-1'), '--out', join(dir, 'merged'));
    expect(merged).toMatchObject({ code: 0, stderr: '' });
    expect(merged.stdout).toMatch(/merged 2 directories: 12 runs/);
    expect(deterministic(readRows(join(dir, 'merged')))).toEqual(deterministic(readRows(join(dir, 'partial'))));

    const c = await cli('compare', join(dir, 'merged'), '--baseline', 'small', '--metrics', 'latencyP99Ms,costCores', '--pareto', 'accuracy:max,costCores:min');
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/costCores: mean and 95% CI across seeds; difference from "small"/);
    expect(c.stdout).toMatch(/large\s+bursty\s+3\s+8\.000\s+\[8\.000, 8\.000\]\s+\+5\.000/);
    expect(c.stdout).toMatch(/Pareto front of the means \(accuracy max, costCores min\)\n\s+poisson-10: small; large/);
    const json = JSON.parse((await cli('compare', join(dir, 'merged', 'rows.jsonl'), '--json', '--metrics', 'accuracy')).stdout);
    expect(json.groups).toHaveLength(4);
  });

  it('--shard outside 0..n-1 and a bad --pareto are input errors', async () => {
    await expect(cli('sweep', 'x.json', '--shard', '2/2')).rejects.toThrow(/--shard: expected i\/n with 0 <= i < n/);
    await expect(cli('compare', tempDir(), '--pareto', 'accuracy')).rejects.toThrow(/--pareto: expected metric:max or metric:min/);
  });
});
