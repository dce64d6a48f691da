// The package as a user gets it: `npm pack` of the built dist/, installed into an empty project
// (from npm's cache, --prefer-offline), then every shipped example, the README's library snippet, a
// CommonJS require, a TypeScript policy in a 2-worker sweep, strict type checks of a consumer, an
// esbuild browser bundle and the notebooks (in Deno's kernel and in tslab) run against it. Slow-ish
// (a few minutes): one install shared by all cases.
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked, readmeSnippet, repo, type Installed } from './install-packed.js';

let pkg: Installed;
/** Deno from npm (its binary comes in @deno/<platform>, an optional dependency): the notebook kernel. */
const DENO_VERSION = '2.9.6';
/** tslab, the TypeScript Jupyter kernel on Node (from npm): a second notebook kernel. */
const TSLAB_VERSION = '1.0.22';
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const out = mkdtempSync(join(tmpdir(), 'infersim-installed-out-'));

beforeAll(() => {
  pkg = installPacked();
}, 600_000);

afterAll(() => {
  pkg?.cleanup();
  rmSync(out, { recursive: true, force: true });
}, 120_000);

/** Runs `node args` in the project; fails the test with its output when it exits non-zero. */
function node(args: string[], options: { env?: Record<string, string> } = {}): string {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, args, { cwd: pkg.dir, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...options.env } });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const cli = (...args: string[]) => node([join(pkg.dir, 'node_modules', 'infersim', 'dist', 'esm', 'cli.js'), ...args]);
const example = (path: string) => join(pkg.dir, 'node_modules', 'infersim', 'examples', path);
/** Runs a shipped TypeScript example through tsx (a dependency of infersim, so installed with it). */
const tsExample = (path: string, ...args: string[]) => node(['--import', 'tsx', example(path), ...args]);

/** Whether an optional-dependency error names the package and the install command. */
function namesMissingVega(): void {
  const missing = spawnSync(process.execPath, ['--input-type=module', '-e', "import { renderSvg } from 'infersim/node'; await renderSvg({ mark: 'point' });"], { cwd: pkg.dir, encoding: 'utf8' });
  expect(missing.stderr).toContain('needs the optional package vega-lite, which is not installed: npm install vega-lite@');
}

let linked = false;
/**
 * Adds the optional peers (tfjs, vega, vega-lite), linked from this repository's node_modules: an
 * npm install of tfjs would copy ~300 MB for the few cases that need it.
 */
function linkOptionalPeers(): void {
  if (linked) return;
  namesMissingVega();
  mkdirSync(join(pkg.dir, 'node_modules', '@tensorflow'), { recursive: true });
  for (const name of readdirSync(join(repo, 'node_modules', '@tensorflow'))) symlinkSync(join(repo, 'node_modules', '@tensorflow', name), join(pkg.dir, 'node_modules', '@tensorflow', name));
  for (const name of ['vega', 'vega-lite']) symlinkSync(join(repo, 'node_modules', name), join(pkg.dir, 'node_modules', name));
  linked = true;
}

