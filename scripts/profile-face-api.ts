/**
 * Measures a real multi-stage pipeline on this machine and bundles it as `profiles/measured/faces.json`:
 * the face-analysis chain of `@vladmandic/face-api` (detect -> landmarks -> describe -> age-gender,
 * as its `detectAllFaces(...).withFaceLandmarks().withFaceDescriptors().withAgeAndGender()` runs it),
 * each model on the tfjs WebAssembly backend with the weights shipped in the npm package.
 *
 *   npx tsx scripts/profile-face-api.ts              # measure (about 10-15 min here) and build
 *   npx tsx scripts/profile-face-api.ts --build-only # rebuild faces.json from the raw runs kept
 *
 * Measuring: `--runs` (default 3) rounds, each profiling every model with `runProfile` (the library
 * behind `infersim profile`: a child process per model pinned with taskset to 1 CPU, warm-up runs,
 * then timed runs per batch size); rounds are interleaved over the models so slow drifts of a shared
 * machine spread over all of them. Then, per model and round, a fresh process measures start-up
 * (process start to the model's first answer) and memory (`examples/measured/face-api-startup.js`).
 * Everything measured goes to `profiles/measured/raw/faces-runs.json`, with the machine, the dates
 * and the load average (this machine is shared: the load average says how busy it was).
 *
 * Building (deterministic, checked by test/profiles/measured-profile.test.ts): {@link buildFacesProfile}.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REFERENCE_NODE_POWER, dynamicPowerW } from '../src/energy/power-model.js';
import { runProfile, type ProfileMeasurement } from '../src/node/profiler/profile.js';
import { affinityFor, allowedCpus } from '../src/node/profiler/affinity.js';
import type { BatchTable, PipelineProfile, Provenance, VariantProfile } from '../src/profiles/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The pipeline: stages in order, each with its face-api models (FACE_MODEL names). */
export const FACE_STAGES: readonly { stage: string; models: readonly string[] }[] = [
  { stage: 'detect', models: ['tiny_face_detector', 'ssd_mobilenetv1'] },
  { stage: 'landmarks', models: ['face_landmark_68_tiny', 'face_landmark_68'] },
  { stage: 'describe', models: ['face_recognition'] },
  { stage: 'age-gender', models: ['age_gender'] },
];

const TUTORIAL = '@vladmandic/face-api@1.7.15 TUTORIAL.md, "Models" section (the face-api.js model documentation it carries over)';

/** Accuracy per model: the published evaluation where one exists, else a stated neutral placeholder. */
export const FACE_ACCURACY: Record<string, { accuracy: number; provenance: Provenance }> = {
  face_recognition: {
    accuracy: 0.9938,
    provenance: { kind: 'measured', source: `${TUTORIAL}: "achieves a prediction accuracy of 99.38% on the LFW (Labeled Faces in the Wild) benchmark" (dlib's ResNet-34-like face recognizer, weights by davisking)` },
  },
  age_gender: {
    accuracy: 0.95,
    provenance: { kind: 'measured', source: `${TUTORIAL}: "Total Gender Accuracy: 95%" over UTK, Chalearn, Wiki and CACD test splits (80/20); age MAE 4.54 years is not an accuracy and is not used` },
  },
};
for (const m of ['tiny_face_detector', 'ssd_mobilenetv1', 'face_landmark_68_tiny', 'face_landmark_68']) {
  FACE_ACCURACY[m] = {
    accuracy: 1,
    provenance: {
      kind: 'modelled',
      method:
        `placeholder 1 (neutral in a product PAS): no published evaluation of this model exists in ${TUTORIAL} or the face-api.js documentation ` +
        '(the docs only say SSD Mobilenet V1 aims at accuracy and the tiny detector "performs slightly less well on detecting small faces"); replace it with your own evaluation',
    },
  };
}

