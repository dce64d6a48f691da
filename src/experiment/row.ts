import type { LatencySummary } from '../metrics/latency-summary.js';
import type { Summary } from '../metrics/types.js';
import type { SweepRun } from './expand-sweep.js';

/**
 * One run of a sweep as a flat record (a "tidy" row): ids, labels, parameter values by dotted path,
 * every summary metric flattened, and the wall-clock columns. See docs/sweeps.md for the columns.
 */
export interface SweepRow {
  runId: string;
  sweep: string;
  policy: string;
  workload: string;
  seed: number | string;
  [column: string]: unknown;
}

/** The id and label columns that start every row. */
export const ID_COLUMNS = ['runId', 'sweep', 'policy', 'workload', 'seed'] as const;

/**
 * Wall-clock columns: they vary between runs of the same scenario (machine, load, worker count),
 * so determinism checks and comparisons of simulated behaviour leave them out.
 */
export const WALL_CLOCK_COLUMNS = ['decisionMsMean', 'decisionMsP99', 'wallMs'] as const;

// How each Summary field becomes columns. `satisfies` makes the compiler reject this table when the
// Summary type gains or loses a field, so the rows can never silently miss a metric.
const SUMMARY_LAYOUT = {
  requests: true,
  completed: true,
  dropped: true,
  unfinished: true,
  slaViolations: true,
  slaViolationRate: true,
  latencyMs: ['mean', 'p50', 'p95', 'p99', 'max'],
  accuracy: true,
  costCores: true,
  coreSeconds: true,
  throughputRps: true,
  energyJ: true,
  idleEnergyJ: true,
  dynamicEnergyJ: true,
  energyPerRequestJ: true,
  meanPowerW: true,
  carbonG: true,
  replicasDelayedByCapacity: true,
  capacityWaitS: true,
  reconfigurations: true,
  events: true,
  simulatedS: true,
} as const satisfies { [K in keyof Summary]: Summary[K] extends number ? true : readonly (keyof LatencySummary)[] };

/** `latencyMs` + `p99` -> `latencyP99Ms`: the unit stays last. */
function nestedColumn(key: string, sub: string): string {
  const unit = key.match(/(Ms|S|J|W|G)$/)?.[0] ?? '';
  return key.slice(0, key.length - unit.length) + sub[0].toUpperCase() + sub.slice(1) + unit;
}

/** Every summary metric column of a row, in order (`requests`, ..., `latencyMeanMs`, `latencyP99Ms`, ..., `simulatedS`). */
export const METRIC_COLUMNS: readonly string[] = Object.entries(SUMMARY_LAYOUT).flatMap(([key, layout]) =>
  layout === true ? [key] : layout.map((sub) => nestedColumn(key, sub)),
);

/** A summary as flat columns (see {@link METRIC_COLUMNS}). NaN stays NaN (null in JSON, empty in CSV). */
export function flattenSummary(summary: Summary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, layout] of Object.entries(SUMMARY_LAYOUT)) {
    const v = (summary as unknown as Record<string, unknown>)[key];
    if (layout === true) out[key] = v as number;
    else for (const sub of layout) out[nestedColumn(key, sub)] = (v as Record<string, number>)[sub];
  }
  return out;
}

/** What a run hands back to make its row: the summary and the wall-clock timings. */
export interface RunOutcome {
  summary: Summary;
  wallMs: number;
  decisionMsSummary: LatencySummary;
}

/** The row of one finished run. */
export function makeRow(sweep: string, run: SweepRun, outcome: RunOutcome): SweepRow {
  return {
    runId: run.runId,
    sweep,
    policy: run.policy,
    workload: run.workload,
    seed: run.seed,
    ...run.params,
    ...flattenSummary(outcome.summary),
    decisionMsMean: outcome.decisionMsSummary.mean,
    decisionMsP99: outcome.decisionMsSummary.p99,
    wallMs: outcome.wallMs,
  };
}

/** The columns of a sweep's rows, in order: ids, parameters, metrics, wall clock. */
export function rowColumns(paramColumns: readonly string[]): string[] {
  return [...ID_COLUMNS, ...paramColumns, ...METRIC_COLUMNS, ...WALL_CLOCK_COLUMNS];
}

/**
 * A row read back from JSON: `null` in a metric or wall-clock column (how JSON writes NaN) becomes
 * NaN again, so fresh rows and rows read from a file are alike.
 */
export function reviveRow(row: Record<string, unknown>): SweepRow {
  for (const c of [...METRIC_COLUMNS, ...WALL_CLOCK_COLUMNS]) if (row[c] === null) row[c] = NaN;
  return row as SweepRow;
}