// Each case spawns processes on a loaded 2-core machine: generous per-case limits.
describe('the packed package, installed into an empty project', { timeout: 300_000 }, () => {
  it('installs without the optional parts under 60 MB, with no engine mismatch (--engine-strict)', () => {
    expect(pkg.installLog).not.toMatch(/EBADENGINE/);
    expect(pkg.footprintMiB).toBeLessThan(60);
    for (const optional of ['@tensorflow/tfjs', 'vega', 'vega-lite']) expect(pkg.installedBefore).not.toContain(optional);
  });

  it('runs the CLI: --version and every example scenario', () => {
    const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(node([join(pkg.dir, 'node_modules', '.bin', 'infersim'), '--version']).trim()).toBe(version);
    const scenarios = readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.json'));
    expect(scenarios.length).toBeGreaterThan(0);
    for (const file of scenarios) expect(cli('run', example(file))).toMatch(/requests\s+\d+\s+completed\s+\d+/);
  });

  it("runs the README's library snippet", () => {
    writeFileSync(join(pkg.dir, 'readme.mjs'), readmeSnippet());
    const lines = node(['readme.mjs']).trim().split('\n');
    // p99, cost and SLA-violation rate: three numbers, then the cores series.
    expect(lines[0].split(' ').map(Number).every(Number.isFinite)).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
  });

  it('loads through require() (CommonJS), both entry points, and simulates', () => {
    writeFileSync(
      join(pkg.dir, 'use.cjs'),
      [
        "const { simulate, policyNames } = require('infersim');",
        "const { loadScenarioFile, runSweep } = require('infersim/node');",
        "if (typeof runSweep !== 'function') throw new Error('infersim/node has no runSweep');",
        "const scenario = loadScenarioFile(require.resolve('infersim/package.json').replace('package.json', 'examples/minimal.json'));",
        'simulate(scenario)',
        "  .then((r) => console.log(policyNames().includes('ipa'), r.summary.completed > 0));",
      ].join('\n'),
    );
    expect(node(['use.cjs']).trim()).toBe('true true');
  });

  // Before linkOptionalPeers: the types must compile without tfjs, vega or glpk.js's own types.
  it('type-checks a consumer strictly without skipLibCheck under node10 (tslab), node16 and bundler resolution', async () => {
    expect(linked).toBe(false);
    const typescript = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const ok = [
      "import { simulate, type Scenario } from 'infersim';",
      "import { runSweep } from 'infersim/node';",
      "const s = { pipeline: 'video', workload: { type: 'poisson', rps: 5 }, durationS: 10, seed: 1, policy: { name: 'ipa' } } satisfies Scenario;",
      'export const run = () => simulate(s).then((r) => r.summary.latencyMs.p99);',
      'export const sweep = runSweep;',
    ].join('\n');
    // A misspelt key in a scenario literal does not compile: proof that the types were found, not taken as any.
    const typo = "import { simulate } from 'infersim';\nexport const r = simulate({ pipeline: 'video', workload: { type: 'poisson', rps: 5 }, durationS: 10, seed: 1, polcy: { name: 'ipa' } });\n";
    const cjs = "import infersim = require('infersim');\nimport node = require('infersim/node');\nexport const f = [infersim.simulate, node.runSweep];\n";
    const modes = [
      // tslab and older setups: CommonJS, node10 resolution (no exports map: "types" and typesVersions).
      { name: 'node10', module: 'commonjs', type: 'commonjs', extra: { ignoreDeprecations: '6.0' } },
      // node16 covers nodenext's exports-map rules (ESM and, through cjs.cts, require).
      { name: 'node16', module: 'node16', type: 'module', cjs: true },
      { name: 'bundler', module: 'preserve', type: 'module' },
    ];
    // Each compile loads all of infersim's declarations (tens of seconds on a loaded machine): run them at once.
    const runs = modes.map((m) => {
      const dir = join(pkg.dir, `typed-${m.name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: m.type }));
      const compilerOptions = { strict: true, skipLibCheck: false, noEmit: true, module: m.module, moduleResolution: m.name, target: 'es2022', types: ['node'], typeRoots: [join(repo, 'node_modules', '@types')], ...m.extra };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts', '*.cts'] }));
      writeFileSync(join(dir, 'ok.ts'), ok);
      writeFileSync(join(dir, 'typo.ts'), typo);
      if (m.cjs) writeFileSync(join(dir, 'cjs.cts'), cjs);
      return new Promise<{ name: string; output: string }>((done) => {
        const p = spawn(process.execPath, [typescript, '-p', dir], { cwd: pkg.dir });
        let output = '';
        p.stdout.on('data', (d: Buffer) => (output += d.toString()));
        p.stderr.on('data', (d: Buffer) => (output += d.toString()));
        p.on('close', () => done({ name: m.name, output }));
      });
    });
    for (const { name, output } of await Promise.all(runs)) {
      const errors = output.split('\n').filter((l) => /error TS/.test(l));
      // ok.ts (and cjs.cts) compile cleanly, typo.ts fails on its typo, nothing in infersim's types.
      expect(errors.length, `${name}:\n${errors.join('\n')}`).toBe(1);
      expect(errors[0], name).toMatch(new RegExp(`^typed-${name}/typo\\.ts\\(2,.*'polcy'`));
    }
  });

  it('runs the TypeScript examples (IPA reproduction, heterogeneous comparison and planner timing)', () => {
    linkOptionalPeers(); // the IPA reproduction draws its figures
    expect(tsExample('ipa/run.ts', '--minutes', '1', '--pipelines', 'video', '--workloads', 'bursty', '--policies', 'ipa,rim', '--out', join(out, 'ipa'))).toContain('ipa');
    expect(readFileSync(join(out, 'ipa', 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(tsExample('hetero/compare.ts', '--minutes', '2', '--policies', 'energy-slo', '--out', join(out, 'hetero'))).toContain('energy-slo');
    expect(tsExample('hetero/planner-timing.ts', '--part', 'inferline', '--repeats', '1', '--seconds', '30')).toMatch(/\| video-hetero \| start 30 s \|/);
  });

  it('profiles the shipped matmul module and runs a slice of the shipped sweep', () => {
    const profile = join(out, 'matmul.json');
    cli('profile', '--module', example('profiler/matmul.js'), '--env', 'MATMUL_N=16', '--stage', 'matmul', '--variant', 'n16', '--batches', '1,2', '--cores', '1', '--repeats', '3', '--warmup', '1', '--out', profile);
    expect((JSON.parse(readFileSync(profile, 'utf8')) as { stages: unknown[] }).stages).toHaveLength(1);
    const sweepOut = join(out, 'sweep');
    cli('sweep', example('sweeps/video-policies.json'), '--shard', '0/60', '--workers', '2', '--out', sweepOut);
    expect(readFileSync(join(sweepOut, 'rows.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('runs a sweep whose policy is a TypeScript file, on 2 workers, from the CLI and from runSweep', () => {
    writeFileSync(
      join(pkg.dir, 'mine.ts'),
      [
        "import { registerPolicy, type PolicyFactory } from 'infersim';",
        'const twoOfEach: PolicyFactory = (_options, context) => ({',
        "  name: 'two-of-each',",
        '  decide: () => context.pipeline.stages.map((s) => ({ variant: s.variants[0].name, batch: 1, replicas: 2 })),',
        '});',
        "registerPolicy('two-of-each', twoOfEach);",
      ].join('\n'),
    );
    const spec = { name: 'ts-policy', base: { durationS: 30, pipeline: 'video', workload: { type: 'poisson', rps: 5 } }, policies: [{ name: 'two-of-each' }], seeds: [1, 2, 3, 4] };
    writeFileSync(join(pkg.dir, 'sweep.json'), JSON.stringify(spec));
    cli('sweep', 'sweep.json', '--import', './mine.ts', '--workers', '2', '--out', join(out, 'ts-cli'));
    const rows = readFileSync(join(out, 'ts-cli', 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { costCores: number });
    expect(rows.map((r) => r.costCores)).toEqual([4, 4, 4, 4]);
    writeFileSync(
      join(pkg.dir, 'api-sweep.mjs'),
      [
        "import { runSweep } from 'infersim/node';",
        "import { readFileSync } from 'node:fs';",
        "const spec = JSON.parse(readFileSync('sweep.json', 'utf8'));",
        `const outcome = await runSweep(spec, { outDir: ${JSON.stringify(join(out, 'ts-api'))}, workers: 2, preload: ['./mine.ts'] });`,
        'console.log(outcome.ran, outcome.failed.length);',
        "const bad = await runSweep({ ...spec, name: 'bad', seeds: [1, 2], policies: [{ name: 'two-of-each' }] }, { outDir: " + JSON.stringify(join(out, 'ts-bad')) + ", workers: 2, preload: ['./throws.ts'] }).catch((e) => e);",
        'console.log(bad.name, bad.message);',
      ].join('\n'),
    );
    writeFileSync(join(pkg.dir, 'throws.ts'), "import { registerPolicy } from 'infersim';\nregisterPolicy('two-of-each', () => { throw new Error('my policy is broken'); });\n");
    const [ran, bad] = node(['api-sweep.mjs']).trim().split('\n');
    expect(ran).toBe('4 0');
    expect(bad).toMatch(/^SweepFailedError every run of the sweep failed \(2\); the first, .*my policy is broken/);
  });

  it('bundles the core for the browser with esbuild, and the bundle runs', () => {
    writeFileSync(
      join(pkg.dir, 'browser.mjs'),
      "import { simulate, bundledPipelineNames } from 'infersim';\nconst r = await simulate({ pipeline: 'video', workload: { type: 'poisson', rps: 5 }, durationS: 20, seed: 1, policy: { name: 'ipa' } });\nconsole.log(bundledPipelineNames.includes('video'), r.summary.completed > 0);\n",
    );
    const esbuild = join(pkg.dir, 'node_modules', 'esbuild', 'bin', 'esbuild');
    const log = execFileSync(esbuild, ['browser.mjs', '--bundle', '--platform=browser', '--format=esm', '--outfile=browser-bundle.mjs', '--log-level=warning'], { cwd: pkg.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(log).toBe('');
    const bundle = readFileSync(join(pkg.dir, 'browser-bundle.mjs'), 'utf8');
    expect(bundle).not.toMatch(/from\s*"node:|require\("(fs|module|path)"\)/);
    expect(node(['browser-bundle.mjs']).trim()).toBe('true true');
  });

  it('trains with tfjs and renders SVG once the optional packages are there (named when missing: linkOptionalPeers)', () => {
    linkOptionalPeers();
    tsExample('rl/compare.ts', '--q-episodes', '2', '--ppo-episodes', '1', '--out', join(out, 'rl'));
    expect(readFileSync(join(out, 'rl', 'ppo', 'curve.svg'), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(out, 'rl', 'results.json'), 'utf8'))).toHaveProperty('scores');
  });

  it("executes examples/notebooks/*.ipynb headless in Deno's Jupyter kernel (Deno from npm, nbclient from Debian)", (ctx) => {
    const python = jupyterClient();
    if (!python) return ctx.skip();
    const deno = spawnSync(npmCommand, ['install', `deno@${DENO_VERSION}`, '--prefer-offline', '--no-audit', '--no-fund', '--no-save'], { cwd: pkg.dir, encoding: 'utf8', timeout: 240_000 });
    const denoBin = join(pkg.dir, 'node_modules', 'deno', 'bin.cjs');
    if (deno.status !== 0 || spawnSync(process.execPath, [denoBin, '--version']).status !== 0) {
      console.warn(`installed-package.test.ts: Deno could not be installed from npm (deno@${DENO_VERSION}): skipping the notebook test\n${deno.stderr}`);
      return ctx.skip();
    }
    // Deno's own runtime, not Node: env vars keep it from prompting or checking for updates.
    runNotebooks(python, 'deno', [process.execPath, denoBin, 'jupyter', '--kernel', '--conn', '{connection_file}'], { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' });
  });

  it('executes examples/notebooks/*.ipynb headless in tslab (from npm; it compiles cells to require() and type-checks them)', (ctx) => {
    const python = jupyterClient();
    if (!python) return ctx.skip();
    // zeromq, tslab's transport, ships its prebuilt binaries inside its npm package.
    const tslab = spawnSync(npmCommand, ['install', `tslab@${TSLAB_VERSION}`, '--prefer-offline', '--no-audit', '--no-fund', '--no-save'], { cwd: pkg.dir, encoding: 'utf8', timeout: 240_000 });
    const tslabBin = join(pkg.dir, 'node_modules', 'tslab', 'bin', 'tslab');
    if (tslab.status !== 0 || spawnSync(process.execPath, [tslabBin, '--version']).status !== 0) {
      console.warn(`installed-package.test.ts: tslab could not be installed from npm (tslab@${TSLAB_VERSION}): skipping the tslab notebook test\n${tslab.stderr}`);
      return ctx.skip();
    }
    runNotebooks(python, 'tslab', [process.execPath, tslabBin, 'kernel', '--config-path', '{connection_file}'], {});
  });
});

/** Debian's python3 with nbclient (apt-get install python3-nbclient; .ci/run does), or a python3 on PATH that has it. */
function jupyterClient(): string | undefined {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import nbclient, nbformat']).status === 0);
  if (!python) {
    const r = spawnSync('python3', ['-c', 'import nbclient, nbformat'], { encoding: 'utf8' });
    console.warn(`installed-package.test.ts: no Jupyter client (apt-get install python3-nbclient; .ci/run does): skipping a notebook test (${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)})`);
  }
  return python;
}

/**
 * Executes every shipped notebook in kernel `name` (started as `argv`, from a kernelspec of our own
 * in a private JUPYTER_PATH rather than the kernel's installer, which writes to $HOME) and checks
 * its outputs.
 */
function runNotebooks(python: string, name: string, argv: string[], env: Record<string, string>): void {
  const jupyterPath = join(pkg.dir, `.jupyter-${name}`);
  mkdirSync(join(jupyterPath, 'kernels', name), { recursive: true });
  writeFileSync(join(jupyterPath, 'kernels', name, 'kernel.json'), JSON.stringify({ argv, display_name: name, language: 'typescript', env }));
  const notebooks = readdirSync(join(repo, 'examples', 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  expect(notebooks.length).toBeGreaterThan(0);
  for (const notebook of notebooks) {
    const r = spawnSync(python, [join(repo, 'test', 'packaging', 'run-notebook.py'), example(join('notebooks', notebook)), name, pkg.dir], {
      cwd: pkg.dir,
      encoding: 'utf8',
      timeout: 280_000,
      env: { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_PLATFORM_DIRS: '1' },
    });
    if (r.status !== 0) throw new Error(`${notebook} did not run in ${name} (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    const cells = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { cell: number; text: string; errors: string[] });
    expect(cells.flatMap((c) => c.errors), `${notebook} in ${name}`).toEqual([]);
    if (notebook === 'getting-started.ipynb') {
      expect(cells[0].text).toContain('pipelines: video, audio-qa');
      expect(cells[0].text).toContain('has ipa: true');
      // Cell values, quoted as the kernel shows a string.
      expect(cells[1].text).toMatch(/static: completed [1-9]\d*, p99 [\d.]+ ms, cores [\d.]+; ipa: completed [1-9]\d*, p99 [\d.]+ ms, cores [\d.]+/);
      expect(cells[2].text).toMatch(/plot schema: https:\/\/vega\.github\.io\/schema\/vega-lite\//);
    }
  }
}
