import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, type InputIssue } from '../../errors.js';
import { WALL_CLOCK_COLUMNS, type SweepRow } from '../../experiment/row.js';
import { writeFileAtomic } from '../write-atomic.js';
import { orderRows, readJsonl, readManifest, SWEEP_FILES, writeRows, type SweepManifest } from './rows-file.js';

/** What {@link mergeSweeps} did. */
export interface MergeOutcome {
  outDir: string;
  /** Rows written (one per run). */
  rows: number;
  /** Run ids of the sweep that no input had, in expansion order. */
  missing: string[];
  /** Rows dropped because another input had the same run. */
  duplicates: number;
  /** Runs whose duplicate rows differ outside the wall-clock columns: a sign of non-determinism. */
  conflicts: string[];
}

/**
 * Joins the output directories of a sweep's shards (or of interrupted attempts) into one: checks
 * they come from the same sweep spec (by its hash), keeps one row per run, orders the rows as the
 * sweep's expansion, copies the series files, and says which runs are missing. The merged
 * directory is a sweep directory like any other: `runSweep(..., { resume: true })` on it runs the
 * missing runs.
 */
export function mergeSweeps(dirs: readonly string[], outDir: string): MergeOutcome {
  const issues: InputIssue[] = [];
  const inputs: { dir: string; manifest: SweepManifest }[] = [];
  dirs.forEach((d, i) => {
    const manifest = readManifest(d);
    if (!manifest) issues.push({ path: `dirs[${i}]`, expected: `a sweep output directory (with ${SWEEP_FILES.sweep})`, received: JSON.stringify(d) });
    else inputs.push({ dir: d, manifest });
  });
  if (!dirs.length) issues.push({ path: 'dirs', expected: 'at least one directory', received: 'none' });
  if (issues.length) throw new InputError(issues);
  const first = inputs[0].manifest;
  for (const { dir, manifest } of inputs) {
    if (manifest.specHash !== first.specHash) {
      issues.push({ path: dir, expected: `a shard of sweep ${JSON.stringify(first.name)} (spec hash ${first.specHash}, as ${inputs[0].dir})`, received: `sweep ${JSON.stringify(manifest.name)} (spec hash ${manifest.specHash})` });
    }
  }
  const out = resolve(outDir);
  const existing = readManifest(out);
  if (existing && existing.specHash !== first.specHash) issues.push({ path: 'out', expected: 'a new directory or one holding the same sweep', received: `${JSON.stringify(outDir)} with sweep ${JSON.stringify(existing.name)}` });
  if (issues.length) throw new InputError(issues);

  const all: { row: SweepRow; dir: string }[] = [];
  for (const { dir } of inputs) for (const row of readJsonl(join(dir, SWEEP_FILES.rows)).rows) all.push({ row, dir });
  const sweepIds = new Set(first.runIds);
  const kept = new Map<string, { row: SweepRow; dir: string }>();
  const conflicts = new Set<string>();
  let duplicates = 0;
  for (const entry of all) {
    if (!sweepIds.has(entry.row.runId)) continue;
    const had = kept.get(entry.row.runId);
    if (!had) {
      kept.set(entry.row.runId, entry);
      continue;
    }
    duplicates++;
    if (deterministicText(had.row) !== deterministicText(entry.row)) conflicts.add(entry.row.runId);
  }
  mkdirSync(out, { recursive: true });
  const rows = orderRows([...kept.values()].map((e) => e.row), first.runIds);
  for (const { row, dir } of kept.values()) {
    const src = join(dir, SWEEP_FILES.series, `${row.runId}.json`);
    if (!existsSync(src) || resolve(dir) === out) continue;
    mkdirSync(join(out, SWEEP_FILES.series), { recursive: true });
    copyFileSync(src, join(out, SWEEP_FILES.series, `${row.runId}.json`));
  }
  writeRows(out, rows, first.columns);
  const manifest: SweepManifest = { ...first, shard: null, mergedFrom: dirs.map((d) => resolve(d)) };
  writeFileAtomic(join(out, SWEEP_FILES.sweep), JSON.stringify(manifest, null, 1) + '\n');
  return { outDir: out, rows: rows.length, missing: first.runIds.filter((id) => !kept.has(id)), duplicates, conflicts: [...conflicts] };
}

function deterministicText(row: SweepRow): string {
  const copy: Record<string, unknown> = { ...row };
  for (const c of WALL_CLOCK_COLUMNS) delete copy[c];
  return JSON.stringify(copy);
}
