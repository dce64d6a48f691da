import { canTraceLatencies, LATENCY_QUANTILE_POINTS, traceLatencyQuantiles, type LatencyQuantiles } from '../../metrics/latency-quantiles.js';
import { latencyCdfQuantiles } from '../../metrics/latency-cdf.js';
import type { Series } from '../../metrics/types.js';
import { validateScenario } from '../../sim/validate.js';
import type { RunOutcome } from '../../experiment/row.js';
import { parseScenario, simulate } from '../../sim/simulate.js';
import { describeError, type ErrorRecord } from '../../errors.js';
import { importModule } from '../import-module.js';

/** What the main thread sends a worker: one scenario, and what to send back. */
export interface SweepTask {
  scenario: Record<string, unknown>;
  /** Send the time series back too. */
  series: boolean;
  /** Modules to import once per worker before the first run (e.g. ones that register policies). */
  preload: string[];
}

/**
 * What a worker sends back: no per-request trace and no decisions, to keep the messages small; or,
 * when the run threw, the error as data (a thrown error would lose its class and context crossing
 * the thread).
 */
export type SweepTaskResult = (RunOutcome & { series?: Series & { latency?: LatencyQuantiles }; failure?: undefined }) | { failure: ErrorRecord; series?: undefined };

let preloaded: Promise<unknown> | undefined;

/**
 * Runs one scenario of a sweep. The default export is the task function of the worker pool
 * (tinypool imports it in each worker thread); `runSweep` with `workers: 0` calls it directly.
 */
export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  // Policies registered by the main thread's code do not exist in a worker: preloading the module
  // that registers them runs the registration in this thread too.
  preloaded ??= Promise.all(task.preload.map(importModule));
  await preloaded;
  let result: Awaited<ReturnType<typeof simulate>>;
  // With series, the run also records its per-request trace, reduced here to the quantile grid the
  // report's latency CDF is drawn from (the trace itself is not sent back). A streaming run keeps
  // no per-request table: its grid comes from its latency histogram, within its relative error.
  const scenario = task.series && canTraceLatencies(task.scenario) ? { ...task.scenario, metrics: { ...(task.scenario.metrics as object | undefined), trace: true } } : task.scenario;
  try {
    result = await simulate(parseScenario(scenario));
  } catch (err) {
    return { failure: describeError(err) };
  }
  const latency = !task.series ? undefined : result.trace ? traceLatencyQuantiles(result.trace, validateScenario(scenario).warmupS) : result.latencyCdf ? latencyCdfQuantiles(result.latencyCdf, LATENCY_QUANTILE_POINTS) : undefined;
  return {
    summary: result.summary,
    wallMs: result.timing.wallMs,
    decisionMsSummary: result.timing.decisionMsSummary,
    ...(task.series ? { series: { ...result.series, latency } } : {}),
  };
}
