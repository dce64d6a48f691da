import { appendFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describeError, InputError, type ErrorRecord, type InputIssue } from '../../errors.js';
import { expandSweep, type SweepExpansion, type SweepRun } from '../../experiment/expand-sweep.js';
import { makeRow, rowColumns } from '../../experiment/row.js';
import { rowsToCsv } from '../../experiment/csv.js';
import { validateSweepSpec, type SweepSpec } from '../../experiment/sweep-spec.js';
import { policyNames } from '../../policies/registry.js';
import { validateScenario } from '../../sim/validate.js';
import { importModule, moduleUrl } from '../import-module.js';
import { writeFileAtomic } from '../write-atomic.js';
import { resolveSweepFiles } from './load-sweep.js';
import { createTaskPool, type TaskPool } from './pool.js';
import { appendRow, dropTornLine, readJsonl, readManifest, SWEEP_FILES, writeRows, type SweepManifest } from './rows-file.js';
import runSweepTask, { type SweepTask, type SweepTaskResult } from './worker.js';

/** A slice of a sweep: run k belongs to shard `k % count`; `index` is 0-based (as a Kubernetes Indexed Job's). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Thrown by {@link runSweep} when every run it started failed: the message is the first run's
 * error; `failed` lists them all (as errors.jsonl does).
 */
export class SweepFailedError extends Error {
  override readonly name = 'SweepFailedError';
  constructor(readonly failed: { runId: string; message: string }[]) {
    super(`every run of the sweep failed (${failed.length}); the first, ${failed[0].runId}: ${failed[0].message}`);
  }
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Output directory (created if missing). */
  outDir: string;
  /** Worker threads (default: the machine's available parallelism); 0 runs in this thread, one run at a time. */
  workers?: number;
  /** Run only this slice of the sweep. */
  shard?: Shard;
  /** Continue the sweep already in `outDir`: runs with a row there are skipped. */
  resume?: boolean;
  /**
   * Replace the output of a previous sweep in `outDir` (so re-running a notebook cell works): its
   * rows, series, errors and sweep.json are removed first, other files are left alone. Only a
   * directory holding a sweep's sweep.json is cleared; anything else is an error, never a deletion.
   */
  overwrite?: boolean;
  /** Called at the start and after every finished run. */
  onProgress?: (progress: SweepProgress) => void;
  /** Stops starting runs when aborted; runs in flight finish and are written. */
  signal?: AbortSignal;
  /** Modules (paths or URLs) to import in every worker, and here, before running: e.g. ones that register policies. */
  preload?: string[];
  /** Directory that a string `base` and workload paths of the spec are relative to (default: the working directory). */
  baseDir?: string;
}

/** Where a sweep is. */
export interface SweepProgress {
  /** Runs of this shard. */
  total: number;
  /** Runs with a row, those already there before (`skipped`) included. */
  done: number;
  /** Runs found done when resuming. */
  skipped: number;
  /** Runs that failed in this session (see errors.jsonl). */
  failed: number;
  /** Wall time since the sweep started, ms. */
  elapsedMs: number;
  /** Estimated wall time left, ms (NaN until a run has finished). */
  etaMs: number;
  /** The run that just finished. */
  last?: { runId: string; ok: boolean };
}

/** What {@link runSweep} did. */
export interface SweepOutcome {
  outDir: string;
  name: string;
  specHash: string;
  /** Runs of this shard. */
  total: number;
  /** Runs run in this session and written. */
  ran: number;
  /** Runs skipped because a row was there (resume). */
  skipped: number;
  /** Runs that threw, with their message and the error as data (also in errors.jsonl). */
  failed: { runId: string; message: string; error: ErrorRecord }[];
  /** Whether the signal stopped the sweep before all runs had started. */
  aborted: boolean;
  workers: number;
  wallMs: number;
}

/**
 * Runs a sweep: every run of `spec` (or of its shard) on worker threads, each finished run appended
 * as one row to `<outDir>/rows.jsonl` and `rows.csv` (in completion order; `readRows` sorts them),
 * its series to `series/<runId>.json` when the spec asks, and the spec and expansion to sweep.json.
 * Rows depend only on the runs' scenarios, never on the worker count or the order of completion
 * (wall-clock columns apart). With `resume`, runs whose row is already there are skipped, so a
 * sweep killed half-way continues where it stopped.
 *
 * Every distinct scenario (one per seed-less combination) is validated before anything runs, so a
 * typo fails at once rather than in every run. A run that throws later is recorded in errors.jsonl
 * and the sweep goes on; it is tried again on resume. If every run fails, the sweep rejects with a
 * {@link SweepFailedError} carrying the first error.
 */
