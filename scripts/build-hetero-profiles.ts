/**
 * Builds the heterogeneous example pipelines (`profiles/hetero/*.json`): IPA's video variants with
 * their CPU profiles taken unchanged from `profiles/ipa/video.json`, plus **illustrative** GPU and
 * FPGA-like device profiles derived from them by the stated ratios below (no measurement of ours
 * stands behind a GPU or FPGA number; every such number is tagged `derived` with its method).
 *
 * Method, per variant with CPU latency table `L_c(b)` (one core, ms):
 *
 *   per-item CPU time        t_c  = L_c(8) / 8                         (the batch-8 per-item cost)
 *   device latency           L_d(b) = o_d + b * t_c / K_d              (fixed per-batch overhead + per item)
 *   device p99               L_d(b) * r_d
 *   device dynamic energy    E_d(b) = (P_d + P_host) * L_d(b) / 1000    (board power above idle + the host core)
 *   device start-up          startupS_cpu + s_d
 *
 * with the constants of {@link DEVICE_MODELS}. The GPU is a T4-class card (70 W board power) and the
 * FPGA-like device an Alveo-U50-class board running an INT8 DPU (75 W maximum); the ratios are of the
 * datasheet kind (peak-throughput ratios discounted for serving overheads) and chosen so the trade-offs
 * are the ones published measurements show qualitatively: the GPU has a large per-batch overhead and
 * the highest throughput at large batches; the FPGA has a small overhead, little gain from batching,
 * the lowest energy per request at small batches and the longest initialisation (bitstream and model
 * load). The method text is repeated in every provenance entry and in `profiles/hetero/README.md`.
 *
 * Run: `npx tsx scripts/build-hetero-profiles.ts` (deterministic: the test rebuilds in memory and
 * compares with the shipped files).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REFERENCE_NODE_POWER } from '../src/energy/power-model.js';
import type { BatchTable, DeviceProfile, PipelineProfile, Provenance, VariantProfile } from '../src/profiles/types.js';

/** The derivation constants of one accelerator type. */
export interface DeviceModel {
  /** What the device stands for, in prose. */
  label: string;
  /** Fixed per-batch overhead `o_d`, ms (launch, host-device copies, framework). */
  overheadMs: number;
  /** Per-item speed-up `K_d` over one CPU core's per-item time. */
  speedup: number;
  /** p99 / mean ratio `r_d`. */
  p99Ratio: number;
  /** Board power above idle while a batch runs, W (`P_d`). */
  boardW: number;
  /** Extra start-up over the CPU replica's, s (`s_d`). */
  extraStartupS: number;
  /** Host cores a replica holds. */
  hostCores: number;
}

/** Dynamic power of the one host core an accelerator replica keeps busy, W (the reference node's per-core figure). */
export const HOST_CORE_W = (REFERENCE_NODE_POWER.maxW - REFERENCE_NODE_POWER.idleW) / REFERENCE_NODE_POWER.cores;

/** The illustrative device constants (see the file comment and profiles/hetero/README.md). */
export const DEVICE_MODELS: Readonly<Record<'gpu' | 'fpga', DeviceModel>> = {
  gpu: {
    label: 'a T4-class GPU (70 W board power, about 15 W idle)',
    overheadMs: 6,
    speedup: 30,
    p99Ratio: 1.1,
    boardW: 45,
    extraStartupS: 4,
    hostCores: 1,
  },
  fpga: {
    label: 'an FPGA-like accelerator: an Alveo-U50-class board running an INT8 DPU (75 W maximum, about 18 W idle)',
    overheadMs: 1.5,
    speedup: 12,
    p99Ratio: 1.03,
    boardW: 22,
    extraStartupS: 15,
    hostCores: 1,
  },
};

/** Batch sizes of every shipped table. */
export const HETERO_BATCHES = [1, 2, 4, 8] as const;

/** Variants of IPA's video pipeline the examples keep, per stage (three each keeps exhaustive checks fast). */
export const KEPT_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  crop: ['yolov5n', 'yolov5s', 'yolov5m'],
  classification: ['resnet18', 'resnet50', 'resnet101'],
};

const round = (x: number, decimals: number): number => {
  const k = 10 ** decimals;
  return Math.round(x * k) / k;
};