/** What `--runs` rounds measured, as written to raw/faces-runs.json. */
export interface FacesRawRuns {
  machine: { cpuModel: string; cpus: number; allowedCpus: number[]; memoryGB: number; node: string; platform: string; tfjs: string; faceApi: string };
  startedAt: string;
  finishedAt: string;
  /** 1/5/15-minute load averages before and after measuring (2 CPUs: above 2 means others were running). */
  loadavg: { start: number[]; end: number[] };
  settings: { runs: number; batches: number[]; repeats: Record<string, number>; warmup: number; cores: number };
  energy: { method: string; unavailable?: string };
  rounds: { round: number; startedAt: string; loadavg: number[]; models: { model: string; stage: string; measurements: ProfileMeasurement[] }[] }[];
  startup: { round: number; model: string; processStartupMs: number; moduleStartupMs: number; rssMB: number; rssBeforeMB: number }[];
}

const sig = (x: number, d = 4): number => Number(x.toPrecision(d));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const std = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/** Per model and batch size: the figures the profile and its README quote. */
export interface FacesBatchStats {
  model: string;
  batch: number;
  /** Mean over rounds of each round's mean latency, ms. */
  meanMs: number;
  /** Median over rounds of each round's p99, ms (at least meanMs). */
  p99Ms: number;
  /** Within-round CV (std / mean of single runs), median over rounds. */
  withinCv: number;
  /** Between-round CV of the round means. */
  betweenCv: number;
  /** Mean CPU seconds per batch (over rounds). */
  cpuS: number;
  rounds: number;
}

/** Summarises the raw rounds per model and batch size. */
export function facesBatchStats(raw: FacesRawRuns): FacesBatchStats[] {
  const out: FacesBatchStats[] = [];
  for (const { models } of FACE_STAGES) {
    for (const model of models) {
      for (const batch of raw.settings.batches) {
        const ms = raw.rounds.flatMap((r) => r.models.filter((m) => m.model === model).flatMap((m) => m.measurements.filter((x) => x.batch === batch)));
        if (ms.length === 0) throw new Error(`raw runs have no measurement of ${model} at batch ${batch}`);
        const means = ms.map((m) => m.meanMs);
        const meanMs = mean(means);
        out.push({
          model,
          batch,
          meanMs,
          p99Ms: Math.max(median(ms.map((m) => m.p99Ms)), meanMs),
          withinCv: median(ms.map((m) => m.stdMs / m.meanMs)),
          betweenCv: std(means) / meanMs,
          cpuS: mean(ms.map((m) => m.cpuSPerBatch ?? (m.meanMs / 1000) * m.cores)),
          rounds: ms.length,
        });
      }
    }
  }
  return out;
}

/**
 * Builds the bundled profile from the raw rounds. Deterministic: the same raw file gives the same
 * profile byte for byte.
 */
