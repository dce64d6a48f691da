import type { AccuracyMethod } from './solvers/types.js';

/** How IPA ran one bundled pipeline: its own settings and its baselines' frozen knobs. */
export interface IpaPipelineRun {
  /** IPA's objective and margins in the paper's revision runs (`ipaConfig.revision` of the profiles). */
  settings: {
    alpha: number;
    beta: number;
    gamma: number;
    accuracyMethod: AccuracyMethod;
    normalizeAccuracy: boolean;
    batchingCap: number;
    predictorMarginPct: number;
    latencyMarginPct: number;
    throughputMarginPct: number;
    /**
     * IPA's `profiling_load` (one per stage): its planner's per-replica throughput was the maximum
     * measured under that offered load (`reference_throughput: max`), so never above it.
     */
    throughputCapRps: number[];
  };
  /** FA2-low: IPA's program with these variants frozen (the lightest ones). */
  fa2Low: string[];
  /** FA2-high: IPA's program with these (heavier) variants frozen. */
  fa2High: string[];
  /** RIM: IPA's program with these replica counts frozen (peak-sized). */
  rimReplicas: number[];
}

/**
 * IPA's per-pipeline run settings and baseline configurations, keyed by bundled pipeline name.
 * Source: `reconfigurable-ml-pipeline/ipa@e1f08dd` `data/configs/final/*.yaml` and the paper-revision
 * notebooks, as collected in the profiles' `ipaConfig` (shared/profiles-ipa). Where IPA varied a
 * value between runs, the value of most runs is kept (`throughputCapRps` is each run file's
 * `profiling_load`: video, audio 20; sum-qa 10; nlp 20, 10, 10): audio-qa alpha 10 (20 in its bursty and
 * fluctuating IPA runs), nlp alpha 40 (100 there); RIM replicas of the bursty / steady-high /
 * fluctuating runs (audio-qa [20, 5] and audio-sent [20, 5] in steady-low).
 */
export const ipaPipelineRuns: Record<string, IpaPipelineRun> = {
  video: {
    // The video pipeline's original-paper settings (sum of rank-normalised accuracies); the revision
    // used alpha 2, beta 1 with the product of raw accuracies.
    settings: {
      alpha: 2,
      beta: 1,
      gamma: 1e-6,
      accuracyMethod: 'sum',
      normalizeAccuracy: true,
      batchingCap: 8,
      predictorMarginPct: 0,
      latencyMarginPct: 0,
      throughputMarginPct: 0,
      throughputCapRps: [20, 20],
    },
    fa2Low: ['yolov5n', 'resnet18'],
    fa2High: ['yolov5s', 'resnet101'],
    rimReplicas: [3, 3],
  },
  'audio-qa': {
    settings: {
      alpha: 10,
      beta: 0.5,
      gamma: 1e-6,
      accuracyMethod: 'product',
      normalizeAccuracy: true,
      batchingCap: 1,
      predictorMarginPct: 20,
      latencyMarginPct: 100,
      throughputMarginPct: -50,
      throughputCapRps: [20, 20],
    },
    fa2Low: ['facebook-s2t-small-librispeech-asr', 'deepset-xlm-roberta-base-squad2'],
    fa2High: ['facebook-s2t-medium-librispeech-asr', 'deepset-roberta-base-squad2'],
    rimReplicas: [27, 6],
  },
  'audio-sent': {
    settings: {
      alpha: 30,
      beta: 0.5,
      gamma: 1e-6,
      accuracyMethod: 'product',
      normalizeAccuracy: true,
      batchingCap: 1,
      predictorMarginPct: 20,
      latencyMarginPct: 100,
      throughputMarginPct: -50,
      throughputCapRps: [20, 20],
    },
    fa2Low: ['facebook-s2t-small-librispeech-asr', 'Souvikcmsa-SentimentAnalysisDistillBERT'],
    fa2High: ['facebook-s2t-medium-librispeech-asr', 'distilbert-base-uncased-finetuned-sst-2-english'],
    rimReplicas: [27, 5],
  },
  'sum-qa': {
    settings: {
      alpha: 10,
      beta: 0.5,
      gamma: 1e-6,
      accuracyMethod: 'product',
      normalizeAccuracy: true,
      batchingCap: 1,
      predictorMarginPct: 0,
      latencyMarginPct: 0,
      throughputMarginPct: -50,
      throughputCapRps: [10, 10],
    },
    fa2Low: ['sshleifer-distilbart-xsum-1-1', 'deepset-xlm-roberta-base-squad2'],
    fa2High: ['sshleifer-distilbart-xsum-12-6', 'deepset-roberta-base-squad2'],
    rimReplicas: [12, 8],
  },
  nlp: {
    settings: {
      alpha: 40,
      beta: 0.5,
      gamma: 1e-6,
      accuracyMethod: 'product',
      normalizeAccuracy: true,
      batchingCap: 1,
      predictorMarginPct: 0,
      latencyMarginPct: 0,
      throughputMarginPct: -50,
      throughputCapRps: [20, 10, 10],
    },
    fa2Low: [
      'dinalzein-xlm-roberta-base-finetuned-language-identification',
      'Helsinki-NLP-opus-mt-fr-en',
      'sshleifer-distilbart-xsum-1-1',
    ],
    fa2High: [
      'dinalzein-xlm-roberta-base-finetuned-language-identification',
      'Helsinki-NLP-opus-mt-tc-big-fr-en',
      'sshleifer-distilbart-xsum-12-6',
    ],
    rimReplicas: [6, 22, 12],
  },
};

/**
 * IPA's run for a pipeline, if it is one of the bundled five (matched by name and stage count, so a
 * user's pipeline that happens to be called "video" but differs is not given IPA's baselines).
 */
export function ipaRunFor(pipeline: { name?: string; stages: readonly { variants: readonly { name: string }[] }[] }): IpaPipelineRun | undefined {
  const run = pipeline.name !== undefined && Object.hasOwn(ipaPipelineRuns, pipeline.name) ? ipaPipelineRuns[pipeline.name] : undefined;
  if (!run || run.fa2Low.length !== pipeline.stages.length) return undefined;
  const has = (names: string[]) => names.every((n, s) => pipeline.stages[s].variants.some((v) => v.name === n));
  return has(run.fa2Low) && has(run.fa2High) ? run : undefined;
}

/**
 * The policy options of a bundled pipeline as IPA ran it: objective weights, accuracy method,
 * batching cap and margins, with a predictor (default IPA's LSTM with the pipeline's predictor
 * margin). The baselines take the same options, since IPA ran them as modes of its own program.
 *
 * ```ts
 * simulate({ ..., pipeline: 'sum-qa', policy: { name: 'ipa', ...ipaRunOptions('sum-qa') } });
 * ```
 */
export function ipaRunOptions(pipeline: string, predictor?: unknown): Record<string, unknown> {
  const s = ipaPipelineRuns[pipeline].settings;
  return {
    alpha: s.alpha,
    beta: s.beta,
    gamma: s.gamma,
    accuracyMethod: s.accuracyMethod,
    normalizeAccuracy: s.normalizeAccuracy,
    batchingCap: s.batchingCap,
    latencyMarginPct: s.latencyMarginPct,
    throughputMarginPct: s.throughputMarginPct,
    throughputCapRps: s.throughputCapRps,
    predictor: predictor ?? { type: 'lstm', marginPct: s.predictorMarginPct },
  };
}
