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
 * The scenario is typed, so a misspelt key in a literal fails to compile; it is validated again at
 * run time all the same. For data of unknown shape (a parsed file, a request body) use
 * {@link parseScenario} first: `simulate(parseScenario(json))`.
 *
 * Throws an `InputError` listing every problem of a bad scenario. For a progress bar, pass
 * `{ onProgress: (p) => ... }` (see {@link SimulateOptions}); without it the run pays nothing for it.
 */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  const sim = await createSimulation(validateScenario(scenario));
  return options.onProgress ? runWithProgress(sim, { ...options, onProgress: options.onProgress }) : sim.run();
}

/**
 * Checks data of unknown shape (parsed JSON, a notebook variable) against the scenario schema and
 * returns it typed as a {@link Scenario}, or throws an `InputError` listing every problem (field
 * path, what was expected, what was given): the typed way from `unknown` to {@link simulate}.
 *
 * ```ts
 * const result = await simulate(parseScenario(JSON.parse(text)));
 * ```
 */
export function parseScenario(input: unknown): Scenario {
  validateScenario(input);
  return input as Scenario;
}
