import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/cli/commands/index.js';
import { InputError } from '../../src/errors.js';
import { buildReport } from '../../src/experiment/report-model.js';
import { compare } from '../../src/experiment/compare.js';
import { formatSeeds } from '../../src/experiment/report-html.js';
import { readResults } from '../../src/node/report/read-results.js';
import { writeReport } from '../../src/node/report/write-report.js';
import { tinySweepDir } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI from source (tsx), as a user would run `infersim`. */
function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('formatSeeds(seeds)', () => {
  it('shows consecutive integers as a range', () => {
    expect(formatSeeds([3, 1, 2, 4])).toBe('1–4');
    expect(formatSeeds([1, 5, 9])).toBe('1, 5, 9');
    expect(formatSeeds(['a', 'b'])).toBe('a, b');
  });
});

describe('writeReport(sweepDir, out)', () => {
  let sweep: Awaited<ReturnType<typeof tinySweepDir>>;
  let out: string;
  let html: string;
  let written: Awaited<ReturnType<typeof writeReport>>;

  beforeAll(async () => {
    sweep = await tinySweepDir();
    out = join(mkdtempSync(join(tmpdir(), 'infersim-report-')), 'rep');
    written = await writeReport(sweep.dir, out, { generatedAt: '2025-01-02T03:04:05.000Z' });
    html = readFileSync(join(out, 'index.html'), 'utf8');
  }, 60_000);

  it('writes index.html, one titled SVG, one PNG and one spec per figure, and no temporary file', () => {
    const files = readdirSync(join(out, 'plots')).sort();
    // Per workload: load-cores, accuracy, p99, power, latency-cdf, pareto.
    expect(written.model.figures).toHaveLength(12);
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(12);
    expect(files.filter((f) => f.endsWith('.vl.json'))).toHaveLength(12);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(12);
    expect(written.pngs).toHaveLength(12);
    for (const [i, fig] of written.model.figures.entries()) expect(readFileSync(written.svgs[i], 'utf8')).toContain(`<title>${fig.title}</title>`);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'plots']);
    expect(html.match(/<svg /g)).toHaveLength(12);
  });

  it('has a header with the sweep name, date, version and seeds, and no script', () => {
    expect(html).toContain('<h1>tiny-sweep</h1>');
    expect(html).toContain('Generated 2025-01-02T03:04:05.000Z by infersim 0.1.0');
    expect(html).toContain('seeds: 1–3');
    expect(html).not.toMatch(/<script/i);
  });

  it('tabulates per policy x workload the mean and 95% CI over seeds, as compare() gives them', () => {
    const g = written.model.groups.find((x) => x.policy === 'static-large' && x.workload === 'poisson-12')!;
    const c = compare(sweep.rows, { metrics: ['latencyP99Ms'] }).groups.find((x) => x.key.policy === 'static-large' && x.key.workload === 'poisson-12')!;
    expect(g.runs).toBe(3);
    expect(g.metrics.latencyP99Ms).toEqual(c.metrics.latencyP99Ms);
    const s = g.metrics.latencyP99Ms;
    expect(html).toContain(`${s.mean.toFixed(1)}<span class="ci"> ± ${s.halfWidth.toFixed(1)}</span>`);
    expect(html.match(/<table class="summary"/g)).toHaveLength(2);
    // static-small: fewer cores, less accuracy; static-large: more of both: both on the front.
    expect(written.model.groups.every((x) => x.paretoOptimal)).toBe(true);
  });

  it('with a baseline, adds paired differences per workload', async () => {
    const out2 = join(mkdtempSync(join(tmpdir(), 'infersim-report-')), 'rep');
    const w = await writeReport(sweep.dir, out2, { baseline: 'static-small', png: false });
    const page = readFileSync(w.index, 'utf8');
    expect(page.match(/<table class="paired"/g)).toHaveLength(2);
    expect(page).toContain('<th>minus static-small</th>');
    const g = w.model.groups.find((x) => x.policy === 'static-large' && x.workload === 'poisson-6')!;
    // Same seeds, same arrivals: the cores differ by exactly 6 in every pair.
    expect(g.paired!.costCores.mean).toBe(6);
    expect(w.model.groups.find((x) => x.policy === 'static-small')!.paired).toBeUndefined();
  });

  it('takes the SLA from the sweep\'s base pipeline and draws it', () => {
    expect(readFileSync(join(out, 'plots', 'poisson-6-p99.svg'), 'utf8')).toContain('SLA 800 ms');
  });

  it('inlines SVGs with ids unique across the page', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('is a pure function of its input (same bytes twice)', async () => {
    const again = join(mkdtempSync(join(tmpdir(), 'infersim-report-')), 'rep');
    await writeReport(sweep.dir, again, { generatedAt: '2025-01-02T03:04:05.000Z', png: false });
    expect(readFileSync(join(again, 'index.html'), 'utf8')).toBe(html);
  });

  it('leaves out an incomplete last row (a sweep still writing) and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-partial-'));
    writeFileSync(join(dir, 'rows.jsonl'), readFileSync(join(sweep.dir, 'rows.jsonl'), 'utf8'));
    appendFileSync(join(dir, 'rows.jsonl'), '{"runId":"half');
    const r = readResults(dir);
    expect(r.rows).toHaveLength(sweep.rows.length);
    expect(r.warnings[0]).toMatch(/incomplete last line/);
    expect(Object.keys(r.series)).toHaveLength(0);
    const model = buildReport({ ...r, version: 'x', generatedAt: 'now' });
    expect(model.figures.map((f) => f.id)).toEqual(['poisson-6-pareto', 'poisson-12-pareto']);
    expect(model.notes.join(' ')).toMatch(/No time series/);
  });

  it('rejects a summary-only result (run without --full) with a hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-bad-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ requests: 1 }));
    expect(() => readResults(join(dir, 's.json'))).toThrow(/did you forget --full\?/);
  });
});

describe('infersim report', () => {
  it('infersim run s.json --json --full > r.json && infersim report r.json --out rep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cli-'));
    const run = infersim('run', join(root, 'examples', 'minimal.json'), '--json', '--full');
    expect(run.code).toBe(0);
    writeFileSync(join(dir, 'r.json'), run.stdout);
    const rep = infersim('report', join(dir, 'r.json'), '--out', join(dir, 'rep'), '--sla-ms', '1000');
    expect(rep.stderr).toBe('');
    expect(rep.code).toBe(0);
    expect(rep.stdout).toMatch(/index\.html \(1 runs, 5 figures\)/);
    const html = readFileSync(join(dir, 'rep', 'index.html'), 'utf8');
    expect(html).toContain('<td>static</td><td class="num">1</td>');
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain('SLA 1000 ms');
  });

  it('bad input: an InputError saying what was expected, and no page', async () => {
    // In-process through the registered command (a spawn costs seconds); main.ts turns an
    // InputError into exit code 2 without a stack trace, as test/cli tests for every command.
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cli-'));
    const program = new Command('infersim').exitOverride();
    registerCommands(program);
    await expect(program.parseAsync(['report', dir, '--out', join(dir, 'rep')], { from: 'user' })).rejects.toThrow(InputError);
    await expect(program.parseAsync(['report', dir, '--out', join(dir, 'rep')], { from: 'user' })).rejects.toThrow(/a directory without rows\.jsonl/);
    await expect(program.parseAsync(['report', dir, '--out', join(dir, 'rep'), '--sla-ms', 'x'], { from: 'user' })).rejects.toThrow(/--sla-ms/);
    expect(existsSync(join(dir, 'rep', 'index.html'))).toBe(false);
    rmSync(dir, { recursive: true });
  });
});
