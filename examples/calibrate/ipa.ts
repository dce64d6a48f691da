/**
 * `calibrate` on what IPA published (docs/reproducing-ipa-results.md, "Calibration against IPA's
 * published measurements").
 *
 * IPA's per-interval series (cost, PAS, latency and SLA violations every 10 s, Figs. 8-12) were
 * published only as plots: the notebooks that draw them read the runs' logs from the results
 * archive, which is not in IPA's repository. What IPA did publish as numbers, besides the load
 * traces, are its profiling measurements (profiles/ipa/raw/): one model, one replica, a steady load,
 * a fixed batch size and core count, and the mean and p99 of the model's latency as its container
 * timed it (no queue, no batch wait). This script treats each such measurement as one interval of an
 * observed series and reproduces it in the simulator: the shipped variant alone, one replica, bursts
 * of exactly `b` requests (so each burst is one full batch; a 1 ms batch wait lets it form) spaced so
 * that batches never queue. The simulated end-to-end latency is then the batch's service time, the
 * quantity IPA timed, and `calibrate` fits the shipped profile's latency scale, batch slope and
 * service-time noise to IPA's means and p99s. Per model, the measurements at the largest batch are
 * held back (yolov5n: batch 8 after fitting batches 1-2) or, with one batch size, the highest load.
 *
 * Used: measurements at the variant's shipped core count, and at batch b only where the profiling
 * load was at least b requests/s (below it IPA's 1 s batch timeout fired before the batch filled,
 * so a smaller batch was timed) -- the same screen as the profile completion (profiles/README.md).
 *
 *   npx tsx examples/calibrate/ipa.ts     # ~1-2 min; writes examples/calibrate/results/ipa.md
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrate, type CalibrationError, type ObservedSeries } from 'infersim';
import type { PipelineProfile, VariantProfile } from 'infersim';
import type { Scenario } from 'infersim';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface Fragment {
  series: number | null;
  cores: number;
  batch: number;
  profilingLoadRps: number;
  latencyAvgMs?: number;
  latencyP99Ms?: number;
}

/** Seconds per observed interval: each is one IPA measurement replayed. */
const I = 300;

/** The models with usable measurements at their shipped core count, and what is fitted. */
const PLAN: { model: string; parameters: string[] }[] = [
  { model: 'yolov5n', parameters: ['latencyScale', 'batchSlope', 'noiseCv'] },
  { model: 'yolov5m', parameters: ['latencyScale', 'noiseCv'] },
  { model: 'resnet50', parameters: ['latencyScale', 'noiseCv'] },
];

const raw = JSON.parse(readFileSync(join(root, 'profiles/ipa/raw/video.json'), 'utf8')) as { stages: { variants: { name: string; measurements?: Fragment[] }[] }[] };
const shipped = JSON.parse(readFileSync(join(root, 'profiles/ipa/video.json'), 'utf8')) as PipelineProfile;

const pct = (e: CalibrationError | undefined, m: 'meanLatencyMs' | 'p99LatencyMs'): string => {
  const v = e?.metrics[m];
  return v ? `${(v.rmsRelative * 100).toFixed(1)}%` : '-';
};

const lines = [
  '| model | fitted on (batch@rps) | held out | parameters fitted | mean: before -> fit / held-out | p99: before -> fit / held-out |',
  '|---|---|---|---|---|---|',
];
for (const { model, parameters } of PLAN) {
  const variant = shipped.stages.flatMap((s) => s.variants).find((v) => v.name === model) as VariantProfile;
  const fragments = (raw.stages.flatMap((s) => s.variants).find((v) => v.name === model)?.measurements ?? [])
    .filter((f) => f.series !== null && f.cores === variant.cores && f.batch <= 8 && (f.batch === 1 || f.profilingLoadRps >= f.batch))
    .filter((f) => f.latencyAvgMs !== undefined && f.latencyP99Ms !== undefined)
    .sort((a, b) => a.batch - b.batch || a.profilingLoadRps - b.profilingLoadRps);
  // Hold back the largest batch size when there are several, else the highest load.
  const maxB = Math.max(...fragments.map((f) => f.batch));
  const several = new Set(fragments.map((f) => f.batch)).size > 1;
  const held = fragments.filter((f) => (several ? f.batch === maxB : f === fragments[fragments.length - 1]));
  const ordered = [...fragments.filter((f) => !held.includes(f)), ...held];

  // Bursts of b requests, spaced at least 3 profiled batch latencies (and 2 s) apart: no queue.
  const rps: number[] = [];
  for (const f of ordered) {
    const spacing = Math.max(2, Math.ceil((3 * (variant.latencyMs[String(f.batch)] ?? variant.latencyMs['8'])) / 1000));
    for (let s = 0; s < I; s++) rps.push(s % spacing === 0 ? f.batch : 0);
  }
  const observed: ObservedSeries = {
    intervalS: I,
    t: ordered.map((_, i) => i * I),
    meanLatencyMs: ordered.map((f) => f.latencyAvgMs!),
    p99LatencyMs: ordered.map((f) => f.latencyP99Ms!),
  };
  const scenario: Scenario = {
    seed: 1,
    durationS: ordered.length * I,
    slaMs: 60_000,
    pipeline: { name: `ipa-${model}`, stages: [{ name: 'model', variants: [variant] }] },
    workload: { type: 'trace', rps, withinSecond: 'step' },
    policy: { name: 'static', config: [{ variant: model, batch: 8, replicas: 1 }] },
    serving: { maxBatchWaitMs: 1, dropLimitS: null, adaptationIntervalS: I },
  };
  const r = await calibrate({
    scenario,
    observed,
    parameters,
    holdout: held.length / ordered.length,
    replications: 2,
    maxEvaluations: 40 * parameters.length,
    source: `IPA's profiling measurements of ${model} (profiles/ipa/raw/video.json)`,
  });
  const label = (fs: Fragment[]) => fs.map((f) => `${f.batch}@${f.profilingLoadRps}`).join(', ');
  const fitted = Object.entries(r.parameters).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
  lines.push(
    `| ${model} (${variant.cores} core, series ${[...new Set(fragments.map((f) => f.series))].join('/')}) | ${label(ordered.filter((f) => !held.includes(f)))} | ${label(held)} | ${fitted} | ` +
      `${pct(r.before.fit, 'meanLatencyMs')} -> ${pct(r.fit, 'meanLatencyMs')} / ${pct(r.before.heldOut, 'meanLatencyMs')} -> ${pct(r.heldOut, 'meanLatencyMs')} | ` +
      `${pct(r.before.fit, 'p99LatencyMs')} -> ${pct(r.fit, 'p99LatencyMs')} / ${pct(r.before.heldOut, 'p99LatencyMs')} -> ${pct(r.heldOut, 'p99LatencyMs')} |`,
  );
  process.stderr.write(`done: ${model} (${r.evaluations} simulations)\n`);
}
const text = lines.join('\n') + '\n';
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'ipa.md'), text);
process.stdout.write(text);
