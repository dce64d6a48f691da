import type { Series } from '../metrics/types.js';
import { csvLine, rowsToCsv } from './csv.js';

/** Columns of the long (tidy) series table, in order. */
export const LONG_SERIES_COLUMNS = ['runId', 't', 'stage', 'metric', 'value'] as const;

/**
 * One value of a run's time series in long form: `stage` is empty for pipeline-wide metrics
 * (`arrivalRate`, `cores`, `p99LatencyMs`, ...) and the stage's name for per-stage ones
 * (`replicas`, `queueLength`, ...). `value` is NaN where the series has none (an interval without
 * completions), an empty field in CSV.
 */
export interface LongSeriesRow {
  runId: string;
  /** Start of the interval, s. */
  t: number;
  stage: string;
  metric: string;
  value: number;
}

/** The numeric columns of an object of equal-length columns (text columns such as `variant` are left out). */
function numericColumns(columns: object, n: number): [string, number[]][] {
  return Object.entries(columns).filter(
    (e): e is [string, number[]] => e[0] !== 't' && Array.isArray(e[1]) && e[1].length === n && e[1].every((v) => typeof v === 'number' || v === null),
  );
}

/**
 * A run's series as long rows `runId, t, stage, metric, value`: the shape pandas, R and Parquet
 * tools read without reshaping (`df.pivot_table(index='t', columns='metric', values='value')`), and
 * that joins a sweep's rows on `runId`. Pipeline metrics come first, then each stage's, each in
 * time order. A stage's `variant` and `device` are text and are left out (they are in the series JSON).
 */
export function longSeries(series: Series, runId: string): LongSeriesRow[] {
  const n = series.t.length;
  const out: LongSeriesRow[] = [];
  const add = (stage: string, cols: [string, number[]][]) => {
    for (const [metric, values] of cols) for (let i = 0; i < n; i++) out.push({ runId, t: series.t[i], stage, metric, value: values[i] ?? NaN });
  };
  add('', numericColumns(series, n));
  for (const st of series.stages ?? []) add(st.name, numericColumns(st, n));
  return out;
}

/** The CSV of {@link longSeries} for several runs, one header line; `header: false` for appending more runs. */
export function longSeriesCsv(runs: Readonly<Record<string, Series>>, options: { header?: boolean } = {}): string {
  const rows = Object.entries(runs).flatMap(([runId, s]) => longSeries(s, runId));
  if (options.header === false) return rows.map((r) => csvLine(r as unknown as Record<string, unknown>, LONG_SERIES_COLUMNS) + '\n').join('');
  return rowsToCsv(rows as unknown as Record<string, unknown>[], LONG_SERIES_COLUMNS);
}
