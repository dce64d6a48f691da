/**
 * Builds the bundled IPA pipeline profiles (`profiles/ipa/<pipeline>.json`) from the partial IPA data
 * in `../shared/profiles-ipa` (or the directory given as the first argument).
 *
 * IPA's full profiling tables are not public; what survives are accuracies, run configurations and
 * fragments printed in notebook outputs. This script completes the profiles with one documented,
 * deterministic method (see `profiles/README.md`, "Completion method"):
 *
 *   L(b, c) = S * (phi + (1 - phi) * b) * ((1 - p) + p / c)
 *
 * a per-batch fixed share `phi` and a per-item share, times an Amdahl factor for `c` cores, with `S`
 * the batch-1 latency on one core. Each variant's parameters are fitted (log least squares on a grid)
 * to the fragments that identify them; the rest come from same-stage siblings, the pooled median, or
 * from a measured sibling scaled by a published relative cost.
 *
 * Outputs, all derived only from the input files, so re-running gives identical bytes:
 * - `profiles/ipa/<pipeline>.json`: the {@link PipelineProfile}s, each variant with a derived
 *   `energyJ` per batch size (dynamic energy on a reference server, see {@link derivedBatchEnergyJ});
 * - `profiles/ipa/raw/<pipeline>.json`: the input files, copied unchanged;
 * - `profiles/ipa/fits/<pipeline>.json`: fitted parameters and the error on every fragment used;
 * - the generated tables in `profiles/README.md` (between the GENERATED markers).
 *
 * Run: `npx tsx scripts/build-ipa-profiles.ts [inputDir]`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PipelineProfile, Provenance, StageProfile, VariantProfile } from '../src/profiles/types.js';
import { REFERENCE_NODE_POWER, dynamicBatchEnergyJ, type NodePowerSpec } from '../src/energy/power-model.js';

// ---------------------------------------------------------------------------------------------
// Input format (the shared IPA files)
// ---------------------------------------------------------------------------------------------

/** One raw fragment as printed in an IPA notebook output (ms; `null` where not stated). */
export interface RawFragment {
  series: number | null;
  cores: number | null;
  batch: number | null;
  profilingLoadRps: number | null;
  latencyP99Ms?: number;
  latencyAvgMs?: number;
  latencyMinMs?: number;
  throughputMaxRps?: number;
  throughputAvgRps?: number;
  latencyMs_fig2?: number;
  throughputRps_fig2?: number;
  source: string;
}

/** A variant in the shared IPA files. */
export interface RawVariant {
  name: string;
  accuracy: number;
  accuracyRankNormalized: number;
  accuracyForPAS: number;
  measurements: RawFragment[];
}

/** A stage in the shared IPA files. */
export interface RawStage {
  name: string;
  node: string;
  accuracyMetric: string;
  profilingSeries: number;
  profilingLoadRps: number;
  memoryRequestMBe2e: number;
  variants: RawVariant[];
}

/** One baseline run setting in `ipaConfig.baselines`. */
export interface RawBaseline {
  variants?: string[];
  initial_variants?: string[];
  initial_cpu?: number[];
}

/** One shared IPA pipeline file. */
export interface RawPipeline {
  pipeline: string;
  slaMs: number;
  slaSource: string;
  source: string;
  ipaConfig: {
    batching_cap: number;
    threshold_rps: number | string;
    throughput_margin_pct: number | string;
    profiling_load: number | number[];
    drop_limit_s: number;
    baselines: Record<string, RawBaseline>;
    [k: string]: unknown;
  };
  stages: RawStage[];
}

// ---------------------------------------------------------------------------------------------
// Method constants (every number here is documented in profiles/README.md)
// ---------------------------------------------------------------------------------------------

/** The pipelines, in the order they are documented. */
export const PIPELINES = ['video', 'audio-qa', 'audio-sent', 'sum-qa', 'nlp'] as const;

/** Batch sizes shipped for every variant (IPA's video cap is 8; the others run at 1 in IPA). */
export const SHIP_BATCHES = [1, 2, 4, 8] as const;

/** Core counts the cores rule may choose from: the counts IPA profiled at (powers of two). */
export const CORE_GRID = [1, 2, 4, 8, 16] as const;

/** The model's grid resolution for `phi` and `p`. */
const GRID_STEP = 0.005;
const PHI_MIN = 0.01; // > 0 keeps b / L(b) strictly increasing after rounding
const PHI_MAX = 0.99; // < 1 keeps L(b) strictly increasing
const P_MIN = 0;
const P_MAX = 0.99;

/**
 * A throughput fragment counts as saturated (the replica, not the load generator, set the rate) when
 * the measured maximum throughput is below this share of the offered load.
 */
const SATURATION_SHARE = 0.9;

/** Start-up model: container start plus fp32 weights read and deserialised at a fixed rate. */
export const STARTUP_CONTAINER_S = 5;
export const STARTUP_LOAD_MB_PER_S = 100;

/** Where IPA's run configurations put cores per replica that the shared JSON does not list. */
const EXTRA_CORE_FACTS: Record<string, { variants: string[]; cores: number[]; source: string }[]> = {
  video: [
    {
      variants: ['yolov5n', 'resnet18'],
      cores: [1, 1],
      source:
        'reconfigurable-ml-pipeline/ipa@e1f08dd data/configs/final/video-1.yaml and video-2.yaml (IPA and FA2-low runs): initial_cpu_allocation [1, 1]',
    },
    {
      variants: ['yolov5s', 'resnet101'],
      cores: [1, 1],
      source:
        'reconfigurable-ml-pipeline/ipa@e1f08dd data/configs/final/video-3.yaml (FA2-high run): initial_cpu_allocation [1, 1]',
    },
  ],
};

/**
 * Base allocations IPA's runs show that its run files' `initial_cpu_allocation` does not: these take
 * precedence over the baselines' `initial_cpu` (which only has to name a profiled allocation; IPA's
 * `Task.model_switch` resets a replica to the variant's base allocation at the first decision, in
 * every mode, and the adapter redeploys with it).
 */
const BASE_ALLOCATION_FACTS: Record<string, { variants: string[]; cores: number[]; source: string }[]> = {
  nlp: [
    {
      variants: ['Helsinki-NLP-opus-mt-fr-en', 'sshleifer-distilbart-xsum-1-1'],
      cores: [4, 1],
      source:
        `read from IPA's repository (${'reconfigurable-ml-pipeline/ipa@09c263a'} experiments/runner/notebooks/paper-revision-fig12-e2e-nlp.ipynb): the RIM runs (cell 4, series 85, 90, 95, 100) freeze replicas [6, 22, 12] ` +
        'on language identification, translation and summarisation, and the figure\'s cost is the sum over stages of replicas x one replica\'s logged cpu per adaptation step (cell 11). ' +
        'Inferred from a figure reading, not stated by any public data: issue 10 reads the revised Fig. 12\'s RIM cost as flat near 106 cores (not re-read here); 6 c_li + 22 c_trans + 12 c_sum = 106 ' +
        'with c_li = 1 (every nlp run) has the one whole solution c_trans = 4, c_sum = 1. What the run configurations say (read): the RIM and FA2-low containers request ' +
        'cpu 4 (4 threads) for opus-mt-fr-en but 2 for distilbart-xsum-1-1, and IPA\'s own nlp runs (e.g. series 91) request 2 for opus-mt-fr-en; a step\'s logged cpu is the deployed ' +
        'container\'s cpu_request at step 0 and wherever the optimizer found no solution (extract_current_config), so RIM\'s first step logs 6 x 1 + 22 x 4 + 12 x 2 = 118. ' +
        'So opus-mt-fr-en\'s 4 agrees with its containers, distilbart-xsum-1-1\'s 1 rests on the 106 reading only (sum-qa\'s run files also give it 1). The run files\' initial_cpu_allocation ' +
        '[1, 2, 2] is the profiled allocation the optimizer starts from, not the base allocation',
    },
  ],
};

/** A published relative cost of a variant, used to scale a measured sibling. */
interface Cost {
  value: number;
  metric: string;
  source: string;
}

const ULTRALYTICS = 'Ultralytics YOLOv5 README table (640 px), CPU batch-1 latency in ms';
const LAYERS = 'transformer encoder layers x hidden^2 relative to a 12-layer, 768-wide encoder';

