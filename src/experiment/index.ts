/**
 * Experiments over many runs: sweep specs and their expansion, tidy rows, comparisons with
 * confidence intervals, paired differences and Pareto fronts. Browser-safe; running sweeps on
 * worker threads and files live in `src/node/sweep`.
 * @packageDocumentation
 */
export { validateSweepSpec, seedList, workloadLabel, sweepSchema, type SweepSpec, type SweepPolicy, type SweepWorkload, type SweepSeeds } from './sweep-spec.js';
export { expandSweep, sweepHash, type SweepRun, type SweepExpansion } from './expand-sweep.js';
export { makeRow, flattenSummary, rowColumns, reviveRow, ID_COLUMNS, METRIC_COLUMNS, WALL_CLOCK_COLUMNS, type SweepRow, type RunOutcome } from './row.js';
export { csvField, csvLine, rowsToCsv } from './csv.js';
export { longSeries, longSeriesCsv, LONG_SERIES_COLUMNS, type LongSeriesRow } from './long-series.js';
export { canonicalJson } from './canonical-json.js';
export { hashString } from './hash.js';
export { setPath } from './set-path.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export { meanCI, type MeanCI } from './mean-ci.js';
export { paretoFront, dominates, parseObjectives, type Objective, type Direction } from './pareto.js';
export { compare, paramColumnsOf, DEFAULT_COMPARE_METRICS, type CompareOptions, type Comparison, type ComparisonGroup, type PairedDifference, type ParetoSet } from './compare.js';
export { formatComparison } from './format-comparison.js';
export * from './plots/index.js';
export * from './report.js';
