import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { register as registerMerge } from '../../src/cli/commands/merge.js';
import { register as registerReport } from '../../src/cli/commands/report.js';
import { register as registerSweep } from '../../src/cli/commands/sweep.js';
import { register as registerTrain } from '../../src/cli/commands/train.js';
import { runSweep } from '../../src/node/sweep/run-sweep.js';
import { readRows } from '../../src/node/sweep/rows-file.js';
import { removeTempDirs, tempDir, tinySweep } from '../experiment/fixtures.js';
import { smallScenario } from '../rl/fixtures.js';
import { inProcessCli } from './in-process.js';

afterAll(removeTempDirs);

const cli = (...args: string[]) => inProcessCli([registerSweep, registerMerge, registerReport, registerTrain], ...args);
/** Two runs of one static policy, 30 s each. */
const twoRuns = () => tinySweep({ policies: [tinySweep().policies[0]], workloads: [{ type: 'poisson', rps: 10 }], params: undefined, seeds: [1, 2], output: { series: true } });

describe('--json on sweep, merge, report and train', () => {
  it('sweep --json prints the outcome; merge --json and report --json what they wrote', async () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(twoRuns()));
    const s = await cli('sweep', file, '--out', join(dir, 'out'), '--workers', '0', '--quiet', '--json');
    const outcome = JSON.parse(s.stdout);
    expect(outcome).toMatchObject({ name: 'tiny', total: 2, ran: 2, skipped: 0, failed: [], aborted: false, workers: 0, outDir: join(dir, 'out') });
    const m = JSON.parse((await cli('merge', join(dir, 'out'), '--out', join(dir, 'merged'), '--json')).stdout);
    expect(m).toEqual({ outDir: join(dir, 'merged'), rows: 2, missing: [], duplicates: 0, conflicts: [] });
    const r = JSON.parse((await cli('report', join(dir, 'out'), '--out', join(dir, 'report'), '--json')).stdout);
    expect(r.index).toBe(join(dir, 'report', 'index.html'));
    expect(r.runs).toBe(2);
    expect(r.figures.length).toBeGreaterThan(2);
    for (const f of r.figures) expect(existsSync(f.svg)).toBe(true);
    // --pdf: a vector PDF next to every SVG, listed with it.
    const p = JSON.parse((await cli('report', join(dir, 'out'), '--out', join(dir, 'report-pdf'), '--pdf', '--json')).stdout);
    expect(p.figures.length).toBe(r.figures.length);
    for (const f of p.figures) expect(readFileSync(f.pdf, 'latin1').startsWith('%PDF-')).toBe(true);
  });

  it('train --json prints the policy, episodes and files written', async () => {
    const dir = tempDir();
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(smallScenario(30)));
    const t = JSON.parse((await cli('train', file, '--policy', 'qlearning', '--episodes', '3', '--out', join(dir, 'train'), '--no-progress', '--json')).stdout);
    expect(t).toMatchObject({ policy: 'qlearning', episodes: 3 });
    expect(t.wallS).toBeGreaterThan(0);
    expect(existsSync(t.files.policy) && existsSync(t.files.curveCsv)).toBe(true);
  });
});

describe('runSweep({ overwrite })', () => {
  it('replaces a previous sweep in the directory, keeping files that are not its outputs', async () => {
    const out = join(tempDir(), 'out');
    await runSweep(twoRuns(), { outDir: out, workers: 0 });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(runSweep(twoRuns(), { outDir: out, workers: 0 })).rejects.toThrow(/or --overwrite to replace it/);
    const again = await runSweep({ ...twoRuns(), seeds: [3] }, { outDir: out, workers: 0, overwrite: true });
    expect(again.ran).toBe(1);
    expect(readRows(out).map((r) => r.seed)).toEqual([3]);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    for (const r of readRows(out)) expect(existsSync(join(out, 'series', `${r.runId}.json`))).toBe(true);
  });

  it('never clears a directory that does not hold a sweep, and refuses overwrite with resume', async () => {
    const out = join(tempDir(), 'data');
    mkdirSync(out);
    writeFileSync(join(out, 'rows.jsonl'), '{"runId":"x"}\n');
    await expect(runSweep(twoRuns(), { outDir: out, workers: 0, overwrite: true })).rejects.toThrow(/holds a sweep's output/);
    expect(readFileSync(join(out, 'rows.jsonl'), 'utf8')).toBe('{"runId":"x"}\n');
    await expect(runSweep(twoRuns(), { outDir: tempDir(), workers: 0, overwrite: true, resume: true })).rejects.toThrow(/either overwrite or resume/);
  });
});
