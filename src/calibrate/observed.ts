import { InputError, describeValue, type InputIssue } from '../errors.js';

/** Per-interval quantities a calibration can compare, as the simulator's series names them. */
export const OBSERVED_METRICS = ['cores', 'meanLatencyMs', 'p50LatencyMs', 'p99LatencyMs'] as const;
/** One of {@link OBSERVED_METRICS}. */
export type ObservedMetric = (typeof OBSERVED_METRICS)[number];

/**
 * Per-interval series observed on a real system: equal-width intervals starting at `t[i]`.
 * `load` (arrivals per second in the interval) drives the simulated workload when present; every
 * metric present is compared with the simulated one. A missing value is `NaN` (an empty CSV cell or
 * `null` in JSON) and is left out of the comparison.
 */
export interface ObservedSeries {
  /** Width of every interval, s. */
  intervalS: number;
  /** Start of each interval, s (0, intervalS, 2 intervalS, ...). */
  t: number[];
  /** Arrivals per second in each interval. */
  load?: number[];
  /** Time-average cores allocated in each interval. */
  cores?: number[];
  /** Mean, median and 99th-percentile end-to-end latency of the requests completed in each interval, ms. */
  meanLatencyMs?: number[];
  p50LatencyMs?: number[];
  p99LatencyMs?: number[];
}

const COLUMNS = ['t', 'load', ...OBSERVED_METRICS] as const;

/**
 * Checks observed series given as columns (`{ intervalS?, t, load?, cores?, ... }`) or as rows
 * (`[{ t, load, cores, ... }, ...]`) and returns them as columns. `intervalS` defaults to the step of
 * `t`, which must be constant. Every problem is reported at once, with its path under `what`.
 *
 * @throws {InputError} for unknown columns, ragged or non-numeric columns, uneven `t`, no metric.
 */
export function validateObservedSeries(input: unknown, what = 'observed'): ObservedSeries {
  const issues: InputIssue[] = [];
  const bad = (path: string, expected: string, received: unknown): void => {
    issues.push({ path: path ? `${what}.${path}` : what, expected, received: describeValue(received) });
  };
  let columns: Record<string, unknown>;
  if (Array.isArray(input)) {
    columns = {};
    input.forEach((row, i) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        bad(`[${i}]`, 'a row object like { "t": 0, "load": 12, "p99LatencyMs": 830 }', row);
        return;
      }
      for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
        const col = (columns[k] ??= new Array<unknown>(input.length).fill(null)) as unknown[];
        col[i] = v;
      }
    });
  } else if (input && typeof input === 'object') {
    columns = { ...(input as Record<string, unknown>) };
  } else {
    throw new InputError([{ path: what, expected: 'observed series: an object of columns or an array of rows', received: describeValue(input) }]);
  }
  const intervalInput = columns.intervalS;
  delete columns.intervalS;
  for (const k of Object.keys(columns)) {
    if (!(COLUMNS as readonly string[]).includes(k)) bad(k, `one of the columns ${COLUMNS.join(', ')} (or intervalS)`, k);
  }
  const numbers = (k: string): number[] | undefined => {
    const col = columns[k];
    if (col === undefined) return undefined;
    if (!Array.isArray(col)) {
      bad(k, 'an array of numbers', col);
      return undefined;
    }
    return col.map((v, i) => {
      if (v === null || v === '' || v === undefined) return NaN;
      const x = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      if (!Number.isFinite(x) || x < 0) {
        bad(`${k}[${i}]`, 'a finite number >= 0 (or empty/null for missing)', v);
        return NaN;
      }
      return x;
    });
  };
  const t = numbers('t');
  const out: ObservedSeries = { intervalS: 0, t: t ?? [] };
  if (!t || t.length === 0) bad('t', 'the start of each interval, s: a non-empty array', columns.t);
  for (const k of ['load', ...OBSERVED_METRICS] as const) {
    const col = numbers(k);
    if (!col) continue;
    if (t && col.length !== t.length) bad(k, `${t.length} values, one per interval (as t)`, `${col.length} values`);
    out[k] = col;
  }
  if (!OBSERVED_METRICS.some((k) => out[k] && out[k]!.some((v) => Number.isFinite(v)))) {
    bad('', `at least one metric column with values: ${OBSERVED_METRICS.join(', ')}`, Object.keys(columns).join(', ') || 'none');
  }
  if (t && t.length > 0 && issues.length === 0) {
    if (t.some((v) => !Number.isFinite(v))) bad('t', 'a start time for every interval', 'a missing value');
    const step = t.length > 1 ? t[1] - t[0] : undefined;
    const intervalS = intervalInput === undefined ? step : Number(intervalInput);
    if (intervalS === undefined || !(intervalS > 0)) {
      bad('intervalS', 'the interval width in s, > 0 (give intervalS when there is one interval)', intervalInput ?? step);
    } else {
      out.intervalS = intervalS;
      t.forEach((v, i) => {
        if (Math.abs(v - t[0] - i * intervalS) > 1e-6 * Math.max(1, intervalS)) bad(`t[${i}]`, `${t[0] + i * intervalS} (intervals of ${intervalS} s, in order, none missing)`, v);
      });
      if (t[0] !== 0) bad('t[0]', '0: the series starts with the simulation', t[0]);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/**
 * Parses observed series from text: JSON (columns or rows) when it starts with `{` or `[`, else CSV
 * with a header naming the columns (`t,load,cores,meanLatencyMs,p50LatencyMs,p99LatencyMs`; empty
 * cells are missing values).
 *
 * @throws {InputError} with `what` (usually the file name) in every path.
 */
export function parseObservedSeries(text: string, what = 'observed'): ObservedSeries {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new InputError([{ path: what, expected: 'valid JSON', received: err instanceof Error ? err.message : String(err) }]);
    }
    return validateObservedSeries(data, what);
  }
  // Numbers only, so no quoting: a plain split, as the rate-trace reader does.
  const rows = text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => l.split(','));
  if (rows.length < 2) throw new InputError([{ path: what, expected: 'CSV with a header line and at least one row', received: `${rows.length} line(s)` }]);
  const [header, ...body] = rows;
  const columns: Record<string, (string | null)[]> = {};
  header.forEach((name, j) => {
    columns[name.trim()] = body.map((r) => (r[j] === undefined || r[j].trim() === '' ? null : r[j].trim()));
  });
  return validateObservedSeries(columns, what);
}

/** The intervals `[from, to)` of a series, as a new series. */
export function sliceObservedSeries(s: ObservedSeries, from: number, to: number): ObservedSeries {
  const out: ObservedSeries = { intervalS: s.intervalS, t: s.t.slice(from, to) };
  for (const k of ['load', ...OBSERVED_METRICS] as const) if (s[k]) out[k] = s[k]!.slice(from, to);
  return out;
}
