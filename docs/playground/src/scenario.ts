/**
 * The playground's scenarios: what the page runs for a choice of pipeline, workload and policy.
 * Pure and browser-safe; the browser test imports it to run the same scenario in Node.
 */
import { bundledPipelines, bundledWorkloads, latencyP99Ms, profiledBatches, throughputRps } from '../../../src/index.js';
import type { PipelineConfig, PipelineProfile, Scenario, VariantProfile } from '../../../src/index.js';

/** How a static configuration picks each stage's variant. */
export type StaticSizing = 'lightest' | 'middle' | 'accurate';

/** What a reader picks on the page. */
export interface PlaygroundChoice {
  pipeline: string;
  workload: string;
  policy: string;
  seed: number;
  /** For the `static` policy: which variant each stage runs (default `middle`). */
  sizing?: StaticSizing;
}

/** Highest mean rate over any `windowS` consecutive seconds: the load a static configuration must carry. */
export function peakRate(rps: readonly number[], windowS = 10): number {
  let best = 0;
  let sum = 0;
  for (let i = 0; i < rps.length; i++) {
    sum += rps[i];
    if (i >= windowS) sum -= rps[i - windowS];
    best = Math.max(best, sum / Math.min(i + 1, windowS));
  }
  return best;
}

function pick(variants: readonly VariantProfile[], sizing: StaticSizing): VariantProfile {
  const byAccuracy = [...variants].sort((a, b) => a.accuracy - b.accuracy);
  if (sizing === 'accurate') return byAccuracy[byAccuracy.length - 1];
  if (sizing === 'middle') return byAccuracy[Math.floor((byAccuracy.length - 1) / 2)];
  // Lightest: most requests per second per core at batch 1.
  return [...variants].sort((a, b) => throughputRps(b, 1) / b.cores - throughputRps(a, 1) / a.cores)[0];
}

/**
 * A static configuration sized for a load: per stage the chosen variant, the largest profiled batch
 * whose p99 batch latency stays within half the stage's share of the SLA (leaving the rest for
 * queueing and batch waits), and enough replicas for `rps` with 10% headroom.
 */
export function sizedStaticConfig(pipeline: PipelineProfile, rps: number, sizing: StaticSizing = 'middle'): PipelineConfig {
  const slaShareMs = (pipeline.slaMs ?? 1000) / pipeline.stages.length / 2;
  return pipeline.stages.map((stage) => {
    const v = pick(stage.variants, sizing);
    const batch = profiledBatches(v).filter((b) => latencyP99Ms(v, b) <= slaShareMs).pop() ?? 1;
    const replicas = Math.max(1, Math.ceil((rps * 1.1) / throughputRps(v, batch)));
    return { variant: v.name, batch, replicas };
  });
}

/**
 * The scenario the page runs: the whole bundled trace, a 60 s warm-up, IPA's within-second spread,
 * lognormal service times (CV 0.2) and per-request traces.
 */
export function playgroundScenario(choice: PlaygroundChoice): Scenario {
  const pipeline = bundledPipelines[choice.pipeline];
  const workload = bundledWorkloads[choice.workload];
  if (!pipeline) throw new Error(`no bundled pipeline "${choice.pipeline}"`);
  if (!workload) throw new Error(`no bundled workload "${choice.workload}"`);
  const policy =
    choice.policy === 'static'
      ? { name: 'static', config: sizedStaticConfig(pipeline, peakRate(workload.rps), choice.sizing) }
      : { name: choice.policy };
  return {
    name: `${choice.pipeline}, ${choice.workload}, ${choice.policy}`,
    seed: choice.seed,
    durationS: workload.rps.length,
    warmupS: 60,
    pipeline: choice.pipeline,
    workload: { type: 'trace', name: choice.workload, withinSecond: 'ipa' },
    serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
    // Per-request arrays for an exact latency CDF; a few hundred kB at these loads.
    metrics: { trace: true },
    policy,
  };
}