export async function runSweep(spec: SweepSpec | unknown, options: RunSweepOptions): Promise<SweepOutcome> {
  const t0 = performance.now();
  const preload = (options.preload ?? []).map(moduleUrl);
  for (const [i, m] of preload.entries()) await importPreload(m, options.preload![i]);
  const expansion = expandSweep(resolveIfNeeded(spec, options.baseDir ?? process.cwd()));
  checkRuns(expansion);
  const shard = options.shard ?? null;
  if (shard) checkShard(shard);
  const runs = shard ? expansion.runs.filter((r) => r.index % shard.count === shard.index) : expansion.runs;
  const outDir = resolve(options.outDir);
  const columns = rowColumns(expansion.paramColumns);
  if (options.overwrite) {
    if (options.resume) throw new InputError([{ path: 'overwrite', expected: 'either overwrite or resume, not both', received: 'both' }]);
    clearSweepOutputs(outDir);
  }
  const done = prepareDir(outDir, expansion, shard, columns, options.resume ?? false);
  const todo = runs.filter((r) => !done.has(r.runId));
  const skipped = runs.length - todo.length;
  const series = expansion.spec.output?.series ?? false;
  if (series) mkdirSync(join(outDir, SWEEP_FILES.series), { recursive: true });

  const workers = Math.max(0, Math.min(options.workers ?? availableParallelism(), todo.length));
  const pool: TaskPool | undefined = workers > 0 ? await createTaskPool(workers) : undefined;
  const exec = (task: SweepTask): Promise<SweepTaskResult> => (pool ? pool.run(task) : runSweepTask(task));
  const failed: SweepOutcome['failed'] = [];
  let ran = 0;
  const progress = (last?: SweepProgress['last']): void => {
    if (!options.onProgress) return;
    const elapsedMs = performance.now() - t0;
    const finished = ran + failed.length;
    const left = todo.length - finished;
    options.onProgress({ total: runs.length, done: skipped + ran, skipped, failed: failed.length, elapsedMs, etaMs: finished ? (elapsedMs / finished) * left : NaN, last });
  };
  progress();

  const queue = todo.slice();
  const stopped = (): boolean => options.signal?.aborted ?? false;
  // Two runs in flight per worker, so a worker never waits while the main thread writes a row.
  const lanes = Array.from({ length: Math.max(1, workers * 2) }, async () => {
    for (let run = queue.shift(); run && !stopped(); run = queue.shift()) {
      const fail = (error: ErrorRecord): void => {
        failed.push({ runId: run.runId, message: error.message, error });
        appendFileSync(join(outDir, SWEEP_FILES.errors), JSON.stringify({ runId: run.runId, ...error }) + '\n');
        progress({ runId: run.runId, ok: false });
      };
      try {
        const result = await exec({ scenario: run.scenario, series, preload });
        if (result.failure) {
          fail(result.failure);
          continue;
        }
        if (series && result.series) writeFileAtomic(join(outDir, SWEEP_FILES.series, `${run.runId}.json`), JSON.stringify(result.series));
        appendRow(outDir, makeRow(expansion.spec.name, run, result), columns);
        ran++;
        progress({ runId: run.runId, ok: true });
      } catch (err) {
        fail(describeError(err));
      }
    }
  });
  try {
    await Promise.all(lanes);
  } finally {
    await pool?.destroy();
  }
  const aborted = stopped() && ran + failed.length < todo.length;
  // Every run failing is a broken setup (a policy file that does not load, a missing module), not a
  // result: reject with the first error rather than resolve with nothing written.
  if (ran === 0 && failed.length > 0 && failed.length === todo.length) throw new SweepFailedError(failed);
  return { outDir, name: expansion.spec.name, specHash: expansion.specHash, total: runs.length, ran, skipped, failed, aborted, workers, wallMs: performance.now() - t0 };
}

/** Imports a module given with `preload` (`--import`); one that cannot be found or loaded is bad input. */
async function importPreload(url: string, given: string): Promise<void> {
  try {
    await importModule(url);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT' || code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_ESM_URL_SCHEME') {
      throw new InputError([{ path: 'import', expected: 'a module that can be imported (a path to a .js/.mjs/.ts file, or a package name)', received: `${JSON.stringify(given)} (${code})` }]);
    }
    if (err instanceof SyntaxError) {
      throw new InputError([{ path: 'import', expected: 'a module that parses', received: `${JSON.stringify(given)} (${err.message})` }]);
    }
    throw err;
  }
}

/** Validates the spec and reads the files it names (a no-op for one from loadSweepFile, which names none). */
function resolveIfNeeded(spec: unknown, baseDir: string): SweepSpec {
  return resolveSweepFiles(validateSweepSpec(spec), baseDir);
}

/**
 * Validates one scenario per seed-less combination before anything runs. A problem shared by every
 * combination (a typo in the base) is reported once; others are prefixed by the run's labels.
 */
