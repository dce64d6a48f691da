import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweep } from '../../src/experiment/expand-sweep.js';
import { METRIC_COLUMNS, WALL_CLOCK_COLUMNS, type SweepRow } from '../../src/experiment/row.js';
import { InputError } from '../../src/errors.js';
import { mergeSweeps } from '../../src/node/sweep/merge.js';
import { readJsonl, readManifest, readRows } from '../../src/node/sweep/rows-file.js';
import { runSweep, SweepFailedError } from '../../src/node/sweep/run-sweep.js';
import { deterministic, removeTempDirs, tempDir, tinySweep } from './fixtures.js';

afterAll(removeTempDirs);

const spec = tinySweep({ output: { series: true } });
const expansion = expandSweep(spec);
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

// One reference sweep on one worker thread, shared by the tests below.
let oneWorker: string;
let reference: SweepRow[];
beforeAll(async () => {
  oneWorker = tempDir();
  const outcome = await runSweep(spec, { outDir: oneWorker, workers: 1 });
  expect(outcome).toMatchObject({ total: 24, ran: 24, skipped: 0, failed: [], aborted: false, workers: 1 });
  reference = readRows(oneWorker);
});

describe('runSweep(spec, { outDir, workers })', () => {
  it('writes one row per run, in expansion order once read, with every column', () => {
    expect(reference.map((r) => r.runId)).toEqual(expansion.runs.map((r) => r.runId));
    const row = reference[0];
    for (const c of ['runId', 'sweep', 'policy', 'workload', 'seed', 'cluster.cores', ...METRIC_COLUMNS, ...WALL_CLOCK_COLUMNS]) expect(row).toHaveProperty(c);
    expect(row).toMatchObject({ sweep: 'tiny', policy: 'small', workload: 'poisson-10', seed: 1, 'cluster.cores': 8 });
    expect(row.latencyP99Ms).toBeGreaterThan(0);
    expect(row.requests).toBeGreaterThan(100);
  });

  it('writes the CSV with one header and the JSONL rows, the series files and sweep.json', () => {
    const csv = lines(join(oneWorker, 'rows.csv'));
    expect(csv).toHaveLength(25);
    expect(csv[0].split(',').slice(0, 7)).toEqual(['runId', 'sweep', 'policy', 'workload', 'seed', 'cluster.cores', 'requests']);
    expect(readdirSync(join(oneWorker, 'series')).sort()).toEqual(expansion.runs.map((r) => `${r.runId}.json`).sort());
    const series = JSON.parse(readFileSync(join(oneWorker, 'series', `${reference[0].runId}.json`), 'utf8'));
    expect(series.t.length).toBe(3);
    const manifest = readManifest(oneWorker)!;
    expect(manifest).toMatchObject({ format: 'infersim-sweep', name: 'tiny', specHash: expansion.specHash, shard: null, paramColumns: ['cluster.cores'] });
    expect(manifest.runIds).toEqual(expansion.runs.map((r) => r.runId));
  });

  it('gives the same rows on 2 workers as on 1 (wall-clock columns apart)', async () => {
    const dir = tempDir();
    await runSweep(spec, { outDir: dir, workers: 2 });
    expect(deterministic(readRows(dir))).toEqual(deterministic(reference));
  });

  it('resumes after being stopped: nothing lost, nothing run twice', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const first = await runSweep(spec, {
      outDir: dir,
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 5) controller.abort();
      },
    });
    expect(first.aborted).toBe(true);
    const before = lines(join(dir, 'rows.jsonl')).length;
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(24);
    const seen: number[] = [];
    const second = await runSweep(spec, { outDir: dir, workers: 2, resume: true, onProgress: (p) => seen.push(p.skipped) });
    expect(second).toMatchObject({ ran: 24 - before, skipped: before, aborted: false });
    expect(seen[0]).toBe(before);
    expect(lines(join(dir, 'rows.jsonl'))).toHaveLength(24);
    expect(lines(join(dir, 'rows.csv'))).toHaveLength(25);
    expect(deterministic(readRows(dir))).toEqual(deterministic(reference));
  });

  it('resumes after a kill that tore the last line: the torn run is run again, once', async () => {
    const dir = tempDir();
    cpSync(oneWorker, dir, { recursive: true });
    const file = join(dir, 'rows.jsonl');
    const text = readFileSync(file, 'utf8');
    const cut = text.split('\n').slice(0, 10).join('\n').length + 1 + 40; // 10 rows and 40 bytes of the 11th
    writeFileSync(file, text.slice(0, cut));
    writeFileSync(join(dir, 'rows.csv'), lines(join(dir, 'rows.csv')).slice(0, 8).join('\n') + '\n'); // the CSV lags
    expect(readJsonl(file)).toMatchObject({ tornBytes: 40 });
    expect(readRows(dir)).toHaveLength(10); // readers ignore the torn line
    const outcome = await runSweep(spec, { outDir: dir, workers: 0, resume: true });
    expect(outcome).toMatchObject({ ran: 14, skipped: 10 });
    expect(lines(file)).toHaveLength(24);
    expect(lines(join(dir, 'rows.csv'))).toHaveLength(25);
    expect(deterministic(readRows(dir))).toEqual(deterministic(reference));
  });

  it('refuses to overwrite a sweep without --resume, and to resume a different sweep', async () => {
    await expect(runSweep(spec, { outDir: oneWorker, workers: 0 })).rejects.toThrow(/--resume/);
    await expect(runSweep(tinySweep({ seeds: [7] }), { outDir: oneWorker, workers: 0, resume: true })).rejects.toThrow(/spec hash/);
  });

  it('validates every scenario before running anything', async () => {
    const bad = tinySweep({ policies: [{ name: 'statik', config: [] }], params: { 'serving.maxBatchWaitMs': [-1, 10] } });
    const dir = tempDir();
    const err = await runSweep(bad, { outDir: dir, workers: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const paths = (err as InputError).issues.map((i) => i.path);
    expect(paths).toContain('policies[0].name');
    expect(paths.some((p) => p.includes('serving.maxBatchWaitMs=-1') && p.endsWith('serving.maxBatchWaitMs'))).toBe(true);
    expect(existsSync(join(dir, 'rows.jsonl'))).toBe(false);
  });

  it('records a run that throws and goes on', async () => {
    // A static configuration with a batch above the profiled sizes passes validation but fails when the policy applies it.
    const failing = tinySweep({
      params: undefined,
      workloads: undefined,
      base: { ...(tinySweep().base as object), workload: { type: 'poisson', rps: 5 } },
      policies: [
        { label: 'ok', name: 'static', config: [{ variant: 'yolov5n', batch: 1, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }] },
        { label: 'bad', name: 'static', config: [{ variant: 'yolov5n', batch: 64, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }] },
      ],
    });
    const dir = tempDir();
    const outcome = await runSweep(failing, { outDir: dir, workers: 0 });
    expect(outcome.ran).toBe(3);
    expect(outcome.failed).toHaveLength(3);
    expect(lines(join(dir, 'errors.jsonl'))).toHaveLength(3);
    expect(readRows(dir).map((r) => r.policy)).toEqual(['ok', 'ok', 'ok']);
  });

  it('rejects with the first error when every run fails', async () => {
    const failing = tinySweep({
      params: undefined,
      workloads: undefined,
      base: { ...(tinySweep().base as object), workload: { type: 'poisson', rps: 5 } },
      policies: [{ label: 'bad', name: 'static', config: [{ variant: 'yolov5n', batch: 64, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }] }],
    });
    const dir = tempDir();
    const err = await runSweep(failing, { outDir: dir, workers: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepFailedError);
    const { failed } = err as SweepFailedError;
    expect(failed.length).toBe(lines(join(dir, 'errors.jsonl')).length);
    expect(failed.length).toBeGreaterThan(0);
    expect((err as Error).message).toContain(`the first, ${failed[0].runId}: ${failed[0].message}`);
  });

  it('preloads modules into the workers, so policies registered by user code run there', async () => {
    const dir = tempDir();
    const custom = tinySweep({ params: undefined, workloads: undefined, base: { durationS: 30, pipeline: 'video', workload: { type: 'poisson', rps: 5 } }, policies: [{ name: 'two-of-each' }], seeds: [1, 2] });
    const outcome = await runSweep(custom, { outDir: dir, workers: 1, preload: [join(import.meta.dirname, 'register-test-policy.ts')] });
    expect(outcome.failed).toEqual([]);
    expect(readRows(dir).map((r) => r.costCores)).toEqual([4, 4]);
  });
});

describe('sharding and mergeSweeps(dirs, out)', () => {
  it('shards (0-based, run k in shard k mod n) merged equal the unsharded sweep', async () => {
    const dirs = [tempDir(), tempDir(), tempDir()];
    for (let i = 0; i < 3; i++) {
      const o = await runSweep(spec, { outDir: dirs[i], workers: 0, shard: { index: i, count: 3 } });
      expect(o.total).toBe(8);
      expect(readRows(dirs[i]).map((r) => r.runId)).toEqual(expansion.runs.filter((r) => r.index % 3 === i).map((r) => r.runId));
    }
    const out = join(tempDir(), 'merged');
    const merged = mergeSweeps(dirs, out);
    expect(merged).toMatchObject({ rows: 24, missing: [], duplicates: 0, conflicts: [] });
    expect(deterministic(readRows(out))).toEqual(deterministic(reference));
    expect(readdirSync(join(out, 'series'))).toHaveLength(24);
    expect(readManifest(out)?.shard).toBeNull();

    // A missing shard is named run by run, and the merged directory resumes like any sweep.
    const partial = join(tempDir(), 'partial');
    expect(mergeSweeps(dirs.slice(0, 2), partial).missing).toEqual(expansion.runs.filter((r) => r.index % 3 === 2).map((r) => r.runId));
    const resumed = await runSweep(spec, { outDir: partial, workers: 0, resume: true });
    expect(resumed).toMatchObject({ ran: 8, skipped: 16 });
    expect(deterministic(readRows(partial))).toEqual(deterministic(reference));

    // Duplicates (an overlapping retry) are dropped; directories of another sweep are refused.
    expect(mergeSweeps([...dirs, oneWorker], join(tempDir(), 'dup'))).toMatchObject({ rows: 24, duplicates: 24, conflicts: [] });
    const other = tempDir();
    await runSweep(tinySweep({ name: 'other', seeds: [1] }), { outDir: other, workers: 0, shard: { index: 0, count: 8 } });
    expect(() => mergeSweeps([dirs[0], other], join(tempDir(), 'x'))).toThrow(/spec hash/);
  });

  it('rejects a shard index outside 0..n-1', async () => {
    await expect(runSweep(spec, { outDir: tempDir(), workers: 0, shard: { index: 3, count: 3 } })).rejects.toThrow(/0 <= index < count/);
  });
});