/** Published relative costs (shared/profiles-ipa/README.md; transformer sizes from model cards). */
const COSTS: Record<string, Cost> = {
  yolov5n: { value: 45, metric: 'Ultralytics CPU ms', source: ULTRALYTICS },
  yolov5s: { value: 98, metric: 'Ultralytics CPU ms', source: ULTRALYTICS },
  yolov5m: { value: 224, metric: 'Ultralytics CPU ms', source: ULTRALYTICS },
  yolov5l: { value: 430, metric: 'Ultralytics CPU ms', source: ULTRALYTICS },
  yolov5x: { value: 766, metric: 'Ultralytics CPU ms', source: ULTRALYTICS },
  'deepset-xlm-roberta-base-squad2': { value: 1, metric: 'encoder cost', source: `${LAYERS} (xlm-roberta-base: 12 x 768)` },
  'deepset-roberta-base-squad2': { value: 1, metric: 'encoder cost', source: `${LAYERS} (roberta-base: 12 x 768)` },
  'dinalzein-xlm-roberta-base-finetuned-language-identification': {
    value: 1,
    metric: 'encoder cost',
    source: `${LAYERS} (xlm-roberta-base: 12 x 768)`,
  },
  'Souvikcmsa-SentimentAnalysisDistillBERT': { value: 0.5, metric: 'encoder cost', source: `${LAYERS} (DistilBERT: 6 x 768)` },
  'Souvikcmsa-BERT_sentiment_analysis': { value: 1, metric: 'encoder cost', source: `${LAYERS} (BERT-base: 12 x 768)` },
  'Souvikcmsa-Roberta_Sentiment_Analysis': { value: 1, metric: 'encoder cost', source: `${LAYERS} (RoBERTa-base: 12 x 768)` },
  'distilbert-base-uncased-finetuned-sst-2-english': { value: 0.5, metric: 'encoder cost', source: `${LAYERS} (DistilBERT: 6 x 768)` },
};

/**
 * Stages with no measured variant borrow a variant of another stage doing the same kind of work.
 * Sentiment classification uses the language-identification classifier: both are sequence
 * classifiers on a 12-layer, 768-wide encoder, and IPA measured it at six core counts.
 */
const CROSS_STAGE_DONORS: Record<string, { variant: string; why: string }> = {
  'nlp-sent': {
    variant: 'dinalzein-xlm-roberta-base-finetuned-language-identification',
    why: 'no sentiment variant has a fragment (series 88 has no notebook); the language-identification classifier (nlp pipeline, series 98) is the same kind of model',
  },
};

/** Parameters in millions, for the start-up estimate only. */
const PARAMS_M: Record<string, { value: number; source: string }> = {
  yolov5n: { value: 1.9, source: 'Ultralytics README' },
  yolov5s: { value: 7.2, source: 'Ultralytics README' },
  yolov5m: { value: 21.2, source: 'Ultralytics README' },
  yolov5l: { value: 46.5, source: 'Ultralytics README' },
  yolov5x: { value: 86.7, source: 'Ultralytics README' },
  resnet18: { value: 11.7, source: 'torchvision model card' },
  resnet34: { value: 21.8, source: 'torchvision model card' },
  resnet50: { value: 25.6, source: 'torchvision model card' },
  resnet101: { value: 44.5, source: 'torchvision model card' },
  resnet152: { value: 60.2, source: 'torchvision model card' },
  'facebook-s2t-small-librispeech-asr': { value: 30, source: 'fairseq S2T LibriSpeech models (s/m/l about 30/71/268 M)' },
  'facebook-s2t-medium-librispeech-asr': { value: 71, source: 'fairseq S2T LibriSpeech models (s/m/l about 30/71/268 M)' },
  'facebook-s2t-large-librispeech-asr': { value: 268, source: 'fairseq S2T LibriSpeech models (s/m/l about 30/71/268 M)' },
  'deepset-xlm-roberta-base-squad2': { value: 278, source: 'xlm-roberta-base model card' },
  'deepset-roberta-base-squad2': { value: 125, source: 'roberta-base model card' },
  'dinalzein-xlm-roberta-base-finetuned-language-identification': { value: 278, source: 'xlm-roberta-base model card' },
  'Souvikcmsa-SentimentAnalysisDistillBERT': { value: 67, source: 'distilbert-base model card' },
  'Souvikcmsa-BERT_sentiment_analysis': { value: 110, source: 'bert-base model card' },
  'Souvikcmsa-Roberta_Sentiment_Analysis': { value: 125, source: 'roberta-base model card' },
  'distilbert-base-uncased-finetuned-sst-2-english': { value: 67, source: 'distilbert-base model card' },
  'Helsinki-NLP-opus-mt-fr-en': { value: 75, source: 'Marian transformer-base (6+6 layers, 512 wide), about 75 M' },
  'Helsinki-NLP-opus-mt-tc-big-fr-en': { value: 235, source: 'Marian transformer-big (6+6 layers, 1024 wide), about 235 M' },
  // distilbart-xsum-E-D: bart-large-xsum (406 M, 12+12 layers) minus 12.6 M per dropped encoder layer
  // and 16.8 M per dropped decoder layer; this reproduces sshleifer's table (222/230/255/268/306 M).
  'sshleifer-distilbart-xsum-1-1': { value: 83, source: 'bart-large 406 M minus 11 encoder and 11 decoder layers' },
  'sshleifer-distilbart-xsum-12-1': { value: 222, source: 'sshleifer distilbart model card' },
  'sshleifer-distilbart-xsum-6-6': { value: 230, source: 'sshleifer distilbart model card' },
  'sshleifer-distilbart-xsum-12-3': { value: 255, source: 'sshleifer distilbart model card' },
  'sshleifer-distilbart-xsum-9-6': { value: 268, source: 'sshleifer distilbart model card' },
  'sshleifer-distilbart-xsum-12-6': { value: 306, source: 'sshleifer distilbart model card' },
};

const IPA = 'reconfigurable-ml-pipeline/ipa@e1f08dde84e2bb721b2c78ad7ef651134abf5380';

// ---------------------------------------------------------------------------------------------
// Derived energy (profiles/README.md, "Derived energy")
// ---------------------------------------------------------------------------------------------

/**
 * The reference server the per-batch energy is derived on: CPU package power (what RAPL and the seed
 * project's `perf stat -e power/energy-pkg/` measure) of a 2-socket, 48-core Cascade Lake Xeon node,
 * 60 W idle, 330 W (2 x 165 W TDP) with every core busy, linear in between. The simulator charges
 * its idle power per node; a batch carries only the power above idle.
 */
export const ENERGY_REFERENCE: Readonly<NodePowerSpec> = REFERENCE_NODE_POWER;

/** Decimals kept in `energyJ` (0.1 mJ). */
const ENERGY_DECIMALS = 4;

/**
 * Dynamic energy of one batch in J on {@link ENERGY_REFERENCE}: the replica's `cores` busy for the
 * batch's shipped mean latency, `cores x (P_max - P_idle) / cores_node x latencyMs / 1000`, which is
 * the linear power model's {@link dynamicBatchEnergyJ}.
 */
export function derivedBatchEnergyJ(cores: number, latencyMs: number): number {
  return round(dynamicBatchEnergyJ(ENERGY_REFERENCE, cores, latencyMs / 1000), ENERGY_DECIMALS);
}

/** Per-core dynamic power of the reference server at full load, W: `(P_max - P_idle) / cores_node`. */
export const REFERENCE_CORE_W = (ENERGY_REFERENCE.maxW - ENERGY_REFERENCE.idleW) / ENERGY_REFERENCE.cores;

/** The `provenance.energyJ.method` text of a variant with `cores` cores. */
export function energyMethod(cores: number): string {
  const r = ENERGY_REFERENCE;
  return (
    `dynamic CPU-package energy of one batch = cores (${cores}) x per-core dynamic power ${REFERENCE_CORE_W} W x latencyMs[b] / 1000, ` +
    `rounded to ${ENERGY_DECIMALS} decimals; per-core power = (P_max ${r.maxW} W - P_idle ${r.idleW} W) / ${r.cores} cores of a reference ` +
    `2-socket Cascade Lake Xeon server (assumed figures, package power as RAPL measures it; linear power model), ` +
    'every allocated core counted busy for the whole batch; idle power is not included (the simulator charges it per node); ' +
    'method and sanity check in profiles/README.md, "Derived energy"'
  );
}

// ---------------------------------------------------------------------------------------------
// The latency model
// ---------------------------------------------------------------------------------------------

/** Parameters of `L(b, c) = S (phi + (1 - phi) b) ((1 - p) + p / c)`. */
export interface LatencyParams {
  /** Batch-1 latency on one core, ms. */
  S: number;
  /** Share of a batch-1 latency that does not grow with the batch. */
  phi: number;
  /** Amdahl parallel share. */
  p: number;
}

