import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { runProfile, type ProfileMeasurement } from '../../src/node/profiler/profile.js';
import { validateProfileOptions } from '../../src/node/profiler/options.js';
import { parseCpuList } from '../../src/node/profiler/affinity.js';
import { latencyStats } from '../../src/node/profiler/stats.js';
import { validateScenario } from '../../src/sim/validate.js';
import type { PipelineProfile } from '../../src/profiles/types.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const matmul = join(repo, 'examples/profiler/matmul.js');
const virtualClock = fileURLToPath(new URL('./fixtures/virtual-clock-workload.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'infersim-profiler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The profile must load as a scenario's pipeline: the project's own format check. */
function expectValidProfile(profile: PipelineProfile): void {
  const variant = profile.stages[0].variants[0];
  const batch = Number(Object.keys(variant.latencyMs)[0]);
  validateScenario({
    seed: 1,
    durationS: 10,
    warmupS: 1,
    slaMs: 1000,
    pipeline: profile,
    workload: { type: 'poisson', rps: 1 },
    policy: { name: 'static', config: [{ variant: variant.name, batch, replicas: 1 }] },
  });
}

/** Expects an InputError and returns its issue paths. */
async function issuePaths(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues.map((i) => i.path);
  }
  throw new Error('expected an InputError');
}

describe('runProfile(module)', () => {
  it('writes a valid profile from the timed runs: mean / p50 / p99 per batch, throughput, energy from the power model', async () => {
    const out = join(dir, 'virtual.json');
    const notices: string[] = [];
    // The workload's clocks are virtual: a call takes batch * 4 / cores + n ms (n = calls since the
    // batch size changed, warm-ups included) with its cores busy throughout, whatever the load.
    const run = await runProfile({
      module: virtualClock,
      env: ['UNIT_MS=4'],
      stage: 'virtual',
      variant: 'v4',
      batches: '1,4,16',
      cores: '1,2',
      repeats: 5,
      warmup: 2,
      powerModel: '40,120',
      accuracy: 0.8,
      out,
      energy: 'auto',
      notice: (m) => notices.push(m),
    });
    // No RAPL here: exactly one plain notice, and energy never tagged measured.
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/RAPL package energy cannot be read/);
    expect(run.energy.method).toBe('model');

    // Timed runs are calls 2..6 of each batch size: latencies base + [2, 3, 4, 5, 6].
    const machineCpus = cpus().length;
    expect(run.measurements.map((m) => [m.cores, m.batch])).toEqual([[1, 1], [1, 4], [1, 16], [2, 1], [2, 4], [2, 16]]);
    for (const m of run.measurements) {
      const base = (m.batch * 4) / m.cores;
      expect(m).toMatchObject({ runs: 5, windowRuns: 5, meanMs: base + 4, p50Ms: base + 4, minMs: base + 2, maxMs: base + 6, energyKind: 'modelled' });
      // h = (5 - 1) * 0.99 = 3.96 between the 4th and 5th order statistics.
      expect(m.p99Ms).toBeCloseTo(base + 5.96, 9);
      expect(m.stdMs).toBeCloseTo(Math.sqrt(10 / 4), 12);
      expect(m.windowS).toBeCloseTo((5 * (base + 4)) / 1000, 12);
      expect(m.throughputRps).toBeCloseTo((m.batch * 1000) / (base + 4), 9);
      expect(m.cpuSPerBatch).toBeCloseTo(((base + 4) * m.cores) / 1000, 12);
      expect(m.energyJ).toBeCloseTo(((120 - 40) * m.cpuSPerBatch!) / machineCpus, 12);
    }

    const profile = JSON.parse(readFileSync(out, 'utf8')) as PipelineProfile;
    expect(profile).toEqual(run.profile);
    expectValidProfile(profile);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const [stage] = profile.stages;
    expect(stage.name).toBe('virtual');
    expect(stage.variants.map((v) => [v.name, v.cores])).toEqual([['v4-1c', 1], ['v4-2c', 2]]);
    for (const v of stage.variants) {
      const rows = run.measurements.filter((m) => m.cores === v.cores);
      const byBatch = (f: (m: ProfileMeasurement) => number): Record<string, number> =>
        Object.fromEntries(rows.map((m) => [String(m.batch), Number(f(m).toPrecision(6))]));
      expect(v.latencyMs).toEqual(byBatch((m) => m.meanMs));
      expect(v.latencyP99Ms).toEqual(byBatch((m) => m.p99Ms));
      expect(v.energyJ).toEqual(byBatch((m) => m.energyJ!));
      expect(v.accuracy).toBe(0.8);
      expect(v.provenance!.latencyMs).toMatchObject({ kind: 'measured', source: expect.stringMatching(/CPUs \(taskset -c [0-9,]+\).*UNIT_MS=4.*mean of 5 timed runs after 2 warm-up/) });
      expect(v.provenance!.energyJ.kind).toBe('modelled');
    }
  });

  it('leaves energy out without a power model, and adds variants to a file with --merge', async () => {
    const out = join(dir, 'merged.json');
    const notices: string[] = [];
    // Commands start faster than module runners; what is tested here is the file handling.
    const common = { command: ': {batch}', stage: 'matmul', batches: [1, 2], repeats: 2, warmup: 1, out, energy: 'off' as const, notice: (m: string) => notices.push(m) };
    await runProfile({ ...common, env: { MATMUL_N: '8' }, variant: 'n8' });
    const run = await runProfile({ ...common, env: { MATMUL_N: '16' }, variant: 'n16', merge: true });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/energyJ is left out/);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as PipelineProfile;
    expect(profile.stages[0].variants.map((v) => v.name)).toEqual(['n8', 'n16']);
    for (const v of profile.stages[0].variants) {
      expect(v.energyJ).toBeUndefined();
      expect(v.provenance!.energyJ).toBeUndefined();
      expect(v.provenance!.accuracy.kind).toBe('modelled');
    }
    expect(run.energy.method).toBe('none');
    expectValidProfile(profile);
  });
});

