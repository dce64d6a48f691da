import type { SimulationResult } from '../sim/result.js';
import { flattenSummary, type SweepRow } from './row.js';

/**
 * The row of one result, in a sweep's column layout, so a single `infersim run --json --full`
 * output goes through the same tables and plots as a sweep. `workload` defaults to the result's
 * name (the scenario's), the only label a result carries.
 */
export function resultRow(result: SimulationResult, labels: { runId?: string; sweep?: string; workload?: string } = {}): SweepRow {
  return {
    runId: labels.runId ?? 'run',
    sweep: labels.sweep ?? result.name,
    policy: result.policy,
    workload: labels.workload ?? result.name,
    seed: result.seed,
    ...flattenSummary(result.summary),
    decisionMsMean: result.timing?.decisionMsSummary?.mean ?? NaN,
    decisionMsP99: result.timing?.decisionMsSummary?.p99 ?? NaN,
    wallMs: result.timing?.wallMs ?? NaN,
  };
}
