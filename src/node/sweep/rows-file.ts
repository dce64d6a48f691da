import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, rowsToCsv } from '../../experiment/csv.js';
import { reviveRow, type SweepRow } from '../../experiment/row.js';
import { writeFileAtomic } from '../write-atomic.js';
import { readJsonFile } from '../read-file.js';

/** File names inside a sweep's output directory. */
export const SWEEP_FILES = {
  /** One JSON row per finished run, the source of truth. */
  rows: 'rows.jsonl',
  /** The same rows as CSV (rebuilt from rows.jsonl on resume and merge). */
  csv: 'rows.csv',
  /** The spec, its hash and the expansion (run ids in order). */
  sweep: 'sweep.json',
  /** `<runId>.json`: a run's time series, when the spec asks for them. */
  series: 'series',
  /** One JSON line per failed run: runId, message. */
  errors: 'errors.jsonl',
} as const;

/** What reading a rows.jsonl found. */
export interface JsonlRead {
  rows: SweepRow[];
  /** Bytes of complete lines; anything after is a torn last line. */
  validBytes: number;
  /** Bytes after the last line break: a line cut short by a kill. */
  tornBytes: number;
  /** Complete lines that did not parse (should not happen: reported, skipped). */
  badLines: number;
}

/**
 * Reads a JSON-lines file. A last line without its line break is torn (the writer was killed while
 * appending it) and is left out, even if it happens to parse, so its run is simply run again.
 */
export function readJsonl(file: string): JsonlRead {
  if (!existsSync(file)) return { rows: [], validBytes: 0, tornBytes: 0, badLines: 0 };
  const buf = readFileSync(file);
  const end = buf.lastIndexOf(0x0a) + 1;
  const rows: SweepRow[] = [];
  let badLines = 0;
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      rows.push(reviveRow(JSON.parse(line) as Record<string, unknown>));
    } catch {
      badLines++;
    }
  }
  return { rows, validBytes: end, tornBytes: buf.length - end, badLines };
}

/** Cuts a torn last line off a JSON-lines file, so the next append starts on a fresh line. */
export function dropTornLine(file: string, read: JsonlRead): void {
  if (read.tornBytes > 0) truncateSync(file, read.validBytes);
}

/**
 * Appends one row to rows.jsonl and rows.csv, each with a single write of a complete line: a kill
 * can at worst leave a torn last line, which readers ignore and resume cuts off. rows.jsonl is
 * written first, as the source of truth; rows.csv is rebuilt from it whenever a sweep resumes.
 */
export function appendRow(dir: string, row: SweepRow, columns: readonly string[]): void {
  appendFileSync(join(dir, SWEEP_FILES.rows), JSON.stringify(row) + '\n');
  appendFileSync(join(dir, SWEEP_FILES.csv), csvLine(row, columns) + '\n');
}

/** Writes rows.jsonl and rows.csv afresh (atomically) with `rows`. */
export function writeRows(dir: string, rows: readonly SweepRow[], columns: readonly string[]): void {
  writeFileAtomic(join(dir, SWEEP_FILES.rows), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileAtomic(join(dir, SWEEP_FILES.csv), rowsToCsv(rows, columns));
}

/** The sweep.json of an output directory. */
export interface SweepManifest {
  format: 'infersim-sweep';
  version: 1;
  name: string;
  specHash: string;
  /** The spec with its files read (base inlined), so a directory is self-contained. */
  spec: unknown;
  paramColumns: string[];
  columns: string[];
  /** Every run id of the whole sweep, in expansion order. */
  runIds: string[];
  /** The slice this directory holds (0-based index), or null for the whole sweep. */
  shard: { index: number; count: number } | null;
  /** For a merged directory: the directories it was merged from. */
  mergedFrom?: string[];
}

/** Reads a directory's sweep.json, or undefined when there is none. */
export function readManifest(dir: string): SweepManifest | undefined {
  const file = join(dir, SWEEP_FILES.sweep);
  return existsSync(file) ? (readJsonFile(file, 'sweep.json') as SweepManifest) : undefined;
}

/**
 * The rows of a sweep's output directory, one per run (duplicates dropped, a torn last line
 * ignored), sorted by the sweep's expansion order whatever order the runs finished in. NaN metrics
 * (null in the file) come back as NaN. For notebooks: `compare(readRows('out'), { baseline: 'ipa' })`.
 */
export function readRows(dir: string): SweepRow[] {
  const { rows } = readJsonl(join(dir, SWEEP_FILES.rows));
  return orderRows(rows, readManifest(dir)?.runIds);
}

/** Dedupes rows by runId (first wins) and sorts them by the position of their id in `runIds`. */
export function orderRows(rows: readonly SweepRow[], runIds: readonly string[] | undefined): SweepRow[] {
  const seen = new Map<string, SweepRow>();
  for (const r of rows) if (!seen.has(r.runId)) seen.set(r.runId, r);
  const unique = [...seen.values()];
  if (!runIds) return unique;
  // Rows of runs not in the list (none, normally) go last, in their order.
  const position = new Map(runIds.map((id, i) => [id, i]));
  const at = (r: SweepRow): number => position.get(r.runId) ?? runIds.length;
  return unique.sort((a, b) => at(a) - at(b));
}