/** Mean batch latency in ms of a batch of `b` on `c` cores. */
export function modelLatencyMs(m: LatencyParams, b: number, c: number): number {
  return m.S * (m.phi + (1 - m.phi) * b) * (1 - m.p + m.p / c);
}

/** A fragment reduced to what the fit uses. */
export interface Observation {
  b: number;
  c: number;
  ms: number;
}

function grid(lo: number, hi: number): number[] {
  const n = Math.round((hi - lo) / GRID_STEP);
  return Array.from({ length: n + 1 }, (_, i) => Number((lo + i * GRID_STEP).toFixed(6)));
}
const PHI_GRID = grid(PHI_MIN, PHI_MAX);
const P_GRID = grid(P_MIN, P_MAX);

/**
 * Least squares in log space: for given `phi` and `p`, the best `log S` is the mean log residual, and
 * the sum of squared log errors is the spread around it. Grid search over the free shares keeps the fit
 * deterministic and free of local minima. A share is free only when the observations identify it
 * (two or more batch sizes for `phi`, two or more core counts for `p`); otherwise it is fixed.
 */
export function fitLatency(obs: readonly Observation[], fixed: { phi?: number; p?: number }): LatencyParams {
  if (obs.length === 0) throw new Error('fitLatency: no observations');
  const phis = fixed.phi === undefined ? PHI_GRID : [fixed.phi];
  const ps = fixed.p === undefined ? P_GRID : [fixed.p];
  const logY = obs.map((o) => Math.log(o.ms));
  let best: LatencyParams = { S: NaN, phi: phis[0], p: ps[0] };
  let bestSse = Infinity;
  const r = new Float64Array(obs.length);
  for (const phi of phis) {
    for (const p of ps) {
      let mean = 0;
      for (let i = 0; i < obs.length; i++) {
        const o = obs[i];
        r[i] = logY[i] - Math.log((phi + (1 - phi) * o.b) * (1 - p + p / o.c));
        mean += r[i];
      }
      mean /= obs.length;
      let sse = 0;
      for (let i = 0; i < obs.length; i++) sse += (r[i] - mean) ** 2;
      // Strict `<` keeps the first (smallest phi, then p) of equal fits: deterministic ties.
      if (sse < bestSse - 1e-12) {
        bestSse = sse;
        best = { S: Math.exp(mean), phi, p };
      }
    }
  }
  return best;
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, d: number): number => Number(x.toFixed(d));

// ---------------------------------------------------------------------------------------------
// Fragment selection
// ---------------------------------------------------------------------------------------------

/** How one fragment was used, with the fitted value next to the measured one. */
export interface FragmentUse {
  /** Index in the variant's `measurements[]` of the raw file. */
  index: number;
  series: number | null;
  cores: number | null;
  batch: number | null;
  loadRps: number | null;
  /** Whether it entered the mean fit, the p99 ratio / p99 check, both, or neither. */
  use: 'mean' | 'p99' | 'mean+p99' | 'excluded';
  reason: string;
  /** The mean service time the fit saw, and where it came from. */
  meanMs?: number;
  meanFrom?: 'latencyAvgMs' | 'saturated throughput' | 'p99 / ratio';
  p99Ms?: number;
  fittedMeanMs?: number;
  meanErrPct?: number;
  fittedP99Ms?: number;
  p99ErrPct?: number;
}

/**
 * Decides, for every fragment of a variant, whether it is a service time of a batch of its stated size
 * (see profiles/README.md, "Which fragments are service times"):
 * - Fig. 2 values (no cores, batch or series) only give relative costs;
 * - batches above 8 are out of the shipped range, and at IPA's loads they are partly filled;
 * - a batch `b > 1` at a load below `b` rps could not fill within IPA's 1 s batch wait, so it measured
 *   a smaller batch;
 * - the mean is `latencyAvgMs`; a variant without any average uses `1000 b / throughputMaxRps` of
 *   saturated fragments (the replica's capacity is the inverse of its service time);
 * - of the fragments of one (series, cores, batch), the one at the lowest load is kept.
 */
export function selectFragments(v: RawVariant): FragmentUse[] {
  const uses: FragmentUse[] = v.measurements.map((f, index) => ({
    index,
    series: f.series,
    cores: f.cores,
    batch: f.batch,
    loadRps: f.profilingLoadRps,
    use: 'excluded',
    reason: '',
  }));
  const hasAvg = v.measurements.some((f) => f.latencyAvgMs !== undefined && f.batch !== null && f.batch <= 8);
  const meanOf = (f: RawFragment): { ms: number; from: FragmentUse['meanFrom'] } | undefined => {
    if (f.latencyAvgMs !== undefined) return { ms: f.latencyAvgMs, from: 'latencyAvgMs' };
    if (
      !hasAvg &&
      f.throughputMaxRps !== undefined &&
      f.profilingLoadRps !== null &&
      f.throughputMaxRps < SATURATION_SHARE * f.profilingLoadRps
    ) {
      return { ms: (1000 * (f.batch as number)) / f.throughputMaxRps, from: 'saturated throughput' };
    }
    return undefined;
  };
  // The lowest-load eligible fragment per (series, cores, batch), separately for the mean and the p99.
  const bestMean = new Map<string, number>();
  const bestP99 = new Map<string, number>();
  const candidates: number[] = [];
  v.measurements.forEach((f, i) => {
    const u = uses[i];
    if (f.series === null || f.cores === null || f.batch === null || f.profilingLoadRps === null) {
      u.reason = 'conditions not stated (paper Fig. 2): used only as a relative cost';
    } else if (f.batch > 8) {
      u.reason = 'batch above 8: outside the shipped range, and partly filled at these loads';
    } else if (f.batch > 1 && f.profilingLoadRps < f.batch) {
      u.reason = `load ${f.profilingLoadRps} rps cannot fill a batch of ${f.batch} within the 1 s batch wait`;
    } else if (!meanOf(f) && f.latencyP99Ms === undefined) {
      u.reason =
        f.throughputMaxRps === undefined
          ? 'no latency'
          : hasAvg
            ? 'throughput only; this variant has measured averages, which are used instead'
            : 'throughput only and not saturated: the offered load, not the replica, set it';
    } else {
      const key = `${f.series}/${f.cores}/${f.batch}`;
      const keep = (m: Map<string, number>): void => {
        const j = m.get(key);
        if (j === undefined || (v.measurements[j].profilingLoadRps as number) > f.profilingLoadRps!) m.set(key, i);
      };
      if (meanOf(f)) keep(bestMean);
      if (f.latencyP99Ms !== undefined) keep(bestP99);
      candidates.push(i);
    }
  });
  const meanIdx = new Set(bestMean.values());
  const p99Idx = new Set(bestP99.values());
  for (const i of candidates) {
    const f = v.measurements[i];
    const u = uses[i];
    const inMean = meanIdx.has(i);
    const inP99 = p99Idx.has(i);
    if (!inMean && !inP99) {
      u.reason = 'a lower-load fragment of the same series, cores and batch is used instead';
      continue;
    }
    if (inMean) {
      const m = meanOf(f)!;
      u.meanMs = m.ms;
      u.meanFrom = m.from;
    }
    if (inP99) u.p99Ms = f.latencyP99Ms;
    u.use = inMean && inP99 ? 'mean+p99' : inMean ? 'mean' : 'p99';
    u.reason = 'service time of a full batch, lowest eligible load';
  }
  return uses;
}

// ---------------------------------------------------------------------------------------------
// Per-variant fit with donors
// ---------------------------------------------------------------------------------------------

/** Where a parameter came from. */
export type ParamSource = string;

/** The fit of one variant, written to `profiles/ipa/fits/<pipeline>.json`. */
export interface VariantFit {
  stage: string;
  variant: string;
  accuracy: number;
  params: LatencyParams;
  paramSources: { S: ParamSource; phi: ParamSource; p: ParamSource };
  p99Ratio: number;
  p99RatioSource: string;
  cores: number;
  coresRule: string;
  startupS: number;
  fragments: FragmentUse[];
}

interface Prelim {
  pipeline: string;
  stage: RawStage;
  variant: RawVariant;
  uses: FragmentUse[];
  ownRatios: number[];
  /** Shares the observations identify (fitted in pass 1), undefined when not identified. */
  phi?: number;
  p?: number;
}

