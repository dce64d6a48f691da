import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundledPipelines } from '../../bundled/index.js';
import { InputError } from '../../errors.js';
import type { LatencyQuantiles } from '../../metrics/latency-quantiles.js';
import type { Series } from '../../metrics/types.js';
import type { SimulationResult } from '../../sim/result.js';
import { resultRow } from '../../experiment/report-row.js';
import type { ReportRow } from '../../experiment/report-model.js';
import { readJsonFile } from '../read-file.js';
import { orderRows, readJsonl, readManifest, SWEEP_FILES } from '../sweep/rows-file.js';

/** Results read from disk, ready for `buildReport` (minus version and date). */
export interface LoadedResults {
  title: string;
  source: string;
  rows: ReportRow[];
  series: Record<string, Series>;
  /** Per-request latency quantile grids by runId (saved with a sweep's series, or `run --json --full`'s `latency`). */
  latency: Record<string, LatencyQuantiles>;
  slaMs?: number;
  /** Things skipped while reading (e.g. a partial last line), for the report's notes. */
  warnings: string[];
}

function isResult(x: unknown): x is SimulationResult {
  return typeof x === 'object' && x !== null && 'summary' in x && 'series' in x && 'policy' in x;
}

/** A Series from a `series/<runId>.json` file: the Series itself, or an object holding it. */
function asSeries(x: unknown): Series | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  if (Array.isArray((x as Series).t) && Array.isArray((x as Series).cores)) return x as Series;
  return asSeries((x as { series?: unknown }).series);
}

/** The quantile grid a series file or result JSON carries under `latency`, if well-formed. */
function latencyOf(x: unknown): LatencyQuantiles | undefined {
  const l = (x as { latency?: { count?: unknown; quantilesMs?: unknown } } | null)?.latency;
  return l && typeof l.count === 'number' && Array.isArray(l.quantilesMs) && l.quantilesMs.length > 1 ? (l as LatencyQuantiles) : undefined;
}

/** The SLA a sweep's base scenario implies: its own `slaMs`, else its bundled pipeline's. */
function slaOf(scenario: unknown): number | undefined {
  if (typeof scenario !== 'object' || scenario === null) return undefined;
  const s = scenario as { slaMs?: unknown; pipeline?: unknown };
  if (typeof s.slaMs === 'number') return s.slaMs;
  if (typeof s.pipeline === 'string') return bundledPipelines[s.pipeline]?.slaMs;
  if (typeof s.pipeline === 'object' && s.pipeline !== null) {
    const ms = (s.pipeline as { slaMs?: unknown }).slaMs;
    return typeof ms === 'number' ? ms : undefined;
  }
  return undefined;
}

function fromResults(results: SimulationResult[], source: string): LoadedResults {
  const series: Record<string, Series> = {};
  const latency: Record<string, LatencyQuantiles> = {};
  const rows = results.map((r, i) => {
    const runId = results.length === 1 ? 'run' : `run-${i + 1}`;
    series[runId] = r.series;
    const q = latencyOf(r);
    if (q) latency[runId] = q;
    return resultRow(r, { runId });
  });
  const first = results[0] as SimulationResult & { scenario?: unknown };
  return {
    title: results.length === 1 ? first.name : `${results.length} runs`,
    source,
    rows,
    series,
    latency,
    // `run --json --full` carries its scenario; otherwise a bundled pipeline named like the result gives the SLA.
    slaMs: slaOf(first.scenario) ?? bundledPipelines[first.name]?.slaMs,
    warnings: [],
  };
}

/**
 * Reads results for a report: a sweep's output directory (`rows.jsonl`, optional `sweep.json` and
 * `series/<runId>.json`), a rows `.jsonl` file, a single result (`infersim run --json --full`
 * output) or a JSON array of results. Bad input throws an `InputError` saying what was expected.
 */
export function readResults(path: string): LoadedResults {
  if (!existsSync(path)) throw new InputError([{ path: 'results', expected: 'a sweep directory or a result JSON file', received: `${JSON.stringify(path)} (no such file)` }]);
  const warnings: string[] = [];
  if (statSync(path).isDirectory()) {
    const rowsFile = join(path, 'rows.jsonl');
    if (!existsSync(rowsFile)) {
      throw new InputError([{ path: 'results', expected: 'a sweep directory holding rows.jsonl, or a result JSON file', received: `${JSON.stringify(path)} (a directory without rows.jsonl)` }]);
    }
    // The sweep's own reader: a torn last line (a run being appended, or a kill) is left out.
    const read = readJsonl(rowsFile);
    if (read.tornBytes > 0) warnings.push(`${SWEEP_FILES.rows}: left out an incomplete last line (a run still being written?).`);
    if (read.badLines > 0) warnings.push(`${SWEEP_FILES.rows}: skipped ${read.badLines} line(s) that are not JSON.`);
    const manifest = readManifest(path);
    const rows = orderRows(read.rows, manifest?.runIds);
    const errorsFile = join(path, SWEEP_FILES.errors);
    if (existsSync(errorsFile)) {
      const failed = readFileSync(errorsFile, 'utf8').split('\n').filter((l) => l.trim()).length;
      if (failed) warnings.push(`${failed} run(s) failed and have no row (see ${SWEEP_FILES.errors}).`);
    }
    const series: Record<string, Series> = {};
    const latency: Record<string, LatencyQuantiles> = {};
    for (const row of rows) {
      const file = join(path, SWEEP_FILES.series, `${row.runId}.json`);
      if (!existsSync(file)) continue;
      const data = readJsonFile(file, `series/${row.runId}.json`);
      const s = asSeries(data);
      if (s) series[row.runId] = s;
      else warnings.push(`series/${row.runId}.json: not a time series, skipped.`);
      const q = latencyOf(data);
      if (q) latency[row.runId] = q;
    }
    const spec = manifest?.spec as { base?: unknown } | undefined;
    const name = manifest?.name ?? (typeof rows[0]?.sweep === 'string' ? rows[0].sweep : basename(path));
    return { title: name, source: path, rows, series, latency, slaMs: slaOf(spec?.base), warnings };
  }
  if (path.endsWith('.jsonl')) {
    const read = readJsonl(path);
    if (read.tornBytes > 0) warnings.push(`${basename(path)}: left out an incomplete last line.`);
    return { title: basename(path, '.jsonl'), source: path, rows: orderRows(read.rows, undefined), series: {}, latency: {}, warnings };
  }
  const data = readJsonFile(path, 'results');
  if (isResult(data)) return fromResults([data], path);
  if (Array.isArray(data) && data.length > 0 && data.every(isResult)) return fromResults(data, path);
  throw new InputError([
    { path: 'results', expected: 'a sweep directory, rows.jsonl, or a result from `infersim run --json --full`', received: `${JSON.stringify(path)} (JSON without summary and series)`, hint: 'did you forget --full?' },
  ]);
}