export function buildFacesProfile(raw: FacesRawRuns): PipelineProfile {
  const stats = facesBatchStats(raw);
  const m = raw.machine;
  const where =
    `scripts/profile-face-api.ts (infersim profile's runProfile) on ${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGB} GB, Node ${m.node}, ` +
    `tfjs ${m.tfjs} wasm backend, @vladmandic/face-api ${m.faceApi}; 1 CPU per replica (taskset); ${raw.startedAt} to ${raw.finishedAt}; ` +
    `a SHARED, NOISY machine (load average ${raw.loadavg.start.map((x) => x.toFixed(1)).join('/')} at start, ${raw.loadavg.end.map((x) => x.toFixed(1)).join('/')} at end, on ${m.cpus} CPUs): ` +
    'other jobs ran during the measurement, so latencies are slower and noisier than on a quiet machine';
  const perCoreW = dynamicPowerW(REFERENCE_NODE_POWER, 1);
  const stages = FACE_STAGES.map(({ stage, models }) => ({
    name: stage,
    variants: models.map((model): VariantProfile => {
      const rows = stats.filter((s) => s.model === model);
      const table = (f: (s: FacesBatchStats) => number, d = 4): BatchTable => Object.fromEntries(rows.map((s) => [String(s.batch), sig(f(s), d)]));
      const starts = raw.startup.filter((s) => s.model === model);
      const startupS = sig(median(starts.map((s) => s.processStartupMs)) / 1000, 3);
      const memoryMB = Math.round(median(starts.map((s) => s.rssMB)));
      const cv = sig(median(rows.map((s) => s.withinCv)), 2);
      const cvText = rows.map((s) => `b${s.batch} ${(s.withinCv * 100).toFixed(1)}%/${(s.betweenCv * 100).toFixed(1)}%`).join(', ');
      const repeats = raw.settings.repeats[model];
      const acc = FACE_ACCURACY[model];
      return {
        name: model,
        accuracy: acc.accuracy,
        cores: raw.settings.cores,
        latencyMs: table((s) => s.meanMs),
        latencyP99Ms: table((s) => s.p99Ms),
        energyJ: table((s) => s.cpuS * perCoreW),
        startupS,
        memoryMB,
        serviceDist: { type: 'lognormal', cv },
        provenance: {
          accuracy: acc.provenance,
          cores: { kind: 'measured', source: `${where}; the replica ran pinned to ${raw.settings.cores} CPU (tfjs wasm runs one thread)` },
          latencyMs: {
            kind: 'measured',
            source: `${where}; mean over ${raw.settings.runs} rounds of each round's wall-clock mean of ${repeats} timed runs after ${raw.settings.warmup} warm-up runs per batch size. CV within a round / between rounds: ${cvText}`,
          },
          latencyP99Ms: { kind: 'measured', source: `${where}; median over ${raw.settings.runs} rounds of each round's p99 (R-7) of ${repeats} timed runs (few runs: the p99 is close to the maximum)` },
          serviceDist: { kind: 'derived', method: `lognormal with the median over batch sizes of the within-round CV of single runs (${cvText}), measured as latencyMs` },
          startupS: {
            kind: 'measured',
            source: `${where}; median over ${starts.length} fresh processes of the time from process start to the model's first answer (Node boot, tfjs and wasm start, weights loaded from the npm package, first inference); no container start is included`,
          },
          memoryMB: { kind: 'measured', source: `${where}; median resident set size over ${starts.length} fresh processes after loading the model and running one batch of 8` },
          energyJ: {
            kind: 'derived',
            method:
              `no RAPL on the measuring machine (${raw.energy.unavailable ?? raw.energy.method}); dynamic energy = measured CPU-seconds per batch (process CPU time around the timed runs) x ${perCoreW} W per busy core, ` +
              `the per-core dynamic power of the reference node REFERENCE_NODE_POWER (${REFERENCE_NODE_POWER.idleW}-${REFERENCE_NODE_POWER.maxW} W, ${REFERENCE_NODE_POWER.cores} cores; see profiles/README.md "Derived energy"), not this machine's`,
          },
        },
      };
    }),
  }));
  return {
    name: 'faces',
    description:
      'Face analysis measured here: @vladmandic/face-api models on tfjs-backend-wasm, one CPU per replica, chained as face-api runs them ' +
      '(detect -> 68-point landmarks -> 128-d descriptor -> age and gender). Detectors take one image per call, so a batch of b images is b calls; ' +
      'the face models run b crops in one forward pass. Inputs are fixed synthetic images (seeded pixels): the nets\' cost does not depend on the pixels, ' +
      `except a little in the detectors' box post-processing. Measured on a shared, noisy machine (${m.cpuModel}, ${m.cpus} CPUs, ${raw.startedAt}): see provenance and profiles/measured/README.md for the CVs.`,
    sources: [
      `@vladmandic/face-api@${m.faceApi} (npm; model weights from its model/ folder) on @tensorflow/tfjs@${m.tfjs} with @tensorflow/tfjs-backend-wasm`,
      'Measured by scripts/profile-face-api.ts; raw rounds in profiles/measured/raw/faces-runs.json',
      `Accuracies: ${TUTORIAL}`,
    ],
    stages,
  };
}