/** Everything computed from the inputs. */
export interface BuildResult {
  profiles: Record<string, PipelineProfile>;
  fits: Record<string, { pipeline: string; model: string; pooled: Record<string, number>; variants: VariantFit[] }>;
  readmeTables: string;
  /** Per variant, the shipped cores next to IPA's own base-allocation walk on the same numbers (not shipped: see {@link baseAllocationWalk}). */
  walk: WalkRow[];
}

/** One variant's shipped cores against IPA's `Task.base_allocations` walk on the same fitted numbers. */
export interface WalkRow {
  pipeline: string;
  stage: string;
  variant: string;
  shipped: number;
  walk: number;
  /** The batch sizes the walk counts ({@link profiledBatches}). */
  batches: number[];
}

function parseLeadingNumber(x: number | string): number {
  if (typeof x === 'number') return x;
  const m = /^\s*(-?[0-9.]+)/.exec(x);
  if (!m) throw new Error(`cannot read a number from ${JSON.stringify(x)}`);
  return Number(m[1]);
}

function observationsOf(uses: FragmentUse[]): Observation[] {
  return uses
    .filter((u) => u.meanMs !== undefined)
    .map((u) => ({ b: u.batch as number, c: u.cores as number, ms: u.meanMs as number }));
}

/** Reads the five pipeline files of `inputDir`. */
export function readInputs(inputDir: string): Record<string, RawPipeline> {
  const out: Record<string, RawPipeline> = {};
  for (const name of PIPELINES) {
    out[name] = JSON.parse(readFileSync(join(inputDir, `${name}.json`), 'utf8')) as RawPipeline;
  }
  return out;
}

