import { runWithProgress, type SimulateOptions } from './progress.js';
import type { Scenario } from './scenario.js';
import type { SimulationResult } from './result.js';
import { createSimulation } from './simulation.js';
import { validateScenario } from './validate.js';

/**
 * Validates a scenario, runs it to the end and returns the result. The one call most users need:
 *
 * ```ts
 * const result = await simulate({
 *   seed: 1, durationS: 1200, pipeline: 'video',
 *   workload: { type: 'trace', name: 'bursty' },
 *   policy: { name: 'static', config: [{ variant: 'yolov5s', batch: 1, replicas: 2 },
 *                                      { variant: 'resnet34', batch: 1, replicas: 1 }] },
 * });
 * console.log(result.summary.latencyMs.p99, result.summary.costCores);
 * ```
 *
 * Throws an `InputError` listing every problem of a bad scenario. For a progress bar, pass
 * `{ onProgress: (p) => ... }` (see {@link SimulateOptions}); without it the run pays nothing for it.
 */
export async function simulate(scenario: Scenario | unknown, options: SimulateOptions = {}): Promise<SimulationResult> {
  const sim = await createSimulation(validateScenario(scenario));
  return options.onProgress ? runWithProgress(sim, { ...options, onProgress: options.onProgress }) : sim.run();
}