describe('runProfile(command)', () => {
  it('times a shell command per batch, with {batch} and {cores} filled in', async () => {
    const log = join(dir, 'command-runs.log');
    const run = await runProfile({
      // Fails unless {cores} became 1; logs each run's {batch}; `sleep` bounds its wall time from below.
      command: `test {cores} -eq 1 && echo {batch} >> ${log} && sleep 0.{batch}`,
      stage: 's',
      variant: 'sleep',
      batches: '1,2,4',
      repeats: 2,
      warmup: 1,
      energy: 'off',
      notice: () => {},
    });
    // One warm-up and two timed runs per batch size, in order.
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['1', '1', '1', '2', '2', '2', '4', '4', '4']);
    expect(run.measurements.map((m) => [m.batch, m.runs])).toEqual([[1, 2], [2, 2], [4, 2]]);
    // A run lasts at least its sleep however loaded the machine is (no upper bound or ordering is
    // asserted: those depend on the load).
    for (const m of run.measurements) expect(m.minMs).toBeGreaterThanOrEqual(m.batch * 100);
    expect(run.out).toBeUndefined();
    expect(run.profile.stages[0].variants[0].latencyMs).toEqual(
      Object.fromEntries(run.measurements.map((m) => [String(m.batch), Number(m.meanMs.toPrecision(6))])),
    );
  });

  it('reports a failing command as bad input on --command', async () => {
    expect(await issuePaths(runProfile({ command: 'exit {batch}', stage: 's', variant: 'v', batches: '3', repeats: 1, warmup: 0, energy: 'off', notice: () => {} }))).toEqual(['--command']);
  });
});

describe('runProfile(perf meter)', () => {
  it('measures energy with perf where it works: idle subtracted, tagged measured, no notice', async () => {
    // A stand-in for perf on machines with RAPL: prints -x, intervals every 100 ms whose Joules
    // follow the machine's CPU busy share from /proc/stat (10 W idle + 50 W at full load).
    const fake = join(dir, 'fake-perf.mjs');
    writeFileSync(
      fake,
      `#!${process.execPath}
import { readFileSync } from 'node:fs';
if (!process.argv.includes('power/energy-pkg/')) process.exit(129);
const start = process.hrtime.bigint();
const busy = () => { const f = readFileSync('/proc/stat', 'utf8').split('\\n')[0].trim().split(/\\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0); return [total - f[3] - f[4], total]; };
let prev = busy(); let last = 0;
const timer = setInterval(() => {
  const cur = busy(); const d = cur[1] - prev[1]; const u = d > 0 ? (cur[0] - prev[0]) / d : 0; prev = cur;
  const t = Number(process.hrtime.bigint() - start) / 1e9; const j = (10 + 50 * u) * (t - last); last = t;
  process.stderr.write(t.toFixed(9) + ',' + j.toFixed(4) + ',Joules,power/energy-pkg/,100000000,100.00,,\\n');
}, 100);
process.on('SIGINT', () => { clearInterval(timer); process.exit(0); });
`,
    );
    chmodSync(fake, 0o755);
    const notices: string[] = [];
    const out = join(dir, 'measured.json');
    const run = await runProfile({
      module: matmul,
      env: ['MATMUL_N=48'],
      stage: 'matmul',
      variant: 'n48',
      batches: '1,16',
      repeats: 3,
      warmup: 3,
      energy: 'perf',
      perfPath: fake,
      idleSeconds: 0.4,
      minWindowSeconds: 0.3,
      powerModel: '40,120',
      out,
      notice: (m) => notices.push(m),
    });
    expect(notices).toEqual([]);
    expect(run.energy).toMatchObject({ method: 'perf', meter: expect.stringMatching(/perf stat/) });
    expect(run.energy.idleW).toBeGreaterThanOrEqual(10);
    for (const m of run.measurements) {
      expect(m.energyKind).toBe('measured');
      expect(Number.isFinite(m.energyJ)).toBe(true);
      expect(m.windowS).toBeGreaterThanOrEqual(0.3);
      expect(m.windowRuns).toBeGreaterThanOrEqual(3);
    }
    const v = run.profile.stages[0].variants[0];
    if (v.energyJ) {
      expect(v.provenance!.energyJ).toMatchObject({ kind: 'measured', source: expect.stringMatching(/minus the idle baseline/) });
    } else {
      expect(run.warnings.join(' ')).toMatch(/<= 0/);
    }
    expect(existsSync(out)).toBe(true);
    expectValidProfile(JSON.parse(readFileSync(out, 'utf8')));
  });
});

