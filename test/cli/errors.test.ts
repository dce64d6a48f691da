import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { reportError } from '../../src/cli/report-error.js';
import { InputError, PolicyError } from '../../src/errors.js';
import { register as registerRun } from '../../src/cli/commands/run.js';
import { register as registerSweep } from '../../src/cli/commands/sweep.js';
import { register as registerTrain } from '../../src/cli/commands/train.js';
import { inProcessCli } from './in-process.js';

// The CLI's one error path: every failure is a message on stderr and an exit code, never a stack.

const root = join(import.meta.dirname, '..', '..');

function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, INFERSIM_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'infersim-err-'));
}

/** A stack trace line, as Node prints them. */
const STACK = /^\s+at .+[(:]\d+/m;

function capture(err: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(err, (t) => (text += t));
  return { code, text };
}

describe('reportError', () => {
  it('bad input exits 2 with the issues only', () => {
    const r = capture(new InputError([{ path: 'durationS', expected: 'a number > 0', received: '-3' }]));
    expect(r.code).toBe(2);
    expect(r.text).toBe('infersim: durationS: expected a number > 0, got -3\n');
  });

  it('a path that cannot be used exits 2 naming the path', () => {
    const err = Object.assign(new Error('EEXIST: file already exists, mkdir \'/x/y\''), { code: 'EEXIST', syscall: 'mkdir', path: '/x/y' });
    const r = capture(err);
    expect(r.code).toBe(2);
    expect(r.text).toContain('mkdir "/x/y": already exists (EEXIST)');
    expect(r.text).not.toMatch(STACK);
  });

  it('a policy that threw exits 1 naming the policy, the time and where it threw, without the stack', () => {
    const cause = new TypeError('cannot read x of undefined');
    const r = capture(new PolicyError('mine', 42.5, cause));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^infersim: policy "mine" failed at t=42\.500 s: TypeError: cannot read x of undefined\n/);
    expect(r.text).toContain('(thrown at ');
    expect(r.text.split('\n').filter((l) => STACK.test(l))).toHaveLength(0);
  });

  it('anything else is an internal error, one line, with how to get the stack', () => {
    const r = capture(new RangeError('Invalid typed array length: 100000000000'));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^infersim: internal error: RangeError: Invalid typed array length/);
    expect(r.text).not.toMatch(STACK);
    expect(capture('a string').text).toMatch(/internal error: string: a string/);
  });

  it('commander errors keep their exit code meaning', () => {
    expect(capture(new CommanderError(0, 'commander.helpDisplayed', '')).code).toBe(0);
    expect(capture(new CommanderError(1, 'commander.unknownOption', 'x')).code).toBe(2);
  });
});

/** Runs commands in this process and puts what they throw through the CLI's error path. */
async function cli(registers: Parameters<typeof inProcessCli>[0], ...args: string[]) {
  try {
    return await inProcessCli(registers, ...args);
  } catch (err) {
    const r = capture(err);
    return { code: r.code, stdout: '', stderr: r.text };
  }
}

describe('the CLI never prints a stack trace', () => {
  const scenario = (over: Record<string, unknown>) => ({
    seed: 1, durationS: 20, pipeline: 'video', workload: { type: 'poisson', rps: 5 },
    policy: { name: 'static', config: [{ variant: 'yolov5n', batch: 1, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }] },
    ...over,
  });
  const infeasible = (name: string) =>
    new RegExp(`^infersim: cluster: expected room for one replica of some variant in every stage \\(${name} found no stage configuration that fits\\), got 1 cpu node\\(s\\), 1 cores`);

  it('an infeasible planner (no configuration fits the cluster) is bad input at cluster: the real binary', () => {
    const file = join(tempDir(), 'loki.json');
    writeFileSync(file, JSON.stringify(scenario({ cluster: { cores: 1 }, policy: { name: 'loki' } })));
    const r = infersim('run', file);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(infeasible('loki'));
    expect(r.stderr).not.toMatch(STACK);
  });

  it('energy-slo likewise, in process', async () => {
    const file = join(tempDir(), 'energy-slo.json');
    writeFileSync(file, JSON.stringify(scenario({ cluster: { cores: 1 }, policy: { name: 'energy-slo' } })));
    const r = await cli([registerRun], 'run', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(infeasible('energy-slo'));
  });

  it('sweep --out onto a file and --import of a missing module are bad input', async () => {
    const dir = tempDir();
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ name: 's', base: scenario({}), policies: [{ name: 'static', config: scenario({}).policy.config }], seeds: [1] }));
    const file = join(dir, 'taken');
    writeFileSync(file, 'not a directory\n');
    const onto = await cli([registerSweep], 'sweep', sweep, '--out', file, '--quiet', '--workers', '0');
    expect(onto.code).toBe(2);
    expect(onto.stderr).toMatch(/^infersim: out: expected a directory .* got ".*taken", which is a file/);
    const missing = await cli([registerSweep], 'sweep', sweep, '--out', join(dir, 'o'), '--import', './no-such-module.mjs', '--quiet', '--workers', '0');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^infersim: import: expected a module that can be imported .* got "\.\/no-such-module\.mjs" \(ERR_MODULE_NOT_FOUND\)/);
    for (const r of [onto, missing]) expect(r.stderr).not.toMatch(STACK);
  });

  it('a reward expression that is text is bad input in train (overflow: test/rl/rewards.test.ts)', async () => {
    const dir = tempDir();
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(scenario({})));
    const text = await cli([registerTrain], 'train', file, '--policy', 'qlearning', '--episodes', '1', '--no-progress', '--out', join(dir, 't1'), '--reward', '"cores"');
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^infersim: reward: .*"cores" is not a number/);
    expect(text.stderr).not.toMatch(STACK);
  });
});
