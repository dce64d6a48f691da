import { expect } from 'vitest';
import { InputError } from '../src/errors.js';
import type { Scenario } from '../src/sim/scenario.js';

/** A one-stage pipeline with one variant of the given batch latencies (ms). */
export function oneStage(latencyMs: Record<string, number>, serviceDist: { type: 'exponential' } | { type: 'deterministic' } = { type: 'exponential' }) {
  return { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.9, cores: 1, latencyMs, serviceDist }] }] };
}

/** A scenario around {@link oneStage} with a static configuration. */
export function queueScenario(opts: { rps: number; latencyMs: Record<string, number>; batch?: number; replicas?: number; durationS: number; seed: number; dist?: 'exponential' | 'deterministic'; arrivals?: 'poisson' | 'deterministic'; maxBatchWaitMs?: number }): Scenario {
  return {
    seed: opts.seed,
    durationS: opts.durationS,
    warmupS: Math.min(200, opts.durationS / 10),
    slaMs: 1e9,
    pipeline: oneStage(opts.latencyMs, { type: opts.dist ?? 'exponential' }),
    workload: { type: opts.arrivals ?? 'poisson', rps: opts.rps },
    serving: { maxBatchWaitMs: opts.maxBatchWaitMs ?? 1000 },
    policy: { name: 'static', config: [{ variant: 'v', batch: opts.batch ?? 1, replicas: opts.replicas ?? 1 }] },
  };
}

/** Mean and standard error of independent replications. */
export function meanAndSE(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

/** The InputError `fn` throws (fails the test if it throws something else or nothing). */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}
