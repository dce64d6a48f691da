/**
 * Fixed configurations of OPD's setup scored by both readings of OPD's L, for
 * `opd-reward-readings.ts` and the test that reruns it.
 *
 * @module
 */
import { createEnv, opdReward, type PipelineConfig, type StepMetrics } from 'infersim';
import { opdLstm, opdScenario, OPD_REWARDS } from './opd-lib.js';

/** The configurations compared: the one seed 5 of the model reading converged to, and two that serve the load. */
export const READING_CONFIGS: { label: string; config: PipelineConfig }[] = [
  {
    label: 'distilbart-12-6 batch 1 x 1, roberta-base batch 1 x 2',
    config: [{ variant: 'sshleifer-distilbart-xsum-12-6', batch: 1, replicas: 1 }, { variant: 'deepset-roberta-base-squad2', batch: 1, replicas: 2 }],
  },
  {
    label: 'distilbart-12-6 batch 2 x 1, roberta-base batch 1 x 1',
    config: [{ variant: 'sshleifer-distilbart-xsum-12-6', batch: 2, replicas: 1 }, { variant: 'deepset-roberta-base-squad2', batch: 1, replicas: 1 }],
  },
  {
    label: 'distilbart-12-6 batch 1 x 2, roberta-base batch 1 x 1',
    config: [{ variant: 'sshleifer-distilbart-xsum-12-6', batch: 1, replicas: 2 }, { variant: 'deepset-roberta-base-squad2', batch: 1, replicas: 1 }],
  },
];

/** One configuration held for a whole episode. */
export interface ReadingRow {
  label: string;
  cores: number;
  /** Model throughput, requests/s. */
  throughput: number;
  /** Mean reward per step under each reading. */
  modelReward: number;
  observedReward: number;
  /** Observed mean latency of completions (mean over steps), ms. */
  meanLatencyMs: number;
  /** Late + dropped over finished requests, %. */
  slaViolationPct: number;
}

/** Holds each configuration for one episode on the evaluation seed 1005 and scores it both ways. */
export async function rewardReadings(seed = 1005): Promise<ReadingRow[]> {
  const env = await createEnv(opdScenario(seed), { reward: { type: 'opd', ...OPD_REWARDS.model }, features: { predictor: { type: 'lstm', model: opdLstm() }, extras: false } });
  const model = opdReward(OPD_REWARDS.model);
  const observed = opdReward(OPD_REWARDS.observed);
  const rows: ReadingRow[] = [];
  for (const { label, config } of READING_CONFIGS) {
    env.reset({ seed });
    const action = env.encode(config);
    const steps: StepMetrics[] = [];
    for (;;) {
      const r = env.step(action);
      steps.push(r.info.metrics!);
      if (r.terminated || r.truncated) break;
    }
    const mean = (f: (m: StepMetrics) => number) => steps.reduce((a, m) => a + f(m), 0) / steps.length;
    const finished = steps.reduce((a, m) => a + m.completed + m.dropped, 0);
    rows.push({
      label,
      cores: steps[0].cores,
      throughput: steps[0].throughput,
      modelReward: mean(model),
      observedReward: mean(observed),
      meanLatencyMs: mean((m) => m.meanLatencyMs),
      slaViolationPct: (100 * steps.reduce((a, m) => a + m.slaViolations, 0)) / Math.max(1, finished),
    });
  }
  return rows;
}

/** The table docs/learning.md quotes. */
export function formatReadings(rows: readonly ReadingRow[]): string {
  return [
    '| configuration held | cores | model throughput (req/s) | reward per step, L profiled | reward per step, L observed | observed mean latency (ms) | SLA violations % |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.cores} | ${r.throughput.toFixed(2)} | ${r.modelReward.toFixed(2)} | ${r.observedReward.toFixed(2)} | ${r.meanLatencyMs.toFixed(0)} | ${r.slaViolationPct.toFixed(2)} |`),
  ].join('\n');
}