function checkRuns(expansion: SweepExpansion): void {
  const firstSeed = expansion.runs[0]?.seed;
  const combos = expansion.runs.filter((r) => r.seed === firstSeed);
  const found = new Map<string, { issue: InputIssue; where: string[] }>();
  const known = policyNames();
  expansion.spec.policies.forEach((p, i) => {
    if (!known.includes(p.name)) found.set(`policy${i}`, { issue: { path: `policies[${i}].name`, expected: `a registered policy: ${known.map((n) => JSON.stringify(n)).join(', ')}`, received: JSON.stringify(p.name) }, where: combos.map(label) });
  });
  for (const run of combos) {
    try {
      validateScenario(run.scenario);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const issue of err.issues) {
        const key = JSON.stringify(issue);
        const entry = found.get(key) ?? { issue, where: [] };
        entry.where.push(label(run));
        found.set(key, entry);
      }
    }
  }
  if (!found.size) return;
  const issues = [...found.values()].map(({ issue, where }) => (where.length === combos.length ? issue : { ...issue, path: `[${where[0]}${where.length > 1 ? ` and ${where.length - 1} more` : ''}] ${issue.path}` }));
  throw new InputError(issues);
}

/** `static-small / bursty / cluster.cores=16`: a run's labels without its seed. */
function label(run: SweepRun): string {
  return [run.policy, run.workload, ...Object.entries(run.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(' / ');
}

function checkShard(shard: Shard): void {
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new InputError([{ path: 'shard', expected: 'index/count with 0 <= index < count (0-based, as $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID from 0)', received: `${shard.index}/${shard.count}` }]);
  }
}

/**
 * Removes a previous sweep's outputs from `dir` (the files named in SWEEP_FILES, nothing else). A
 * directory with rows.jsonl but no sweep.json is not recognisably ours and is left as it is (the
 * sweep then refuses it, as without overwrite).
 */
function clearSweepOutputs(dir: string): void {
  if (!existsSync(dir) || !readManifest(dir)) return;
  for (const name of Object.values(SWEEP_FILES)) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * Makes `dir` ready and returns the run ids already done there. A fresh sweep needs an empty or new
 * directory; a resumed one needs the same sweep (same hash and shard), loses its torn last line,
 * and gets rows.csv rebuilt from rows.jsonl (the CSV may lag it by a row after a kill).
 */
function prepareDir(dir: string, expansion: SweepExpansion, shard: Shard | null, columns: string[], resume: boolean): Set<string> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new InputError([{ path: 'out', expected: 'a directory (new or empty, or a sweep to --resume)', received: `${JSON.stringify(dir)}, which is a file` }]);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([{ path: 'out', expected: 'a directory that can be created', received: `${JSON.stringify(dir)} (${code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : code})` }]);
  }
  const manifest = readManifest(dir);
  const rowsFile = join(dir, SWEEP_FILES.rows);
  if (manifest || existsSync(rowsFile)) {
    if (!resume) throw new InputError([{ path: 'out', expected: 'a new or empty directory (or --resume to continue the sweep in it, or --overwrite to replace it)', received: `${JSON.stringify(dir)}, which holds a sweep's output` }]);
    if (manifest && manifest.specHash !== expansion.specHash) {
      throw new InputError([{ path: 'out', expected: `the output of this sweep (spec hash ${expansion.specHash}) to resume`, received: `the output of sweep ${JSON.stringify(manifest.name)} (spec hash ${manifest.specHash})`, hint: 'the spec changed since; use another --out' }]);
    }
    if (manifest && JSON.stringify(manifest.shard) !== JSON.stringify(shard)) {
      throw new InputError([{ path: 'shard', expected: `the shard the directory holds (${manifest.shard ? `${manifest.shard.index}/${manifest.shard.count}` : 'the whole sweep'})`, received: shard ? `${shard.index}/${shard.count}` : 'the whole sweep' }]);
    }
  }
  if (!manifest) {
    const m: SweepManifest = {
      format: 'infersim-sweep',
      version: 1,
      name: expansion.spec.name,
      specHash: expansion.specHash,
      spec: expansion.spec,
      paramColumns: expansion.paramColumns,
      columns,
      runIds: expansion.runs.map((r) => r.runId),
      shard,
    };
    writeFileAtomic(join(dir, SWEEP_FILES.sweep), JSON.stringify(m, null, 1) + '\n');
  }
  rmSync(join(dir, SWEEP_FILES.errors), { force: true });
  const read = readJsonl(rowsFile);
  dropTornLine(rowsFile, read);
  const valid = new Set(expansion.runs.map((r) => r.runId));
  const rows = read.rows.filter((r) => valid.has(r.runId));
  if (read.badLines || rows.length !== read.rows.length) writeRows(dir, rows, columns);
  else writeFileAtomic(join(dir, SWEEP_FILES.csv), rowsToCsv(rows, columns));
  return new Set(rows.map((r) => r.runId));
}