describe('validateProfileOptions(options)', () => {
  it('reports every bad option with its flag as path', () => {
    try {
      validateProfileOptions({
        module: 'x.js',
        command: 'y {batch}',
        stage: '',
        variant: 'v',
        batches: '1,two',
        cores: '0',
        repeats: '0',
        warmup: '-1',
        powerModel: '120,40',
        accuracy: '1.5',
        out: '/no/such/dir/p.json',
        energy: 'rapl' as never,
        env: ['1BAD'],
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).issues.map((i) => i.path)).toEqual([
        '--module', '--stage', '--batches', '--cores', '--repeats', '--warmup', '--power-model', '--accuracy', '--energy', '--out', '--env',
      ]);
    }
  });

  it('checks the module file, the command and the core count', () => {
    const base = { stage: 's', variant: 'v', batches: '1' };
    expect(() => validateProfileOptions({ ...base, module: join(dir, 'missing.js') })).toThrow(/--module: expected an existing file/);
    expect(() => validateProfileOptions({ ...base, command: 'sleep 1' })).toThrow(/--command: expected a command containing \{batch\}/);
    expect(() => validateProfileOptions({ ...base, command: 'x {batch}', cores: '1,1' })).toThrow(/--cores: expected each value once/);
    expect(() => validateProfileOptions({ ...base, command: 'x {batch}', cores: '4096' })).toThrow(/--cores: expected at most/);
    const s = validateProfileOptions({ ...base, command: 'x {batch}', batches: '8,1,2' });
    expect(s.batches).toEqual([1, 2, 8]);
    expect(s).toMatchObject({ repeats: 10, warmup: 2, cores: [1], energy: 'auto' });
  });

  it('loads a TypeScript module exporting infer(batch, { cores })', async () => {
    const mod = join(dir, 'typed.ts');
    writeFileSync(mod, 'export function infer(batch: number, ctx: { cores: number }): number {\n  let s = 0;\n  for (let i = 0; i < batch * 20000 * ctx.cores; i++) s += i;\n  return s;\n}\n');
    const run = await runProfile({ module: mod, stage: 's', variant: 'ts', batches: '1,2', repeats: 2, warmup: 1, energy: 'off', notice: () => {} });
    expect(run.measurements).toHaveLength(2);
    expect(run.profile.stages[0].variants[0].provenance!.latencyMs).toMatchObject({ source: expect.stringMatching(/typed\.ts infer\(batch\)/) });
  });

  it('turns a module without infer into bad input on --module', async () => {
    const mod = join(dir, 'no-infer.mjs');
    writeFileSync(mod, 'export const x = 1;\n');
    expect(await issuePaths(runProfile({ module: mod, stage: 's', variant: 'v', batches: '1', energy: 'off', notice: () => {} }))).toEqual(['--module']);
  });
});

describe('helpers', () => {
  it('parseCpuList reads kernel CPU lists', () => {
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('x')).toEqual([]);
  });

  it('latencyStats gives mean and interpolated percentiles', () => {
    const s = latencyStats([4, 1, 3, 2]);
    expect(s).toMatchObject({ runs: 4, meanMs: 2.5, p50Ms: 2.5, minMs: 1, maxMs: 4 });
    expect(s.p99Ms).toBeCloseTo(3.97, 9);
    // Sample standard deviation of 1..4: sqrt(((1.5^2 + 0.5^2) * 2) / 3).
    expect(s.stdMs).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(latencyStats([7]).stdMs).toBe(0);
  });
});
