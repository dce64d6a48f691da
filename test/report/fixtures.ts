import { mkdtempSync } from 'node:fs';
import { vi } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepRow } from '../../src/experiment/row.js';
import type { SweepSpec } from '../../src/experiment/sweep-spec.js';
import type { Scenario } from '../../src/index.js';
import { readRows } from '../../src/node/sweep/rows-file.js';
import { runSweep } from '../../src/node/sweep/run-sweep.js';

/** A two-stage pipeline with a fast/inaccurate and a slow/accurate variant per stage. */
export const tinyPipeline = {
  name: 'tiny',
  slaMs: 800,
  stages: ['detect', 'classify'].map((name) => ({
    name,
    variants: [
      { name: 'small', accuracy: 0.6, cores: 1, latencyMs: { '1': 40, '4': 100 } },
      { name: 'large', accuracy: 0.8, cores: 2, latencyMs: { '1': 90, '4': 240 } },
    ],
  })),
};

/** The tiny sweep's policies: two static configurations, labelled as a sweep labels them. */
export const tinyPolicies: Record<string, Scenario['policy']> = {
  'static-small': { name: 'static', config: [{ variant: 'small', batch: 4, replicas: 1 }, { variant: 'small', batch: 4, replicas: 1 }] },
  'static-large': { name: 'static', config: [{ variant: 'large', batch: 4, replicas: 2 }, { variant: 'large', batch: 4, replicas: 2 }] },
};

/** One short run of the tiny pipeline. */
export function tinyScenario(policy: string, rps: number, seed: number): Scenario {
  return {
    name: 'tiny',
    seed,
    durationS: 240,
    warmupS: 20,
    pipeline: tinyPipeline,
    workload: { type: 'poisson', rps },
    serving: { serviceDist: { type: 'lognormal', cv: 0.3 }, adaptationIntervalS: 10 },
    policy: tinyPolicies[policy],
  };
}

/** The tiny sweep: 2 policies x 2 Poisson workloads x `seeds`, series saved. */
export function tinySweepSpec(seeds: number[]): SweepSpec {
  return {
    name: 'tiny-sweep',
    base: { durationS: 240, warmupS: 20, pipeline: tinyPipeline, serving: { serviceDist: { type: 'lognormal', cv: 0.3 }, adaptationIntervalS: 10 } },
    policies: Object.entries(tinyPolicies).map(([label, p]) => ({ label, ...(p as { name: string }) })),
    workloads: [6, 12].map((rps) => ({ type: 'poisson' as const, rps })),
    seeds,
    output: { series: true },
  };
}

/**
 * Runs the tiny sweep with `runSweep` in this thread (no workers: quick to start) into a fresh
 * directory, laid out as `infersim sweep` lays it out (rows.jsonl, sweep.json, series/).
 */
export async function tinySweepDir(seeds = [1, 2, 3]): Promise<{ dir: string; rows: SweepRow[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-sweep-'));
  await runSweep(tinySweepSpec(seeds), { outDir: dir, workers: 0 });
  return { dir, rows: readRows(dir) };
}

/**
 * Runs `check` with optional package `pkg` made missing (its import fails as Node's does when it
 * is not installed), on fresh module instances, then puts it back.
 */
export async function withoutPackage(pkg: string, check: () => Promise<void>): Promise<void> {
  vi.resetModules();
  vi.doMock(pkg, () => {
    throw Object.assign(new Error(`Cannot find package '${pkg}' imported from infersim`), { code: 'ERR_MODULE_NOT_FOUND' });
  });
  try {
    await check();
  } finally {
    vi.doUnmock(pkg);
    vi.resetModules();
  }
}