/** Runs the whole method on parsed inputs. Pure: no I/O. */
export function buildProfiles(inputs: Record<string, RawPipeline>): BuildResult {
  // Pass 0: fragment selection and p99/mean ratios.
  const prelims: Prelim[] = [];
  for (const name of PIPELINES) {
    for (const stage of inputs[name].stages) {
      for (const variant of stage.variants) {
        const uses = selectFragments(variant);
        const ownRatios = uses
          .filter((u) => u.meanMs !== undefined && u.p99Ms !== undefined)
          .map((u) => (u.p99Ms as number) / (u.meanMs as number));
        prelims.push({ pipeline: name, stage, variant, uses, ownRatios });
      }
    }
  }
  // The same model appears in several pipelines with the same fragments: pool each name once.
  const uniqueByName = new Map<string, Prelim>();
  for (const pr of prelims) if (!uniqueByName.has(pr.variant.name)) uniqueByName.set(pr.variant.name, pr);
  // One vote per model, so a model with many fragments does not set everyone's ratio.
  const pooledRatio = median(
    [...uniqueByName.values()].flatMap((u) => (u.ownRatios.length ? [median(u.ownRatios) as number] : [])),
  ) as number;
  const stageRatio = (pr: Prelim): number | undefined =>
    median(prelims.filter((q) => q.pipeline === pr.pipeline && q.stage === pr.stage).flatMap((q) => q.ownRatios));
  const ratioOf = (pr: Prelim): { value: number; source: string } => {
    const own = median(pr.ownRatios);
    if (own !== undefined) return { value: own, source: `median of ${pr.ownRatios.length} own fragment(s) with both p99 and mean` };
    const st = stageRatio(pr);
    if (st !== undefined) return { value: st, source: `median over stage ${pr.stage.name}'s fragments with both p99 and mean` };
    return { value: pooledRatio, source: 'pooled: median over models of their own median ratio (no own or same-stage pair)' };
  };
  // Variants measured only as p99: their mean points are p99 / ratio.
  for (const pr of prelims) {
    if (!pr.uses.some((u) => u.meanMs !== undefined) && pr.uses.some((u) => u.p99Ms !== undefined)) {
      const r = ratioOf(pr).value;
      for (const u of pr.uses) {
        if (u.p99Ms !== undefined) {
          u.meanMs = u.p99Ms / r;
          u.meanFrom = 'p99 / ratio';
          u.use = 'mean+p99';
        }
      }
    }
  }

  // Pass 1: fit the shares each variant's observations identify.
  for (const pr of prelims) {
    const obs = observationsOf(pr.uses);
    if (obs.length === 0) continue;
    const nb = new Set(obs.map((o) => o.b)).size;
    const nc = new Set(obs.map((o) => o.c)).size;
    const f = fitLatency(obs, { phi: nb >= 2 ? undefined : 0.5, p: nc >= 2 ? undefined : 0.5 });
    if (nb >= 2) pr.phi = f.phi;
    if (nc >= 2) pr.p = f.p;
  }
  const uniq = [...uniqueByName.values()];
  const pooledPhi = median(uniq.flatMap((u) => (u.phi === undefined ? [] : [u.phi]))) as number;
  const pooledP = median(uniq.flatMap((u) => (u.p === undefined ? [] : [u.p]))) as number;

  // Pass 2: donors for unidentified shares, then S in closed form.
  const fitted = new Map<Prelim, { params: LatencyParams; sources: VariantFit['paramSources'] }>();
  const siblings = (pr: Prelim): Prelim[] =>
    prelims.filter((q) => q.pipeline === pr.pipeline && q.stage === pr.stage && q !== pr);
  const share = (pr: Prelim, key: 'phi' | 'p', pooled: number): { v: number; src: string } => {
    if (pr[key] !== undefined) return { v: pr[key] as number, src: 'own fragments' };
    const sib = siblings(pr).flatMap((q) => (q[key] === undefined ? [] : [q[key] as number]));
    const m = median(sib);
    if (m !== undefined) return { v: m, src: `median of ${sib.length} same-stage sibling(s)` };
    return { v: pooled, src: 'pooled median over all variants that identify it' };
  };
  for (const pr of prelims) {
    const obs = observationsOf(pr.uses);
    if (obs.length === 0) continue;
    const phi = share(pr, 'phi', pooledPhi);
    const p = share(pr, 'p', pooledP);
    const params = fitLatency(obs, { phi: phi.v, p: p.v });
    fitted.set(pr, {
      params,
      sources: { S: `fitted to ${obs.length} own fragment(s)`, phi: phi.src, p: p.src },
    });
  }

  // Pass 3: variants with no usable fragment: a measured sibling scaled by published relative cost.
  const costOf = (pr: Prelim): Cost | undefined => {
    if (COSTS[pr.variant.name]) return COSTS[pr.variant.name];
    const fig2 = pr.variant.measurements.find((f) => f.latencyMs_fig2 !== undefined);
    if (fig2) {
      return {
        value: fig2.latencyMs_fig2 as number,
        metric: 'IPA Fig. 2 ms',
        source: `${IPA}:experiments/runner/notebooks/paper-fig2-movivation-latency-accuracy-throughput.ipynb`,
      };
    }
    return undefined;
  };
  // Only variants fitted on their own fragments may donate: estimates are never scaled again.
  const measuredFits = new Set(fitted.keys());
  for (const pr of prelims) {
    if (fitted.has(pr)) continue;
    const cost = costOf(pr);
    if (!cost) throw new Error(`${pr.pipeline}/${pr.variant.name}: no fragment and no published cost`);
    const measured = siblings(pr)
      .filter((q) => measuredFits.has(q) && costOf(q))
      .map((q) => ({ q, cost: costOf(q) as Cost }))
      .sort((a, b) => a.cost.value - b.cost.value || a.q.variant.name.localeCompare(b.q.variant.name));
    const lo = [...measured].reverse().find((m) => m.cost.value <= cost.value);
    const hi = measured.find((m) => m.cost.value >= cost.value);
    let params: LatencyParams;
    let how: string;
    if (lo && hi && lo.q !== hi.q) {
      // Geometric interpolation in the published cost between the two bracketing measured siblings:
      // the local exponent comes from IPA's own measurements, the position from the published cost.
      const a = fitted.get(lo.q)!.params;
      const b = fitted.get(hi.q)!.params;
      const t = Math.log(cost.value / lo.cost.value) / Math.log(hi.cost.value / lo.cost.value);
      params = {
        S: Math.exp((1 - t) * Math.log(a.S) + t * Math.log(b.S)),
        phi: (1 - t) * a.phi + t * b.phi,
        p: (1 - t) * a.p + t * b.p,
      };
      how = `interpolated between measured siblings ${lo.q.variant.name} and ${hi.q.variant.name} at t = ${round(t, 3)} of log(${cost.metric}) (${lo.cost.value} / ${cost.value} / ${hi.cost.value}; ${cost.source})`;
    } else {
      let donor = lo ?? hi;
      let donorCost = donor?.cost;
      let why = '';
      if (!donor) {
        const cs = CROSS_STAGE_DONORS[pr.stage.name];
        if (!cs) throw new Error(`${pr.pipeline}/${pr.variant.name}: no measured sibling and no donor`);
        const q = [...measuredFits].find((x) => x.variant.name === cs.variant);
        if (!q) throw new Error(`donor ${cs.variant} is not fitted`);
        donor = { q, cost: costOf(q) as Cost };
        donorCost = donor.cost;
        why = `; cross-stage donor because ${cs.why}`;
      }
      const d = fitted.get(donor.q)!.params;
      const k = cost.value / (donorCost as Cost).value;
      params = { S: d.S * k, phi: d.phi, p: d.p };
      how = `measured sibling ${donor.q.variant.name} scaled by ${round(k, 4)} = ratio of ${cost.metric} (${cost.value} / ${(donorCost as Cost).value}; ${cost.source})${why}`;
    }
    fitted.set(pr, { params, sources: { S: how, phi: how, p: how } });
  }

  // Cores and tables, per pipeline.
  const profiles: Record<string, PipelineProfile> = {};
  const walkRows: WalkRow[] = [];
  const fits: BuildResult['fits'] = {};
  for (const name of PIPELINES) {
    const raw = inputs[name];
    const threshold = parseLeadingNumber(raw.ipaConfig.threshold_rps);
    const cap = Math.max(1, raw.ipaConfig.batching_cap);
    // IPA's load_profile applies the throughput margin before Task.base_allocations reads the
    // throughput, and its throughput is the maximum measured under the profiling load.
    const marginPct = parseLeadingNumber(raw.ipaConfig.throughput_margin_pct);
    const loads = Array.isArray(raw.ipaConfig.profiling_load) ? raw.ipaConfig.profiling_load : raw.stages.map(() => raw.ipaConfig.profiling_load as number);
    // IPA's Task.base_allocations raises when a variant reaches the threshold at no allocation, so
    // its runs prove every variant did. Where our batch-1-only models say one cannot (nlp's
    // opus-mt-fr-en, sum-qa's middle distilbarts), IPA's profiles held measurements we lack (its
    // rule reads every profiled batch, not only those under the batching cap); the pipeline then
    // keeps the rule without margin and cap rather than one its own runs contradict.
    const ipaBasis = raw.stages.map((_stage, si) => ({ marginPct, profilingLoadRps: loads[si] }));
    const consistent = raw.stages.every((stage, si) =>
      prelims.filter((q) => q.pipeline === name && q.stage === stage).every((pr) => reaches(fitted.get(pr)!.params, threshold, cap, ipaBasis[si])),
    );
    const facts = coreFacts(name, raw);
    const stages: StageProfile[] = [];
    const variantFits: VariantFit[] = [];
    for (const [si, stage] of raw.stages.entries()) {
      const prs = prelims.filter((q) => q.pipeline === name && q.stage === stage);
      const basis = consistent ? ipaBasis[si] : { marginPct: 0, profilingLoadRps: Infinity };
      const gain = stageBatchGain(stage.variants);
      // IPA's base allocation walks variants in ascending accuracy with non-decreasing cores.
      const order = [...prs].sort((a, b) => a.variant.accuracyForPAS - b.variant.accuracyForPAS);
      const cores = new Map<Prelim, { c: number; rule: string }>();
      let floor = 1;
      for (const pr of order) {
        const fact = facts.get(pr.variant.name);
        const params = fitted.get(pr)!.params;
        if (fact) {
          cores.set(pr, { c: fact.cores, rule: fact.source });
          floor = Math.max(floor, fact.cores);
          continue;
        }
        const c = chooseCores(params, threshold, cap, floor, basis);
        cores.set(pr, {
          c: c.c,
          rule: consistent
            ? `smallest c in {${CORE_GRID.join(',')}} with c >= ${floor} (cores of the less accurate variants) where one replica sustains threshold_rps = ${threshold} at a batch <= ${cap}, with throughput min(b / latency, profiling_load ${basis.profilingLoadRps} rps) x (1 ${marginPct < 0 ? '-' : '+'} ${Math.abs(marginPct)}%) as IPA's load_profile gives it to Task.base_allocations${c.note}`
            : `smallest c in {${CORE_GRID.join(',')}} with c >= ${floor} (cores of the less accurate variants) where one replica sustains threshold_rps = ${threshold} at a batch <= ${cap}; without IPA's throughput margin and profiling-load cap, since with them some variant of this pipeline reaches the threshold at no core count, which IPA's runs rule out${c.note}`,
        });
        floor = Math.max(floor, c.c);
      }
      // IPA's own walk on the same numbers, reported next to the shipped cores (not shipped).
      const batches = profiledBatches(stage, cap);
      const walked = baseAllocationWalk(
        order.map((pr) => ({ fact: facts.get(pr.variant.name)?.cores, sustains: (c: number) => sustainedBatches(fitted.get(pr)!.params, threshold, batches, c, basis) })),
      );
      order.forEach((pr, k) => walkRows.push({ pipeline: name, stage: stage.name, variant: pr.variant.name, shipped: cores.get(pr)!.c, walk: walked[k].c, batches }));
      const variants: VariantProfile[] = [];
      for (const pr of prs) {
        const f = fitted.get(pr)!;
        const ratio = ratioOf(pr);
        const { c, rule } = cores.get(pr)!;
        const lat: Record<string, number> = {};
        const p99: Record<string, number> = {};
        const energy: Record<string, number> = {};
        for (const b of SHIP_BATCHES) {
          const m = modelLatencyMs(f.params, b, c);
          lat[String(b)] = round(m, 2);
          p99[String(b)] = round(m * ratio.value, 2);
          // From the shipped (rounded) latency, so a reader can redo it from the file alone.
          energy[String(b)] = derivedBatchEnergyJ(c, lat[String(b)]);
        }
        const thr = throughputTable(pr.variant, c, lat, stage, loads[si], gain, name);
        const pm = PARAMS_M[pr.variant.name];
        if (!pm) throw new Error(`no parameter count for ${pr.variant.name}`);
        const startupS = round(STARTUP_CONTAINER_S + (pm.value * 4) / STARTUP_LOAD_MB_PER_S, 1);
        for (const u of pr.uses) {
          if (u.meanMs !== undefined) {
            u.fittedMeanMs = round(modelLatencyMs(f.params, u.batch as number, u.cores as number), 2);
            u.meanErrPct = round((100 * (u.fittedMeanMs - u.meanMs)) / u.meanMs, 1);
            u.meanMs = round(u.meanMs, 2);
          }
          if (u.p99Ms !== undefined) {
            u.fittedP99Ms = round(modelLatencyMs(f.params, u.batch as number, u.cores as number) * ratio.value, 2);
            u.p99ErrPct = round((100 * (u.fittedP99Ms - u.p99Ms)) / u.p99Ms, 1);
          }
        }
        const ownCount = pr.uses.filter((u) => u.meanMs !== undefined).length;
        const modelText = `L(b,c) = S(phi + (1-phi)b)((1-p) + p/c) with S = ${round(f.params.S, 2)} ms, phi = ${round(f.params.phi, 3)}, p = ${round(f.params.p, 3)}, evaluated at c = ${c}`;
        const latencyMethod =
          ownCount > 0
            ? `${modelText}; S ${f.sources.S}, phi from ${f.sources.phi}, p from ${f.sources.p}; fragments and errors in profiles/ipa/fits/${name}.json`
            : `${modelText}; ${f.sources.S}`;
        const provenance: Record<string, Provenance> = {
          accuracy: {
            kind: 'measured',
            source: `${IPA}:data/configs/accuracies.yaml (${stage.accuracyMetric}: ${pr.variant.accuracy}), as IPA's accuracyForPAS`,
          },
          cores: { kind: 'derived', method: rule },
          latencyMs: { kind: 'derived', method: latencyMethod },
          latencyP99Ms: {
            kind: 'derived',
            method: `latencyMs x ${round(ratio.value, 4)} (p99/mean ratio: ${ratio.source})`,
          },
          energyJ: { kind: 'derived', method: energyMethod(c) },
          ...(thr ? { maxThroughputRps: { kind: 'derived' as const, method: thr.method } } : {}),
          startupS: {
            kind: 'derived',
            method: `${STARTUP_CONTAINER_S} s container start + fp32 weights (${pm.value} M params x 4 B; ${pm.source}) at ${STARTUP_LOAD_MB_PER_S} MB/s`,
          },
          memoryMB: {
            kind: 'derived',
            method: `IPA's configured memory request per container (memory_request: 4Gi in ${IPA}:data/configs/final/*.yaml), not a measured footprint`,
          },
        };
        variants.push({
          name: pr.variant.name,
          accuracy: pr.variant.accuracyForPAS,
          cores: c,
          latencyMs: lat,
          latencyP99Ms: p99,
          energyJ: energy,
          ...(thr ? { maxThroughputRps: thr.table } : {}),
          startupS,
          memoryMB: stage.memoryRequestMBe2e,
          provenance,
        });
        variantFits.push({
          stage: stage.name,
          variant: pr.variant.name,
          accuracy: pr.variant.accuracyForPAS,
          params: { S: round(f.params.S, 4), phi: round(f.params.phi, 4), p: round(f.params.p, 4) },
          paramSources: f.sources,
          p99Ratio: round(ratio.value, 4),
          p99RatioSource: ratio.source,
          cores: c,
          coresRule: rule,
          startupS,
          fragments: pr.uses,
        });
      }
      stages.push({ name: stage.name, variants });
    }
    profiles[name] = {
      name,
      slaMs: raw.slaMs,
      dropLimitS: raw.ipaConfig.drop_limit_s,
      description: describe(name, raw),
      sources: [
        `${IPA} (accuracies: data/configs/accuracies.yaml; SLA: ${raw.slaSource.split(':')[1]?.split(' ')[0] ?? 'paper notebooks'}; run settings: data/configs/final/*.yaml; latency fragments: experiments/profiling notebooks, listed in profiles/ipa/raw/${name}.json)`,
        'Published relative costs: Ultralytics YOLOv5 README; torchvision model cards; IPA paper Fig. 2; sshleifer distilbart and fairseq S2T model cards',
        'Completion method: infersim profiles/README.md and scripts/build-ipa-profiles.ts; fitted parameters and errors per fragment: profiles/ipa/fits/' + name + '.json',
      ],
      stages,
    };
    fits[name] = {
      pipeline: name,
      model: 'L(b,c) = S (phi + (1 - phi) b) ((1 - p) + p / c); p99 = ratio x L',
      pooled: { p99Ratio: round(pooledRatio, 4), phi: round(pooledPhi, 4), p: round(pooledP, 4) },
      variants: variantFits,
    };
  }
  return { profiles, fits, readmeTables: renderTables(profiles, fits), walk: walkRows };
}