/** The CV and start-up table of profiles/measured/README.md, from the raw rounds. */
export function facesStatsTable(raw: FacesRawRuns): string {
  const lines = ['| model | batch | mean ms | p99 ms | CV within round | CV between rounds |', '|---|---:|---:|---:|---:|---:|'];
  for (const s of facesBatchStats(raw)) {
    lines.push(`| ${s.model} | ${s.batch} | ${s.meanMs.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${(s.withinCv * 100).toFixed(1)}% | ${(s.betweenCv * 100).toFixed(1)}% |`);
  }
  lines.push('', '| model | start-up s (median) | start-up CV | memory MB (median) |', '|---|---:|---:|---:|');
  for (const { models } of FACE_STAGES) {
    for (const model of models) {
      const st = raw.startup.filter((s) => s.model === model);
      const xs = st.map((s) => s.processStartupMs / 1000);
      lines.push(`| ${model} | ${median(xs).toFixed(2)} | ${((std(xs) / mean(xs)) * 100).toFixed(1)}% | ${Math.round(median(st.map((s) => s.rssMB)))} |`);
    }
  }
  return lines.join('\n');
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function measure(outDir: string): Promise<FacesRawRuns> {
  const runs = Number(arg('runs', '3'));
  const batches = arg('batches', '1,2,4,8').split(',').map(Number);
  const warmup = Number(arg('warmup', '2'));
  const repeats: Record<string, number> = {};
  for (const { models } of FACE_STAGES) for (const m of models) repeats[m] = m.includes('detector') || m.includes('ssd') ? Number(arg('repeats-detect', '6')) : Number(arg('repeats', '15'));
  const moduleFile = join(root, 'examples/measured/face-api-model.js');
  const pkg = (p: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  const raw: FacesRawRuns = {
    machine: {
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cpus: cpus().length,
      allowedCpus: allowedCpus(),
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      tfjs: pkg('@tensorflow/tfjs'),
      faceApi: pkg('@vladmandic/face-api'),
    },
    startedAt: new Date().toISOString(),
    finishedAt: '',
    loadavg: { start: loadavg(), end: [] },
    settings: { runs, batches, repeats, warmup, cores: 1 },
    energy: { method: 'none' },
    rounds: [],
    startup: [],
  };
  for (let round = 1; round <= runs; round++) {
    const r: FacesRawRuns['rounds'][number] = { round, startedAt: new Date().toISOString(), loadavg: loadavg(), models: [] };
    for (const { stage, models } of FACE_STAGES) {
      for (const model of models) {
        process.stderr.write(`round ${round}/${runs}: ${model} (free memory ${(freemem() / 2 ** 30).toFixed(1)} GB, load ${loadavg()[0].toFixed(1)})\n`);
        const run = await runProfile({
          module: moduleFile,
          variant: model,
          stage,
          batches,
          cores: [1],
          repeats: repeats[model],
          warmup,
          energy: 'auto',
          env: { FACE_MODEL: model },
          cwd: root,
          notice: () => {},
        });
        raw.energy = { method: run.energy.method, ...(run.energy.unavailable ? { unavailable: run.energy.unavailable } : {}) };
        r.models.push({ model, stage, measurements: run.measurements });
      }
    }
    raw.rounds.push(r);
    const affinity = affinityFor(1, allowedCpus());
    for (const { models } of FACE_STAGES) {
      for (const model of models) {
        const argv = [...affinity.prefix, process.execPath, join(root, 'examples/measured/face-api-startup.js')];
        const out = execFileSync(argv[0], argv.slice(1), { cwd: root, env: { ...process.env, FACE_MODEL: model }, encoding: 'utf8' });
        const line = out.trim().split('\n').pop() ?? '';
        raw.startup.push({ round, ...(JSON.parse(line) as Omit<FacesRawRuns['startup'][number], 'round'>) });
      }
    }
  }
  raw.finishedAt = new Date().toISOString();
  raw.loadavg.end = loadavg();
  mkdirSync(join(outDir, 'raw'), { recursive: true });
  writeFileSync(join(outDir, 'raw/faces-runs.json'), JSON.stringify(raw, null, 2) + '\n');
  return raw;
}

async function main(): Promise<void> {
  const outDir = resolve(arg('out-dir', join(root, 'profiles/measured')));
  const raw = process.argv.includes('--build-only')
    ? (JSON.parse(readFileSync(join(outDir, 'raw/faces-runs.json'), 'utf8')) as FacesRawRuns)
    : await measure(outDir);
  writeFileSync(join(outDir, 'faces.json'), JSON.stringify(buildFacesProfile(raw), null, 2) + '\n');
  process.stdout.write(facesStatsTable(raw) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
