import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WALL_CLOCK_COLUMNS, type SweepRow } from '../../src/experiment/row.js';
import type { SweepSpec } from '../../src/experiment/sweep-spec.js';

/** Two static policies x two workloads x a cores grid x 3 seeds of IPA's video pipeline, 30 s each: 24 quick runs. */
export function tinySweep(over: Partial<SweepSpec> = {}): SweepSpec {
  return {
    name: 'tiny',
    base: { durationS: 30, warmupS: 5, pipeline: 'video', serving: { serviceDist: { type: 'lognormal', cv: 0.2 } } },
    policies: [
      { label: 'small', name: 'static', config: [{ variant: 'yolov5n', batch: 4, replicas: 2 }, { variant: 'resnet18', batch: 4, replicas: 1 }] },
      { label: 'large', name: 'static', config: [{ variant: 'yolov5s', batch: 4, replicas: 6 }, { variant: 'resnet34', batch: 4, replicas: 2 }] },
    ],
    workloads: [{ type: 'poisson', rps: 10 }, { type: 'trace', name: 'bursty' }],
    params: { 'cluster.cores': [8, 32] },
    seeds: { from: 1, count: 3 },
    ...over,
  };
}

const made: string[] = [];

/** A fresh temporary directory (removed by {@link removeTempDirs}). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-sweep-'));
  made.push(dir);
  return dir;
}

/** Removes the directories {@link tempDir} made: call it in `afterAll`. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Rows without their wall-clock columns: what must be equal across worker counts, shards and resumes. */
export function deterministic(rows: readonly SweepRow[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const copy: Record<string, unknown> = { ...r };
    for (const c of WALL_CLOCK_COLUMNS) delete copy[c];
    return copy;
  });
}