// ---------------------------------------------------------------------------------------------
// Measured maximum throughput per batch (what IPA's optimizer planned with)
// ---------------------------------------------------------------------------------------------

/** A measured maximum throughput a shipped table entry may use (see {@link ownThroughput}). */
interface ThroughputPoint {
  rps: number;
  series: number | null;
  loadRps: number;
}

/**
 * The variant's own measured maximum throughput at `cores` and batch `b`, as IPA's `load_profile`
 * read it (`throughput_max` at the run's `profiling_load`): a fragment of the stage's profiling
 * series (the one IPA's end-to-end runs loaded; other series were separate experiments, e.g. video's
 * series 100 measured yolov5n 3x slower than series 70 and 74, and only enter the stage's batch
 * gain) at that load, or a saturated one (below {@link SATURATION_SHARE} of its load: the replica
 * set the rate, so any higher load measures the same). Prefers the run's load, then the highest.
 */
export function ownThroughput(v: RawVariant, cores: number, b: number, stage: RawStage, loadRps: number): ThroughputPoint | undefined {
  const usable = v.measurements.flatMap((f) =>
    f.throughputMaxRps !== undefined && f.series === stage.profilingSeries && f.cores === cores && f.batch === b && f.profilingLoadRps !== null &&
    (f.profilingLoadRps === loadRps || f.throughputMaxRps < SATURATION_SHARE * f.profilingLoadRps)
      ? [{ rps: f.throughputMaxRps, series: f.series, loadRps: f.profilingLoadRps }]
      : [],
  );
  return usable.sort((x, y) => (x.loadRps === loadRps ? 0 : 1) - (y.loadRps === loadRps ? 0 : 1) || y.loadRps - x.loadRps)[0];
}

/** A stage's measured batch gain `thr(b) / thr(1)` per shipped batch, with what it rests on. */
export interface BatchGain {
  gain: Map<number, number>;
  from: string[];
}

/**
 * The measured batch gain of a stage's models: for each (model, cores) with saturated maximum
 * throughputs at batch 1 and at other shipped batches of one series and load (the highest such
 * load), `thr(b) / thr(1)`; one vote per (model, cores), median per batch. Only saturated
 * fragments count, since a load-bound maximum says only that the gain is at least that.
 */
