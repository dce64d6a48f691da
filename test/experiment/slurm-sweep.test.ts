// `infersim sweep --slurm` without a Slurm: the batch scripts it writes (run by bash with `echo` for
// infersim), the squeue/sacct parsers, and submission, status and --resume against stand-ins for
// sbatch and squeue on PATH (shell scripts that log their arguments and print canned answers). The
// real thing runs in slurm-real.test.ts.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerSweep } from '../../src/cli/commands/sweep.js';
import { inProcessCli } from '../cli/in-process.js';
import { runSweep } from '../../src/node/sweep/run-sweep.js';
import { parseSacct, parseSqueue } from '../../src/node/sweep/slurm-commands.js';
import { mergeScript, sweepArrayScript, type SlurmScriptOptions } from '../../src/node/sweep/slurm-scripts.js';
import { readSubmissions, slurmSweepStatus, submitSlurmSweep } from '../../src/node/sweep/slurm-sweep.js';
import { removeTempDirs, tempDir, tinySweep } from './fixtures.js';

afterAll(removeTempDirs);

/** Fake sbatch/squeue/sacct in a directory put first on PATH; `squeue` prints the file `queue`. */
let fake: string;
const oldPath = process.env.PATH;
beforeAll(() => {
  fake = tempDir();
  const bin = join(fake, 'bin');
  mkdirSync(bin);
  const script = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('sbatch', `echo "$*" >> ${fake}/sbatch.log; n=$(( $(cat ${fake}/next 2>/dev/null || echo 100) + 1 )); echo $n > ${fake}/next; echo "$n;cluster"`);
  script('squeue', `cat ${fake}/queue 2>/dev/null; exit 0`);
  script('sacct', `echo "Slurm accounting storage is disabled" >&2; exit 1`);
  process.env.PATH = `${bin}:${oldPath}`;
});
afterAll(() => {
  process.env.PATH = oldPath;
});
const sbatchCalls = (): string[] => readFileSync(join(fake, 'sbatch.log'), 'utf8').trim().split('\n');
const setQueue = (lines: string[]): void => writeFileSync(join(fake, 'queue'), lines.join('\n') + '\n');

/** The sweep CLI in this process. */
const cli = (...args: string[]) => inProcessCli([registerSweep], ...args);

const scriptOptions = (outDir: string): SlurmScriptOptions => ({ name: 'tiny run', specHash: 'abc', shards: 3, runs: 24, outDir, specFile: join(outDir, 'slurm', 'spec.json'), command: ['/opt/my node/node', '/app/dist/cli/main.js'] });

describe('the batch scripts', () => {
  it('array task i runs shard i of the written count, whatever the array submitted', () => {
    const dir = join(tempDir(), 'out dir');
    const file = join(dir, 'sweep.sbatch');
    mkdirSync(dir);
    writeFileSync(file, sweepArrayScript(scriptOptions(dir)));
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("'/opt/my node/node' /app/dist/cli/main.js");
    const r = spawnSync('bash', [file], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '1', INFERSIM: 'echo' } });
    expect(r.stdout.trim()).toBe(`sweep ${dir}/slurm/spec.json --shard 1/3 --out ${dir}/shard-1 --resume --workers 1`);
    expect(spawnSync('bash', [file], { encoding: 'utf8', env: { ...process.env, INFERSIM: 'echo' } }).stderr).toMatch(/submit me with sbatch --array/);
  });

  it('the merge job merges the shards that have output and says which have none', () => {
    const dir = tempDir();
    for (const i of [0, 2]) {
      mkdirSync(join(dir, `shard-${i}`));
      writeFileSync(join(dir, `shard-${i}`, 'sweep.json'), '{}');
    }
    const file = join(dir, 'merge.sbatch');
    writeFileSync(file, mergeScript(scriptOptions(dir)));
    const r = spawnSync('bash', [file], { encoding: 'utf8', env: { ...process.env, INFERSIM: 'echo' } });
    expect(r.stdout.trim()).toBe(`merge ${dir}/shard-0 ${dir}/shard-2 --out ${dir}/merged`);
    expect(r.stderr).toContain('shard 1 has no output (its task never ran)');
  });
});

describe('squeue and sacct output', () => {
  it('parses one line per job or array task, reasons and sacct states', () => {
    expect(parseSqueue('12_0|RUNNING|None\n12_2|PENDING|Resources\n13|PENDING|Dependency\n')).toEqual([
      { id: '12_0', state: 'RUNNING', source: 'squeue' },
      { id: '12_2', state: 'PENDING', reason: 'Resources', source: 'squeue' },
      { id: '13', state: 'PENDING', reason: 'Dependency', source: 'squeue' },
    ]);
    expect(parseSacct('12_1|CANCELLED by 0\n12_1.batch|CANCELLED\n13|FAILED\n')).toEqual([
      { id: '12_1', state: 'CANCELLED', source: 'sacct' },
      { id: '13', state: 'FAILED', source: 'sacct' },
    ]);
  });
});

