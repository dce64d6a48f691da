import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register as registerList } from '../../src/cli/commands/list.js';
import { register as registerRun } from '../../src/cli/commands/run.js';
import { POLICY_SUMMARIES } from '../../src/cli/policy-summaries.js';
import { bundledPipelineNames, bundledWorkloadNames } from '../../src/bundled/index.js';
import { builtinPolicies } from '../../src/policies/builtins.js';
import { InputError } from '../../src/errors.js';
import { loadScenarioText } from '../../src/node/load-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { inProcessCli } from './in-process.js';

const root = join(import.meta.dirname, '..', '..');
const minimalFile = join(root, 'examples', 'minimal.json');
const minimal = JSON.parse(readFileSync(minimalFile, 'utf8')) as Scenario;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const cli = (...args: string[]) => inProcessCli([registerRun, registerList], ...args);

/** The CLI from source in a child process (stdin, and stderr that is not a terminal). */
function spawnCli(args: string[], input?: string) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('infersim run for scripts', () => {
  it('--json carries the scenario name, seed, policy and infersim version next to the summary', async () => {
    const r = await cli('run', minimalFile, '--json', '--set', 'durationS=300');
    const j = JSON.parse(r.stdout);
    const direct = await simulate({ ...minimal, durationS: 300 });
    expect(j).toMatchObject({ name: direct.name, seed: minimal.seed, policy: 'static', infersimVersion: version });
    expect(j.requests).toBe(direct.summary.requests);
    expect(j.latencyMs.p99).toBe(direct.summary.latencyMs.p99);
  });

  it('--full adds the scenario as run, latency quantiles agreeing with the summary, and the trace only when the scenario records it', async () => {
    const r = await cli('run', minimalFile, '--json', '--full', '--set', 'durationS=300', '--seed', '3');
    const j = JSON.parse(r.stdout);
    expect(j.scenario).toEqual({ ...minimal, durationS: 300, seed: 3 });
    expect(j.seed).toBe(3);
    expect(j.trace).toBeUndefined();
    expect(j.latency.count).toBe(j.summary.completed);
    expect(j.latency.quantilesMs[990]).toBeCloseTo(j.summary.latencyMs.p99, 9);
    expect(j.latency.quantilesMs[500]).toBeCloseTo(j.summary.latencyMs.p50, 9);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['series', 'decisions', 'timing', 'summary']));

    const t = JSON.parse((await cli('run', minimalFile, '--json', '--full', '--set', 'durationS=300', '--set', 'metrics={"trace":true}')).stdout);
    expect(t.scenario.metrics).toEqual({ trace: true });
    expect(t.trace.arrivalS).toHaveLength(t.trace.status.length);
    expect(t.trace.arrivalS.length).toBeGreaterThan(t.summary.requests);
    expect(t.trace.status.filter((s: number) => s === 1).length).toBeGreaterThanOrEqual(t.summary.completed);
  });

  it('--set types its values (numbers, booleans, JSON, else strings) and applies them in order', async () => {
    const j = JSON.parse((await cli('run', minimalFile, '--json', '--set', 'durationS=200', '--set', 'policy.config.0.replicas=2', '--set', 'name=my run', '--set', 'workload={"type":"poisson","rps":4}')).stdout);
    const direct = await simulate({ ...minimal, name: 'my run', durationS: 200, workload: { type: 'poisson', rps: 4 }, policy: { name: 'static', config: [{ variant: 'v1', batch: 1, replicas: 2 }] } });
    expect(j.name).toBe('my run');
    expect(j.costCores).toBe(2);
    expect(j.requests).toBe(direct.summary.requests);
  });

  it('--set with a bad path or value is an InputError naming the flag', async () => {
    await expect(cli('run', minimalFile, '--set', 'durationz=10')).rejects.toThrow(/durationz: expected no such key here.*set by --set durationz=10/);
    await expect(cli('run', minimalFile, '--set', 'policy.config.3.replicas=2')).rejects.toThrow(/--set policy\.config\.3\.replicas=2: expected an index below 1/);
    await expect(cli('run', minimalFile, '--set', 'pipeline.stages.0.variants.0.cores=many')).rejects.toThrow(/pipeline\.stages\[0\]\.variants\[0\]\.cores: expected .*set by --set pipeline\.stages\.0\.variants\.0\.cores=many/);
    await expect(cli('run', minimalFile, '--set', 'noequals')).rejects.toThrow(InputError);
    await expect(cli('run', minimalFile, '--set', 'a..b=1')).rejects.toThrow(/--set: expected path=value/);
  });

  it('run - reads the scenario from stdin; progress lines go to stderr off a terminal', () => {
    const r = spawnCli(['run', '-', '--json', '--set', 'durationS=400', '--progress'], JSON.stringify(minimal));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(minimal.seed);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^scenario: 0\/400 simulated s \(0%\), 0s elapsed, ETA \?$/);
    expect(lines.at(-1)).toMatch(/^scenario: 400\/400 simulated s \(100%\), \d+s elapsed, ETA 0s$/);
  });

  it('scenario text from stdin: bad JSON names stdin and the line; files it names are read relative to the working directory', () => {
    expect(() => loadScenarioText('{\n "seed": ,\n}', root, 'stdin')).toThrow(/^stdin: expected valid JSON, got invalid JSON at line 2/);
    expect(() => loadScenarioText('[1]', root, 'stdin')).toThrow(/^stdin: expected a JSON object \(a scenario\), got an array/);
    const s = loadScenarioText(JSON.stringify({ ...minimal, workload: { type: 'trace', path: 'workloads/ipa-bursty.csv' } }), root, 'stdin');
    expect((s.workload as { rps: number[] }).rps).toHaveLength(1200);
  });
});

describe('infersim list', () => {
  it('lists every bundled pipeline, workload and registered policy, as text and JSON', async () => {
    const all = JSON.parse((await cli('list', '--json')).stdout);
    expect(all.pipelines.map((p: { name: string }) => p.name)).toEqual(bundledPipelineNames);
    expect(all.workloads.map((w: { name: string }) => w.name)).toEqual(bundledWorkloadNames);
    expect(all.policies.map((p: { name: string }) => p.name).sort()).toEqual(Object.keys(builtinPolicies).sort());
    expect(all.pipelines.find((p: { name: string }) => p.name === 'video')).toMatchObject({ slaMs: 6890, stages: [{ name: 'crop' }, { name: 'classification' }] });
    const text = (await cli('list', 'workloads')).stdout;
    expect(text.trim().split('\n')).toHaveLength(bundledWorkloadNames.length);
    expect(text).toMatch(/^ {2}bursty +IPA's bursty workload/m);
    await expect(cli('list', 'models')).rejects.toThrow(/kind: expected "pipelines", "workloads", "policies"/);
  });

  it('every built-in policy has a one-line summary', () => {
    expect(Object.keys(POLICY_SUMMARIES).sort()).toEqual(Object.keys(builtinPolicies).sort());
  });
});