export function stageBatchGain(variants: readonly RawVariant[]): BatchGain {
  const votes = new Map<number, number[]>();
  const from: string[] = [];
  const seen = new Set<string>();
  for (const v of variants) {
    const sat = v.measurements.filter(
      (f) => f.throughputMaxRps !== undefined && f.cores !== null && f.batch !== null && f.profilingLoadRps !== null && f.throughputMaxRps < SATURATION_SHARE * f.profilingLoadRps && (SHIP_BATCHES as readonly number[]).includes(f.batch),
    );
    const groups = new Map<string, typeof sat>();
    for (const f of sat) {
      const k = `${f.cores}/${f.series}/${f.profilingLoadRps}`;
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    const byCores = new Map<number, typeof sat>();
    for (const g of groups.values()) {
      if (!g.some((f) => f.batch === 1) || !g.some((f) => f.batch !== 1)) continue;
      const c = g[0].cores as number;
      const prev = byCores.get(c);
      if (!prev || (g[0].profilingLoadRps as number) > (prev[0].profilingLoadRps as number)) byCores.set(c, g);
    }
    for (const [c, g] of byCores) {
      if (seen.has(`${v.name}/${c}`)) continue;
      seen.add(`${v.name}/${c}`);
      const one = g.find((f) => f.batch === 1)!.throughputMaxRps as number;
      const parts: string[] = [];
      for (const f of g.filter((x) => x.batch !== 1).sort((x, y) => (x.batch as number) - (y.batch as number))) {
        const r = (f.throughputMaxRps as number) / one;
        votes.set(f.batch as number, [...(votes.get(f.batch as number) ?? []), r]);
        parts.push(`g(${f.batch}) = ${round(r, 3)}`);
      }
      from.push(`${v.name} on ${c} core(s), series ${g[0].series} at ${g[0].profilingLoadRps} rps: ${parts.join(', ')}`);
    }
  }
  return { gain: new Map([...votes].map(([b, xs]) => [b, median(xs) as number])), from };
}

/**
 * The gain at batch `b`: the measured median where there is one, linear in `b` between measured
 * batches (and batch 1, gain 1), `undefined` above the largest measured batch.
 */
function gainAt(g: BatchGain, b: number): number | undefined {
  if (b === 1) return 1;
  if (g.gain.has(b)) return g.gain.get(b);
  const pts = [[1, 1], ...[...g.gain].sort((x, y) => x[0] - y[0])];
  const hi = pts.findIndex(([x]) => x > b);
  if (hi <= 0) return undefined;
  const [b0, g0] = pts[hi - 1];
  const [b1, g1] = pts[hi];
  return g0 + ((g1 - g0) * (b - b0)) / (b1 - b0);
}

/**
 * A variant's `maxThroughputRps` at its shipped cores: its own measured maximum where it has one
 * ({@link ownThroughput}); otherwise its batch-1 throughput (own measured, else `1000 / latency(1)`)
 * times the stage's measured batch gain ({@link stageBatchGain}), or times the latency model's own
 * gain `b L(1) / L(b)` where the stage has no measured gain at or above `b`. `undefined` when nothing
 * measured enters it (the table would only repeat `b / latency`).
 */
export function throughputTable(
  v: RawVariant,
  cores: number,
  lat: Record<string, number>,
  stage: RawStage,
  loadRps: number,
  gain: BatchGain,
  pipeline: string,
): { table: Record<string, number>; method: string } | undefined {
  const own = new Map(SHIP_BATCHES.map((b) => [b as number, ownThroughput(v, cores, b, stage, loadRps)]));
  const byGain = SHIP_BATCHES.filter((b) => !own.get(b) && b > 1 && gainAt(gain, b) !== undefined);
  if (![...own.values()].some(Boolean) && byGain.length === 0) return undefined;
  const one = own.get(1);
  const base = one ? one.rps : 1000 / lat['1'];
  const table: Record<string, number> = {};
  const parts: string[] = [];
  for (const b of SHIP_BATCHES) {
    const o = own.get(b);
    const g = gainAt(gain, b);
    if (o) {
      table[String(b)] = round(o.rps, 3);
      parts.push(`b=${b}: measured ${o.rps} (series ${o.series}, ${cores} core(s), load ${o.loadRps} rps)`);
    } else if (b === 1) {
      table['1'] = round(base, 3);
      parts.push(`b=1: 1000 / latencyMs(1) (no measured maximum)`);
    } else if (g !== undefined) {
      table[String(b)] = round(base * g, 3);
      parts.push(`b=${b}: b=1 value x stage gain ${round(g, 3)}`);
    } else {
      const modelGain = (b * lat['1']) / lat[String(b)];
      table[String(b)] = round(base * modelGain, 3);
      parts.push(`b=${b}: b=1 value x the latency model's gain b L(1) / L(b) = ${round(modelGain, 3)} (no measured gain at this batch)`);
    }
  }
  const gainText = gain.from.length ? `; stage gain g(b) = thr(b) / thr(1), median over ${gain.from.join('; ')}` : '';
  return {
    table,
    method: `IPA's planner throughput (reference_throughput: max at profiling_load ${loadRps} rps, ${IPA}:experiments/utils/simulation_operations.py load_profile): ${parts.join('; ')}${gainText}; raw fragments in profiles/ipa/raw/${pipeline}.json`,
  };
}

/** Cores per replica that IPA's run configurations state, by variant name. */
function coreFacts(name: string, raw: RawPipeline): Map<string, { cores: number; source: string }> {
  const out = new Map<string, { cores: number; source: string }>();
  const add = (variants: string[], cores: number[], source: string): void => {
    variants.forEach((v, i) => {
      if (!out.has(v) && cores[i] !== undefined) out.set(v, { cores: cores[i], source });
    });
  };
  for (const f of BASE_ALLOCATION_FACTS[name] ?? []) add(f.variants, f.cores, `IPA's base allocation, derived from its runs: ${f.source}`);
  // Baselines sorted by name so the first-recorded source is stable.
  for (const key of Object.keys(raw.ipaConfig.baselines).sort()) {
    const bl = raw.ipaConfig.baselines[key];
    const vs = bl.variants ?? bl.initial_variants;
    if (vs && bl.initial_cpu) add(vs, bl.initial_cpu, `IPA run configuration: ${key} baseline initial_cpu ${JSON.stringify(bl.initial_cpu)} for ${JSON.stringify(vs)} (ipaConfig.baselines)`);
  }
  for (const f of EXTRA_CORE_FACTS[name] ?? []) add(f.variants, f.cores, `IPA run configuration: ${f.source}`);
  return out;
}

/**
 * IPA's base-allocation rule on the fitted model: the smallest core count, not below the cores of the
 * less accurate variants, at which one replica sustains the run's RPS threshold at some batch size up
 * to the batching cap. If none does, the core count with the best throughput. The throughput is the
 * one IPA's rule read (`basis`): capped at the profiling load (its maximum measured throughput could
 * not exceed the offered load) and with the run's throughput margin applied, as `load_profile` does.
 */
export function chooseCores(
  m: LatencyParams,
  thresholdRps: number,
  cap: number,
  floor: number,
  basis: { marginPct: number; profilingLoadRps: number } = { marginPct: 0, profilingLoadRps: Infinity },
): { c: number; note: string } {
  const factor = 1 + basis.marginPct / 100;
  const thr = (c: number): number =>
    Math.max(...SHIP_BATCHES.filter((b) => b <= cap).map((b) => Math.min((1000 * b) / modelLatencyMs(m, b, c), basis.profilingLoadRps) * factor));
  const candidates = CORE_GRID.filter((c) => c >= floor);
  for (const c of candidates) if (thr(c) >= thresholdRps) return { c, note: '' };
  const c = candidates[candidates.length - 1] ?? floor;
  return { c, note: `; none reaches it, so the largest (${c})` };
}

/**
 * The batch sizes IPA's base-allocation rule counts for a stage: `Task.base_allocations` reads every
 * batch size the stage's profiling series measured, whatever the run's batching cap. The series are
 * not public. Where the surviving fragments of the series show batches above 1, it is taken to have
 * swept the powers of two as IPA's profiling series do where they survive whole (nlp-li, series 98:
 * 1-64), so all shipped sizes 1-8 count; where they show batch 1 only (the speech, translation and
 * summarisation series, each at several core counts), batch 1; with no fragment, the sizes up to
 * the batching cap.
 */
export function profiledBatches(stage: RawStage, cap: number): number[] {
  const known = new Set(stage.variants.flatMap((v) => v.measurements.flatMap((f) => (f.batch !== null && f.series === stage.profilingSeries ? [f.batch] : []))));
  if ([...known].some((b) => b > 1)) return [...SHIP_BATCHES];
  if (known.has(1)) return [1];
  return SHIP_BATCHES.filter((b) => b <= cap);
}

/**
 * How many of `batches` one replica of `c` cores sustains at `thresholdRps` (IPA's
 * `allocation_num_sustains`), with the throughput IPA's rule read (`basis`): capped at the profiling
 * load (its maximum measured throughput could not exceed the offered load) and with the run's
 * throughput margin applied, as `load_profile` does. IPA also requires the p99 at that batch to stay
 * under the task's SLA, derived from its unpublished full profiles; that check is left out.
 */
export function sustainedBatches(
  m: LatencyParams,
  thresholdRps: number,
  batches: readonly number[],
  c: number,
  basis: { marginPct: number; profilingLoadRps: number } = { marginPct: 0, profilingLoadRps: Infinity },
): number {
  const factor = 1 + basis.marginPct / 100;
  return batches.filter((b) => Math.min((1000 * b) / modelLatencyMs(m, b, c), basis.profilingLoadRps) * factor >= thresholdRps).length;
}

/**
 * IPA's `Task.base_allocations` walk (`optimizer/models.py`), on `variants` in ascending accuracy:
 * one index into `grid` that only moves up; the least accurate variant takes the smallest core count
 * at which it sustains the threshold at some batch (`sustains(c) > 0`); each next variant first moves
 * the index one up if the next core count sustains more batch sizes than the current, then moves it
 * up while the current sustains none. A variant with a stated base allocation (`fact`, from IPA's
 * runs) keeps it and moves the index to it (never down). Where a variant sustains none even at the
 * largest core count (IPA's code raises there) it gets the largest, with a note.
 *
 * Not what the shipped cores use ({@link chooseCores}: the smallest count sustaining any batch up
 * to the cap): on the fitted numbers the walk gives video's yolov5m, yolov5l and yolov5x more cores,
 * and the heterogeneous profiles copy video's CPU profiles, so adopting it waits for a change that
 * rebuilds and reruns those too (`scripts/ipa-base-allocation-walk.ts` prints the comparison).
 */
export function baseAllocationWalk(variants: readonly { sustains: (c: number) => number; fact?: number }[], grid: readonly number[] = CORE_GRID): { c: number; note: string }[] {
  const out: { c: number; note: string }[] = [];
  let i = 0;
  const last = grid.length - 1;
  variants.forEach((v, k) => {
    if (v.fact !== undefined) {
      const at = grid.findIndex((g) => g >= (v.fact as number));
      i = Math.max(i, at < 0 ? last : at);
      out.push({ c: v.fact, note: '' });
      return;
    }
    if (k > 0 && i < last && v.sustains(grid[i + 1]) > v.sustains(grid[i])) i++;
    while (i < last && v.sustains(grid[i]) === 0) i++;
    out.push({ c: grid[i], note: v.sustains(grid[i]) === 0 ? `; none reaches it, so the largest (${grid[i]})` : '' });
  });
  return out;
}

/** The variants whose shipped cores differ from IPA's walk, as a markdown table with a count line. */
export function renderWalkTable(walk: readonly WalkRow[]): string {
  const differ = walk.filter((r) => r.shipped !== r.walk);
  return [
    '| pipeline | stage | variant | shipped cores | IPA walk | batches counted |',
    '|---|---|---|---:|---:|---|',
    ...differ.map((r) => `| ${r.pipeline} | ${r.stage} | ${r.variant} | ${r.shipped} | ${r.walk} | ${r.batches.join(', ')} |`),
    '',
    `${differ.length} of ${walk.length} variants differ.`,
    '',
  ].join('\n');
}

/** Whether some core count in the grid lets one replica sustain `thresholdRps` (IPA's rule's test, on `basis`). */
function reaches(m: LatencyParams, thresholdRps: number, cap: number, basis: { marginPct: number; profilingLoadRps: number }): boolean {
  const factor = 1 + basis.marginPct / 100;
  return CORE_GRID.some((c) => SHIP_BATCHES.filter((b) => b <= cap).some((b) => Math.min((1000 * b) / modelLatencyMs(m, b, c), basis.profilingLoadRps) * factor >= thresholdRps));
}

function describe(name: string, raw: RawPipeline): string {
  const stages = raw.stages.map((s) => `${s.name} (${s.variants.length} variants, ${s.accuracyMetric})`).join(' -> ');
  return (
    `IPA's ${name} pipeline: ${stages}. SLA ${raw.slaMs} ms and drop limit ${raw.ipaConfig.drop_limit_s} s as in IPA's runs; ` +
    `IPA's batching cap was ${raw.ipaConfig.batching_cap}, batches 1-8 are shipped so batching can be explored. ` +
    'Accuracies are IPA\'s; latencies, cores and start-up times are completed from IPA\'s surviving profiling fragments ' +
    'by the method in profiles/README.md (every field carries its provenance). Energy per batch is derived from latency and cores ' +
    'on a reference server (dynamic CPU-package energy only; IPA published no energy).'
  );
}

// ---------------------------------------------------------------------------------------------
// README tables
// ---------------------------------------------------------------------------------------------

const short = (s: string): string =>
  s.replace('sshleifer-distilbart-', '').replace('facebook-', '').replace('-librispeech-asr', '').replace('Helsinki-NLP-', '');

function shortSource(s: string): string {
  if (s.startsWith('own')) return 'own';
  if (s.startsWith('fitted')) return 'own';
  if (s.startsWith('median of')) return 'siblings';
  if (s.startsWith('pooled')) return 'pooled';
  if (s.startsWith('interpolated')) return 'interp.';
  return 'scaled';
}

/** Markdown tables of the results and of the error per fragment, for profiles/README.md. */
export function renderTables(profiles: Record<string, PipelineProfile>, fits: BuildResult['fits']): string {
  const lines: string[] = [];
  lines.push('### Resulting profiles (batch 1 at the chosen cores)', '');
  lines.push('| pipeline | stage | variant | accuracy | cores | mean b=1 (ms) | p99 b=1 (ms) | mean b=8 (ms) | S (ms) | phi | p | S/phi/p from | start-up (s) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const name of PIPELINES) {
    for (const vf of fits[name].variants) {
      const v = profiles[name].stages.find((s) => s.name === vf.stage)!.variants.find((x) => x.name === vf.variant)!;
      const src = `${shortSource(vf.paramSources.S)}/${shortSource(vf.paramSources.phi)}/${shortSource(vf.paramSources.p)}`;
      lines.push(
        `| ${name} | ${vf.stage} | ${short(vf.variant)} | ${v.accuracy} | ${v.cores} | ${v.latencyMs['1']} | ${v.latencyP99Ms!['1']} | ${v.latencyMs['8']} | ${round(vf.params.S, 1)} | ${vf.params.phi} | ${vf.params.p} | ${src} | ${v.startupS} |`,
      );
    }
  }
  lines.push('');
  lines.push('### Derived energy (dynamic J per batch on the reference server)', '');
  lines.push(
    `energyJ[b] = cores x ${REFERENCE_CORE_W} W x latencyMs[b] / 1000 (method in "Derived energy" above); J/request = energyJ[b] / b.`,
    '',
  );
  lines.push('| pipeline | stage | variant | cores | J b=1 | J b=2 | J b=4 | J b=8 | J/request b=1 | J/request b=8 |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const name of PIPELINES) {
    for (const s of profiles[name].stages) {
      for (const v of s.variants) {
        const e = v.energyJ!;
        lines.push(
          `| ${name} | ${s.name} | ${short(v.name)} | ${v.cores} | ${e['1']} | ${e['2']} | ${e['4']} | ${e['8']} | ${round(e['1'], 3)} | ${round(e['8'] / 8, 3)} |`,
        );
      }
    }
  }
  lines.push('');
  // Fragments: each model once (the same fragments appear in several pipelines).
  const seen = new Set<string>();
  const rowsMean: string[] = [];
  const rowsP99: string[] = [];
  const errsMean: number[] = [];
  const errsP99: number[] = [];
  for (const name of PIPELINES) {
    for (const vf of fits[name].variants) {
      if (seen.has(vf.variant)) continue;
      seen.add(vf.variant);
      for (const u of vf.fragments) {
        const at = `${u.series} | ${u.cores} | ${u.batch} | ${u.loadRps}`;
        if (u.meanErrPct !== undefined && u.meanFrom !== 'p99 / ratio') {
          errsMean.push(Math.abs(u.meanErrPct));
          rowsMean.push(`| ${short(vf.variant)} | ${at} | ${u.meanFrom === 'latencyAvgMs' ? 'avg' : 'thr'} | ${u.meanMs} | ${u.fittedMeanMs} | ${u.meanErrPct} |`);
        }
        if (u.p99ErrPct !== undefined) {
          errsP99.push(Math.abs(u.p99ErrPct));
          rowsP99.push(`| ${short(vf.variant)} | ${at} | ${u.p99Ms} | ${u.fittedP99Ms} | ${u.p99ErrPct} |`);
        }
      }
    }
  }
  const stats = (xs: number[]): string =>
    `${xs.length} fragments, median |error| ${round(median(xs) ?? 0, 1)} %, max ${round(Math.max(...xs), 1)} %, ${xs.filter((x) => x <= 15).length} within 15 %`;
  lines.push('### Fitted vs measured: mean latency', '');
  lines.push(`Summary: ${stats(errsMean)}. "avg" = latencyAvgMs, "thr" = 1000 b / saturated throughputMaxRps.`, '');
  lines.push('| variant | series | cores | batch | load (rps) | from | measured (ms) | fitted (ms) | error % |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  lines.push(...rowsMean, '');
  lines.push('### Fitted vs measured: p99 latency', '');
  lines.push(`Summary: ${stats(errsP99)}. Fitted p99 = fitted mean x the variant's p99/mean ratio.`, '');
  lines.push('| variant | series | cores | batch | load (rps) | measured (ms) | fitted (ms) | error % |');
  lines.push('|---|---|---|---|---|---|---|---|');
  lines.push(...rowsP99);
  return lines.join('\n');
}

/** Markers around the generated part of profiles/README.md. */
export const README_BEGIN = '<!-- BEGIN GENERATED by scripts/build-ipa-profiles.ts: do not edit by hand -->';
export const README_END = '<!-- END GENERATED -->';

/** `readme` with the text between the markers replaced by `tables`. */
export function spliceReadme(readme: string, tables: string): string {
  const i = readme.indexOf(README_BEGIN);
  const j = readme.indexOf(README_END);
  if (i < 0 || j < i) throw new Error('profiles/README.md lacks the GENERATED markers');
  return `${readme.slice(0, i + README_BEGIN.length)}\n\n${tables}\n\n${readme.slice(j)}`;
}

/** JSON as written to disk: two-space indent and a final newline. */
export function toJson(x: unknown): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..');
  const inputDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'profiles-ipa'));
  const outDir = join(root, 'profiles', 'ipa');
  for (const d of [outDir, join(outDir, 'raw'), join(outDir, 'fits')]) mkdirSync(d, { recursive: true });
  const result = buildProfiles(readInputs(inputDir));
  for (const name of PIPELINES) {
    const rawOut = join(outDir, 'raw', `${name}.json`);
    // Rebuilding from the shipped raw copies must not copy a file onto itself.
    if (resolve(join(inputDir, `${name}.json`)) !== resolve(rawOut)) copyFileSync(join(inputDir, `${name}.json`), rawOut);
    writeFileSync(join(outDir, `${name}.json`), toJson(result.profiles[name]));
    writeFileSync(join(outDir, 'fits', `${name}.json`), toJson(result.fits[name]));
  }
  const readmePath = join(root, 'profiles', 'README.md');
  if (existsSync(readmePath)) {
    writeFileSync(readmePath, spliceReadme(readFileSync(readmePath, 'utf8'), result.readmeTables));
  } else {
    console.warn('profiles/README.md not found: tables not written');
  }
  console.log(`wrote ${PIPELINES.length} profiles from ${inputDir} to ${outDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