const table = (f: (b: number) => number, decimals: number): BatchTable =>
  Object.fromEntries(HETERO_BATCHES.map((b) => [String(b), round(f(b), decimals)]));

/** The method text of a device's field, for provenance. */
export function deviceMethod(device: 'gpu' | 'fpga', field: 'latencyMs' | 'latencyP99Ms' | 'energyJ' | 'startupS'): string {
  const m = DEVICE_MODELS[device];
  const pre = `ILLUSTRATIVE, not measured: ${device} stands for ${m.label}. `;
  switch (field) {
    case 'latencyMs':
      return `${pre}L(b) = ${m.overheadMs} ms + b x t_c / ${m.speedup}, t_c = CPU latencyMs[8] / 8 (per-item CPU time of the variant's IPA-derived CPU profile); overhead and speed-up are datasheet-style ratios (peak throughput ratio discounted for serving overheads), rounded to 2 decimals; method in profiles/hetero/README.md`;
    case 'latencyP99Ms':
      return `${pre}latencyMs x ${m.p99Ratio} (assumed tail ratio), rounded to 2 decimals`;
    case 'energyJ':
      return `${pre}dynamic energy of one batch = (${m.boardW} W board power above idle + ${round(HOST_CORE_W, 4)} W for the host core) x latencyMs[b] / 1000, rounded to 4 decimals; board power is an assumed share of the board's rated power`;
    case 'startupS':
      return `${pre}CPU startupS + ${m.extraStartupS} s (${device === 'gpu' ? 'CUDA context and weights copied to the device' : 'bitstream programming and DPU model load'}), assumed`;
  }
}

/** The profile of CPU variant `v` on `device`, by the method above. */
export function deriveDevice(v: VariantProfile, device: 'gpu' | 'fpga'): DeviceProfile {
  const m = DEVICE_MODELS[device];
  const tc = v.latencyMs['8'] / 8;
  const lat = (b: number) => m.overheadMs + (b * tc) / m.speedup;
  const latencyMs = table(lat, 2);
  const derived = (field: 'latencyMs' | 'latencyP99Ms' | 'energyJ' | 'startupS'): Provenance => ({ kind: 'derived', method: deviceMethod(device, field) });
  return {
    latencyMs,
    latencyP99Ms: table((b) => latencyMs[String(b)] * m.p99Ratio, 2),
    energyJ: table((b) => ((m.boardW + HOST_CORE_W) * latencyMs[String(b)]) / 1000, 4),
    startupS: round((v.startupS ?? 0) + m.extraStartupS, 2),
    cores: m.hostCores,
    accelerators: 1,
    provenance: { latencyMs: derived('latencyMs'), latencyP99Ms: derived('latencyP99Ms'), energyJ: derived('energyJ'), startupS: derived('startupS') },
  };
}

/** A kept CPU variant with its GPU and FPGA profiles. */
function heteroVariant(v: VariantProfile): VariantProfile {
  const keep = (t: BatchTable | undefined): BatchTable | undefined => (t ? Object.fromEntries(HETERO_BATCHES.map((b) => [String(b), t[String(b)]])) : undefined);
  return {
    name: v.name,
    accuracy: v.accuracy,
    cores: v.cores,
    latencyMs: keep(v.latencyMs)!,
    latencyP99Ms: keep(v.latencyP99Ms),
    energyJ: keep(v.energyJ),
    startupS: v.startupS,
    memoryMB: v.memoryMB,
    // Not the IPA profile's measured maxThroughputRps: the GPU and FPGA profiles are derived from
    // latency only, so every device here plans with b / latency, alike.
    provenance: Object.fromEntries(Object.entries(v.provenance ?? {}).filter(([k]) => k !== 'maxThroughputRps')),
    devices: { gpu: deriveDevice(v, 'gpu'), fpga: deriveDevice(v, 'fpga') },
  };
}