describe('infersim sweep --slurm against stand-ins for sbatch and squeue', () => {
  it('submits the array and an afterany merge, refuses a second submission, resubmits only unfinished shards', async () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(tinySweep({ params: undefined })));
    const out = join(dir, 'out');
    const first = await cli('sweep', file, '--slurm', '3', '--out', out, '--sbatch=--partition=cpu', '--sbatch', '--time=01:00:00');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sweep tiny: submitted job array 101 \(shards 0,1,2 of 3, 12 runs in all\) and merge job 102 \(afterany:101\)/);
    expect(sbatchCalls()).toEqual([
      `--parsable --array=0,1,2 --partition=cpu --time=01:00:00 ${out}/slurm/sweep.sbatch`,
      `--parsable --dependency=afterany:101 --partition=cpu --time=01:00:00 ${out}/slurm/merge.sbatch`,
    ]);
    expect(readSubmissions(out).map((s) => s.kind)).toEqual(['array', 'merge']);
    await expect(cli('sweep', file, '--slurm', '3', '--out', out)).rejects.toThrow(/out: expected a directory without a submitted sweep \(or --resume/);

    // Task 1 still running: --resume refuses, --status says where things are.
    setQueue(['101_0|COMPLETED|None', '101_1|RUNNING|None', '101_2|COMPLETED|None', '102|PENDING|Dependency']);
    await expect(cli('sweep', file, '--slurm', '3', '--out', out, '--resume')).rejects.toThrow(/--resume: expected no job of this sweep still queued or running, got 101_1 \(RUNNING\), 102 \(PENDING\)/);
    // Shards 0 and 2 ran (here, for real rows), shard 1 was killed before its first row.
    const spec = join(out, 'slurm', 'spec.json');
    for (const i of [0, 2]) await runSweep(JSON.parse(readFileSync(spec, 'utf8')), { outDir: join(out, `shard-${i}`), shard: { index: i, count: 3 }, workers: 0, resume: true });
    setQueue(['101_0|COMPLETED|None', '101_1|CANCELLED|None', '101_2|COMPLETED|None', '102|FAILED|NonZeroExitCode']);
    const status = await cli('sweep', file, '--out', out, '--status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('sweep tiny on Slurm: 8/12 runs in 3 shards (67%); merged: 0/12 runs');
    expect(status.stdout).toContain('  shard 1: 0/4 runs, job 101_1 CANCELLED\n');
    expect(status.stdout).toContain('  merge: job 102 FAILED (NonZeroExitCode)\n  unfinished shards 1: resubmit them with --resume');

    const resumed = await cli('sweep', file, '--slurm', '3', '--out', out, '--resume');
    expect(resumed.stdout).toMatch(/submitted job array 103 \(shard 1 of 3, 12 runs in all\) and merge job 104 \(afterany:103\)/);
    expect(sbatchCalls().slice(2)).toEqual([`--parsable --array=1 ${out}/slurm/sweep.sbatch`, `--parsable --dependency=afterany:103 ${out}/slurm/merge.sbatch`]);
    // Jobs squeue has forgotten (and sacct cannot tell: no accounting) count as ended.
    setQueue([]);
    const s = slurmSweepStatus(out);
    expect(s.shards.map((x) => [x.job, x.state])).toEqual([['101_0', undefined], ['103_1', undefined], ['101_2', undefined]]);
    expect(s).toMatchObject({ active: false, incomplete: [1], complete: false });
    expect(JSON.parse((await cli('sweep', file, '--out', out, '--status', '--json')).stdout)).toMatchObject({ runs: 12, done: 8, incomplete: [1], complete: false });
  });

  it('bad input: no count, --shard with --slurm, more tasks than runs, another spec on --resume', async () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(tinySweep({ params: undefined })));
    await expect(cli('sweep', file, '--wait', '--out', join(dir, 'x'))).rejects.toThrow(/--slurm: expected the number of array tasks/);
    await expect(cli('sweep', file, '--slurm', '2', '--shard', '0/2')).rejects.toThrow(/--shard: expected no --shard with --slurm/);
    await expect(cli('sweep', file, '--slurm', '13', '--out', join(dir, 'y'))).rejects.toThrow(/--slurm: expected a number of array tasks from 1 to the sweep's 12 runs, got 13/);
    await expect(cli('sweep', file, '--out', join(dir, 'none'), '--status')).rejects.toThrow(/expected the output directory of a sweep submitted with --slurm/);
    const out = join(dir, 'out');
    submitSlurmSweep(file, { outDir: out, shards: 2 });
    setQueue([]);
    writeFileSync(file, JSON.stringify(tinySweep({ params: undefined, seeds: [1, 2] })));
    expect(() => submitSlurmSweep(file, { outDir: out, shards: 2, resume: true })).toThrow(/the spec changed since it was submitted/);
  });
});
