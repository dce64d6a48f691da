// Sweep throughput: 4 policies x 4 workloads x 10 seeds of IPA's video pipeline (1,200 s each),
// run with 0 (in the main thread), 1 and 2 worker threads, best of 2 (`--repeat N`). Not a test:
// run with `npx tsx bench/sweep.ts` and copy the table it prints into bench/README.md ("Sweeps").
//
// Each configuration runs in its own child process, so its peak RSS (worker threads included: they
// share the process) is its own and not the maximum of everything run before it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import type { SweepSpec } from '../src/experiment/sweep-spec.js';
import { WALL_CLOCK_COLUMNS } from '../src/experiment/row.js';
import { policyNames } from '../src/policies/registry.js';
import { readRows } from '../src/node/sweep/rows-file.js';
import { runSweep } from '../src/node/sweep/run-sweep.js';

const ADAPTIVE = ['ipa', 'fa2-low', 'fa2-high', 'rim'];

// Static configurations of growing size stand in for the adaptive policies when those are not registered.
const STATIC: SweepSpec['policies'] = [
  { label: 'static-xs', name: 'static', config: [{ variant: 'yolov5n', batch: 4, replicas: 3 }, { variant: 'resnet18', batch: 4, replicas: 1 }] },
  { label: 'static-s', name: 'static', config: [{ variant: 'yolov5s', batch: 4, replicas: 5 }, { variant: 'resnet34', batch: 4, replicas: 2 }] },
  { label: 'static-m', name: 'static', config: [{ variant: 'yolov5m', batch: 4, replicas: 8 }, { variant: 'resnet50', batch: 4, replicas: 3 }] },
  { label: 'static-l', name: 'static', config: [{ variant: 'yolov5l', batch: 4, replicas: 6 }, { variant: 'resnet101', batch: 4, replicas: 3 }] },
];

function benchSpec(): { spec: SweepSpec; adaptive: boolean } {
  const adaptive = ADAPTIVE.every((p) => policyNames().includes(p));
  const spec: SweepSpec = {
    name: 'bench-video',
    base: { durationS: 1200, warmupS: 60, pipeline: 'video', cluster: { cores: 64 }, serving: { serviceDist: { type: 'lognormal', cv: 0.2 } } },
    policies: adaptive ? ADAPTIVE.map((name) => ({ name })) : STATIC,
    workloads: ['bursty', 'steady_low', 'steady_high', 'fluctuating'].map((name) => ({ type: 'trace' as const, name })),
    seeds: { from: 1, count: 10 },
  };
  return { spec, adaptive };
}

/** Child mode: run the sweep with `workers` threads, print wall time, peak RSS and the rows' fingerprint. */
async function child(workers: number): Promise<void> {
  const { spec } = benchSpec();
  const dir = mkdtempSync(join(tmpdir(), 'infersim-bench-sweep-'));
  try {
    const cpu0 = process.cpuUsage();
    const outcome = await runSweep(spec, { outDir: dir, workers });
    const cpu = process.cpuUsage(cpu0); // the whole process: main thread and worker threads
    const rows = readRows(dir).map((r) => {
      const copy: Record<string, unknown> = { ...r };
      for (const c of WALL_CLOCK_COLUMNS) delete copy[c];
      return copy;
    });
    const simMs = readRows(dir).reduce((s, r) => s + (r.wallMs as number), 0);
    process.stdout.write(JSON.stringify({ workers, runs: outcome.ran, failed: outcome.failed.length, wallMs: outcome.wallMs, cpuMs: (cpu.user + cpu.system) / 1000, simMs, maxRssMB: resourceUsage().maxRSS / 1024, rows: JSON.stringify(rows) }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { spec, adaptive } = benchSpec();
  const self = fileURLToPath(import.meta.url);
  const tsx = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'tsx');
  type Result = { workers: number; runs: number; failed: number; wallMs: number; cpuMs: number; simMs: number; maxRssMB: number; rows: string };
  const results: Result[] = [];
  const all: Result[] = [];
  const load = loadavg()[0];
  // Best of `repeats` per worker count, interleaved, so a burst of other load on the machine hits
  // one attempt of each configuration rather than all attempts of one.
  const best = new Map<number, Result>();
  for (let k = 0; k < repeats; k++) {
    for (const workers of [0, 1, 2]) {
      const r = spawnSync(tsx, [self, '--child', String(workers)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`child with ${workers} workers failed:\n${r.stderr}`);
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
      all.push(result);
      if (!best.has(workers) || result.wallMs < best.get(workers)!.wallMs) best.set(workers, result);
    }
  }
  results.push(...[0, 1, 2].map((w) => best.get(w)!));
  const base = results.find((r) => r.workers === 1)!;
  const same = all.every((r) => r.rows === base.rows);
  const policies = spec.policies.map((p) => p.label ?? p.name).join(', ');
  console.log(`${policies} (${adaptive ? 'adaptive policies' : 'static configurations standing in for the adaptive policies'}) x 4 workloads x 10 seeds = ${base.runs} runs`);
  console.log(`rows identical across worker counts and repeats (wall-clock columns apart): ${same ? 'yes' : 'NO'}`);
  console.log(`best of ${repeats} per worker count; load average (1 min) when starting: ${load.toFixed(2)}, at the end: ${loadavg()[0].toFixed(2)}, on ${availableParallelism()} cores`);
  console.log('');
  console.log('| workers | wall time (s) | runs/s | speed-up vs 1 worker | CPU time (s) | sum of run wall times (s) | peak RSS (MB) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const label = r.workers === 0 ? '0 (main thread)' : String(r.workers);
    console.log(`| ${label} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.runs / (r.wallMs / 1000)).toFixed(1)} | ${(base.wallMs / r.wallMs).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(1)} | ${(r.simMs / 1000).toFixed(1)} | ${r.maxRssMB.toFixed(0)} |`);
  }
}

const at = process.argv.indexOf('--child');
const repeatAt = process.argv.indexOf('--repeat');
const repeats = repeatAt >= 0 ? Number(process.argv[repeatAt + 1]) : 2;
if (at >= 0) await child(Number(process.argv[at + 1]));
else await main();