/** The two shipped pipelines, built from IPA's video profile. */
export function buildHeteroProfiles(video: PipelineProfile): Record<'video-hetero' | 'traffic-graph', PipelineProfile> {
  const stage = (name: string) => {
    const s = video.stages.find((x) => x.name === name);
    if (!s) throw new Error(`IPA's video profile has no stage "${name}"`);
    return KEPT_VARIANTS[name].map((vn) => {
      const v = s.variants.find((x) => x.name === vn);
      if (!v) throw new Error(`IPA's video stage "${name}" has no variant "${vn}"`);
      return heteroVariant(v);
    });
  };
  const common =
    'CPU profiles (accuracy, cores, latency, p99, energy, start-up) are IPA video profiles copied unchanged from profiles/ipa/video.json (their provenance kept); ' +
    'every GPU and FPGA number is ILLUSTRATIVE, derived from the CPU profile by the datasheet-style ratios in profiles/hetero/README.md (scripts/build-hetero-profiles.ts), not measured.';
  const sources = ['profiles/ipa/video.json (CPU profiles)', 'scripts/build-hetero-profiles.ts and profiles/hetero/README.md (device derivation)'];
  return {
    'video-hetero': {
      name: 'video-hetero',
      slaMs: 800,
      dropLimitS: 5,
      description: `IPA's video pipeline (crop -> classification) with three variants per stage, each on cpu, gpu and fpga. SLA 800 ms (tighter than IPA's 6.89 s, so devices matter). ${common}`,
      sources,
      stages: [
        { name: 'crop', variants: stage('crop') },
        { name: 'classification', variants: stage('classification') },
      ],
    },
    'traffic-graph': {
      name: 'traffic-graph',
      slaMs: 1000,
      dropLimitS: 5,
      description: `A traffic-analysis graph: a detector (YOLOv5 variants) sends, with probability 0.85, a Poisson number of crops (mean 2.5) to a classifier (ResNet variants); a request completes when all its crops are classified. ${common}`,
      sources,
      stages: [
        { name: 'detect', variants: stage('crop'), next: [{ stage: 'classify', probability: 0.85, count: { mean: 2.5 } }] },
        { name: 'classify', variants: stage('classification') },
      ],
    },
  };
}

/** Markers of the generated table in profiles/hetero/README.md. */
export const HETERO_README_BEGIN = '<!-- GENERATED:hetero-table BEGIN -->';
export const HETERO_README_END = '<!-- GENERATED:hetero-table END -->';

/** The README table: latency and energy per request at batch 1 and 8 on each device. */
export function heteroTable(p: PipelineProfile): string {
  const rows = ['| stage | variant | accuracy | device | ms b=1 | ms b=8 | rps/replica b=8 | J/request b=1 | J/request b=8 | start-up s |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const s of p.stages) {
    for (const v of s.variants) {
      for (const d of ['cpu', 'gpu', 'fpga'] as const) {
        const prof = d === 'cpu' ? v : v.devices![d];
        const l1 = prof.latencyMs['1'];
        const l8 = prof.latencyMs['8'];
        const e1 = prof.energyJ!['1'];
        const e8 = prof.energyJ!['8'] / 8;
        rows.push(`| ${s.name} | ${v.name} | ${v.accuracy} | ${d} | ${l1} | ${l8} | ${round(8000 / l8, 1)} | ${round(e1, 3)} | ${round(e8, 3)} | ${prof.startupS ?? v.startupS} |`);
      }
    }
  }
  return rows.join('\n');
}

/** Replaces the generated block of the README text. */
export function spliceHeteroReadme(text: string, tableText: string): string {
  const a = text.indexOf(HETERO_README_BEGIN);
  const b = text.indexOf(HETERO_README_END);
  if (a < 0 || b < a) throw new Error('profiles/hetero/README.md has no generated-table markers');
  return `${text.slice(0, a + HETERO_README_BEGIN.length)}\n${tableText}\n${text.slice(b)}`;
}

/** JSON as shipped: two-space indentation and a final newline. */
export function toJson(x: unknown): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const video = JSON.parse(readFileSync(join(root, 'profiles', 'ipa', 'video.json'), 'utf8')) as PipelineProfile;
  const out = join(root, 'profiles', 'hetero');
  mkdirSync(out, { recursive: true });
  const built = buildHeteroProfiles(video);
  for (const [name, p] of Object.entries(built)) writeFileSync(join(out, `${name}.json`), toJson(p));
  const readme = join(out, 'README.md');
  if (existsSync(readme)) writeFileSync(readme, spliceHeteroReadme(readFileSync(readme, 'utf8'), heteroTable(built['video-hetero'])));
  console.log(`wrote ${Object.keys(built).length} profiles to ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
