// The known-parameter check of `infersim calibrate`: a small two-stage pipeline, a stepped load and
// a stateless autoscaler, used by examples/calibrate/self-check.ts and test/calibrate/.
import { applyParameters, simulate, type ObservedSeries, type ParameterValues, type PipelineProfile, type Observation, type PipelineConfig, type Scenario } from 'infersim';

/** A small two-stage pipeline with start-up delays, so every calibration parameter shows in the series. */
export const twoStagePipeline: PipelineProfile = {
  name: 'calib-two-stage',
  slaMs: 5000,
  stages: [
    { name: 'a', variants: [{ name: 'a1', accuracy: 0.8, cores: 2, latencyMs: { '1': 60, '2': 100, '4': 180 }, startupS: 8 }] },
    { name: 'b', variants: [{ name: 'b1', accuracy: 0.9, cores: 1, latencyMs: { '1': 40, '2': 70, '4': 120 }, startupS: 5 }] },
  ],
};

/** Load steps between 10 and 60 rps over 24 intervals of 10 s: scale-ups make start-up delays visible. */
export const stepLoad: number[] = [10, 10, 10, 40, 40, 40, 15, 15, 60, 60, 60, 20, 20, 45, 45, 45, 10, 10, 50, 50, 50, 25, 25, 25];

/**
 * An autoscaler as an operator would write it from the nominal profile: batch 2, and per stage
 * three times the peak load of the last 10 s over the nominal batch-2 throughput (20 and 28.6 rps).
 * Stateless, so every simulation of a calibration sees the same policy.
 */
export function thriceThePeak(obs: Observation): PipelineConfig {
  const recent = obs.arrivalsPerSecond.slice(-10);
  const peak = recent.length > 0 ? Math.max(...recent) : 10;
  return [
    { variant: 'a1', batch: 2, replicas: Math.max(1, Math.ceil((3 * peak) / 20)) },
    { variant: 'b1', batch: 2, replicas: Math.max(1, Math.ceil((3 * peak) / 28.6)) },
  ];
}

/** The observed run: the autoscaler re-planning every 10 s. */
export const observedScenario: Scenario = {
  seed: 7,
  durationS: stepLoad.length * 10,
  pipeline: twoStagePipeline,
  workload: { type: 'poisson', rps: 1 },
  policy: thriceThePeak,
  serving: { adaptationIntervalS: 10, maxBatchWaitMs: 50, dropLimitS: null },
};

/**
 * The "real system" of the check: `scenario` simulated with `truth` applied to the two-stage
 * pipeline, under the stepped load in 10 s intervals, as the series `calibrate` takes.
 */
export async function selfGenerated(scenario: Scenario, truth: ParameterValues, seed: number): Promise<ObservedSeries> {
  const I = 10;
  const r = await simulate({
    ...scenario,
    seed,
    pipeline: applyParameters(twoStagePipeline, truth),
    workload: { type: 'trace', rps: stepLoad.map((v) => v * I), timeScale: I, withinSecond: 'poisson' },
    metrics: { seriesIntervalS: I },
  });
  return { intervalS: I, t: r.series.t, load: stepLoad, cores: r.series.cores, meanLatencyMs: r.series.meanLatencyMs, p99LatencyMs: r.series.p99LatencyMs };
}

/** The autoscaled run with a fixed deployment instead: the cores series then does not depend on the arrivals. */
export const fixedScenario: Scenario = {
  ...observedScenario,
  policy: { name: 'static', config: [{ variant: 'a1', batch: 1, replicas: 6 }, { variant: 'b1', batch: 1, replicas: 4 }] },
};
