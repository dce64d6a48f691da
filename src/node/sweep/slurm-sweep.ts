import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../errors.js';
import { expandSweep } from '../../experiment/expand-sweep.js';
import type { SweepSpec } from '../../experiment/sweep-spec.js';
import { writeFileAtomic } from '../write-atomic.js';
import { loadSweepFile } from './load-sweep.js';
import { readJsonl, SWEEP_FILES } from './rows-file.js';
import { mergeScript, sweepArrayScript, type SlurmScriptOptions } from './slurm-scripts.js';
import { execSlurm, sbatch, slurmJobStates, slurmStateActive, type SlurmExec } from './slurm-commands.js';

/** Files of a sweep submitted to Slurm, under `<outDir>/slurm/`. */
export const SLURM_FILES = {
  dir: 'slurm',
  /** The spec with its files read in: what every task runs, whatever happens to the original. */
  spec: 'spec.json',
  array: 'sweep.sbatch',
  merge: 'merge.sbatch',
  /** One JSON line per submission: `{ kind: 'array', jobId, shards, of, at }` or `{ kind: 'merge', jobId, after, at }`. */
  jobs: 'jobs.jsonl',
  logs: 'logs',
} as const;

/** Options of {@link submitSlurmSweep}. */
export interface SlurmSweepOptions {
  /** Output directory on a file system every node sees: `shard-<i>/`, `merged/`, `slurm/`. */
  outDir: string;
  /** Array tasks = shards. */
  shards: number;
  /**
   * Resubmit the shards that are not complete (each resumes where it stopped) and a new merge job.
   * Without it the directory must not hold a submitted sweep yet.
   */
  resume?: boolean;
  /** Worker threads per task (default: `$SLURM_CPUS_PER_TASK`, else 1). */
  workers?: number;
  /** Extra sbatch options for every job, e.g. `--partition=cpu`, `--time=02:00:00`, `--cpus-per-task=4`. */
  sbatchOptions?: readonly string[];
  /** Modules every worker imports first (see `runSweep`'s `preload`). */
  imports?: readonly string[];
  /** The command that runs infersim on the nodes (default: this Node and this package's `dist/cli/main.js`). */
  command?: readonly string[];
  /** How Slurm's commands are run (tests may stand in for them). */
  exec?: SlurmExec;
}

/** One submission recorded in jobs.jsonl. */
export type SlurmSubmission = { kind: 'array'; jobId: string; shards: number[]; of: number; at: string } | { kind: 'merge'; jobId: string; after: string | null; at: string };

/** What {@link submitSlurmSweep} submitted. */
export interface SlurmSubmitOutcome {
  outDir: string;
  name: string;
  /** Array job id, or null when every shard was already complete. */
  arrayJobId: string | null;
  /** Shards (array indices) submitted. */
  shards: number[];
  /** The merge job's id, or null when the merged directory was already complete. */
  mergeJobId: string | null;
  /** Runs of the whole sweep. */
  runs: number;
}

/** Where one shard is. */
export interface SlurmShardStatus {
  index: number;
  /** Runs of the shard. */
  runs: number;
  /** Runs with a row in `shard-<index>/rows.jsonl`. */
  done: number;
  /** Its latest array task (`12_3`), if it was submitted. */
  job?: string;
  /** That task's state, when squeue or sacct still know it. */
  state?: string;
  reason?: string;
}

/** Where a sweep submitted to Slurm is: the shards' rows (the truth) and their jobs' states. */
export interface SlurmSweepStatus {
  outDir: string;
  name: string;
  specHash: string;
  runs: number;
  /** Runs with a row in some shard. */
  done: number;
  shards: SlurmShardStatus[];
  merge: { rows: number; job?: string; state?: string; reason?: string };
  /** Whether a job of the sweep is still queued or running. */
  active: boolean;
  /** Shards without all their rows: what `--resume` resubmits. */
  incomplete: number[];
  /** Whether `merged/` holds every run. */
  complete: boolean;
}

/** Reads and checks the sweep file, and the shard count against the runs. */
function prepareSpec(file: string, shards: number): { spec: SweepSpec; runIds: string[]; specHash: string; name: string } {
  const spec = loadSweepFile(file);
  const expansion = expandSweep(spec);
  if (!Number.isInteger(shards) || shards < 1 || shards > expansion.runs.length) {
    throw new InputError([{ path: '--slurm', expected: `a number of array tasks from 1 to the sweep's ${expansion.runs.length} runs`, received: JSON.stringify(shards) }]);
  }
  return { spec, runIds: expansion.runs.map((r) => r.runId), specHash: expansion.specHash, name: spec.name };
}

/**
 * Submits a sweep to Slurm as a job array, one shard per task, and a merge job that starts when every
 * task has ended (`afterany`: it then lists what is missing instead of waiting forever). Writes the
 * spec (files read in) and both batch scripts to `<outDir>/slurm/`, so the jobs depend on nothing but
 * the output directory and the installed package; records the job ids in `slurm/jobs.jsonl`.
 *
 * With `resume`, submits only the shards whose directory lacks rows (killed, failed, timed out or
 * never started); each task resumes its shard. Refuses while a job of the sweep is queued or running,
 * and when the spec no longer hashes as the one first submitted.
 */
export function submitSlurmSweep(file: string, options: SlurmSweepOptions): SlurmSubmitOutcome {
  const exec = options.exec ?? execSlurm;
  const { spec, runIds, specHash, name } = prepareSpec(file, options.shards);
  const outDir = resolve(options.outDir);
  const dir = join(outDir, SLURM_FILES.dir);
  const specFile = join(dir, SLURM_FILES.spec);
  const submitted = existsSync(join(dir, SLURM_FILES.jobs));
  if (submitted && !options.resume) {
    throw new InputError([{ path: 'out', expected: 'a directory without a submitted sweep (or --resume to resubmit its unfinished shards)', received: `${JSON.stringify(options.outDir)}, which holds one` }]);
  }
  let todo = Array.from({ length: options.shards }, (_, i) => i);
  let mergeNeeded = true;
  if (submitted) {
    const status = slurmSweepStatus(outDir, { exec });
    if (status.specHash !== specHash) {
      throw new InputError([{ path: 'out', expected: `the output of this sweep (spec hash ${specHash}) to resume`, received: `the output of sweep ${JSON.stringify(status.name)} (spec hash ${status.specHash})`, hint: 'the spec changed since it was submitted; use another --out' }]);
    }
    if (status.shards.length !== options.shards) {
      throw new InputError([{ path: '--slurm', expected: `the ${status.shards.length} shards the sweep was submitted with`, received: String(options.shards) }]);
    }
    const busy = [...status.shards.filter((s) => slurmStateActive(s.state)).map((s) => `${s.job} (${s.state})`), ...(slurmStateActive(status.merge.state) ? [`${status.merge.job} (${status.merge.state})`] : [])];
    if (busy.length) throw new InputError([{ path: '--resume', expected: 'no job of this sweep still queued or running', received: busy.join(', '), hint: 'wait for them (--status --wait) or scancel them' }]);
    todo = status.incomplete;
    mergeNeeded = !status.complete;
  } else {
    mkdirSync(join(dir, SLURM_FILES.logs), { recursive: true });
    writeFileAtomic(specFile, JSON.stringify(spec, null, 1) + '\n');
  }
  const script: SlurmScriptOptions = {
    name,
    specHash,
    shards: options.shards,
    runs: runIds.length,
    outDir,
    specFile,
    workers: options.workers,
    imports: (options.imports ?? []).map((m) => (/^[a-z][a-z0-9+.-]*:/i.test(m) ? m : pathToFileURL(resolve(m)).href)),
    command: options.command,
  };
  const arrayScript = join(dir, SLURM_FILES.array);
  const mergeFile = join(dir, SLURM_FILES.merge);
  writeFileAtomic(arrayScript, sweepArrayScript(script));
  writeFileAtomic(mergeFile, mergeScript(script));
  chmodSync(arrayScript, 0o755);
  chmodSync(mergeFile, 0o755);
  const extra = options.sbatchOptions ?? [];
  const record = (s: SlurmSubmission): void => appendFileSync(join(dir, SLURM_FILES.jobs), JSON.stringify(s) + '\n');
  const at = (): string => new Date().toISOString();
  let arrayJobId: string | null = null;
  if (todo.length) {
    arrayJobId = sbatch(exec, [`--array=${todo.join(',')}`, ...extra, arrayScript]);
    record({ kind: 'array', jobId: arrayJobId, shards: todo, of: options.shards, at: at() });
  }
  let mergeJobId: string | null = null;
  if (mergeNeeded) {
    mergeJobId = sbatch(exec, [...(arrayJobId ? [`--dependency=afterany:${arrayJobId}`] : []), ...extra, mergeFile]);
    record({ kind: 'merge', jobId: mergeJobId, after: arrayJobId, at: at() });
  }
  return { outDir, name, arrayJobId, shards: todo, mergeJobId, runs: runIds.length };
}

/** Reads `<outDir>/slurm/jobs.jsonl`. */
export function readSubmissions(outDir: string): SlurmSubmission[] {
  const file = join(resolve(outDir), SLURM_FILES.dir, SLURM_FILES.jobs);
  if (!existsSync(file)) {
    throw new InputError([{ path: 'out', expected: `the output directory of a sweep submitted with --slurm (with ${SLURM_FILES.dir}/${SLURM_FILES.jobs})`, received: JSON.stringify(outDir) }]);
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as SlurmSubmission);
}

/**
 * Where a sweep submitted with {@link submitSlurmSweep} is: rows per shard read from the shard
 * directories (what counts: a shard is complete when it has a row for each of its runs), and the
 * state of each shard's latest task and of the latest merge job from squeue, else sacct.
 */
export function slurmSweepStatus(outDir: string, options: { exec?: SlurmExec } = {}): SlurmSweepStatus {
  const exec = options.exec ?? execSlurm;
  const out = resolve(outDir);
  const submissions = readSubmissions(out);
  const spec = JSON.parse(readFileSync(join(out, SLURM_FILES.dir, SLURM_FILES.spec), 'utf8')) as SweepSpec;
  const expansion = expandSweep(spec);
  const count = submissions.find((s) => s.kind === 'array')?.of ?? 0;
  const latestTask = new Map<number, string>();
  let mergeJob: string | undefined;
  for (const s of submissions) {
    if (s.kind === 'array') for (const i of s.shards) latestTask.set(i, `${s.jobId}_${i}`);
    else mergeJob = s.jobId;
  }
  const states = slurmJobStates(exec, [...latestTask.values(), ...(mergeJob ? [mergeJob] : [])]);
  const shards: SlurmShardStatus[] = Array.from({ length: count }, (_, index) => {
    const ids = new Set(expansion.runs.filter((r) => r.index % count === index).map((r) => r.runId));
    const done = new Set(readJsonl(join(out, `shard-${index}`, SWEEP_FILES.rows)).rows.filter((r) => ids.has(r.runId)).map((r) => r.runId)).size;
    const job = latestTask.get(index);
    const st = job ? states.get(job) : undefined;
    return { index, runs: ids.size, done, ...(job ? { job } : {}), ...(st ? { state: st.state, ...(st.reason ? { reason: st.reason } : {}) } : {}) };
  });
  const all = new Set(expansion.runs.map((r) => r.runId));
  const merged = new Set(readJsonl(join(out, 'merged', SWEEP_FILES.rows)).rows.filter((r) => all.has(r.runId)).map((r) => r.runId)).size;
  const ms = mergeJob ? states.get(mergeJob) : undefined;
  const merge = { rows: merged, ...(mergeJob ? { job: mergeJob } : {}), ...(ms ? { state: ms.state, ...(ms.reason ? { reason: ms.reason } : {}) } : {}) };
  return {
    outDir: out,
    name: expansion.spec.name,
    specHash: expansion.specHash,
    runs: expansion.runs.length,
    done: shards.reduce((s, x) => s + x.done, 0),
    shards,
    merge,
    active: shards.some((s) => slurmStateActive(s.state)) || slurmStateActive(merge.state),
    incomplete: shards.filter((s) => s.done < s.runs).map((s) => s.index),
    complete: merged === all.size,
  };
}

/** A status in a few lines: the totals, then one line per shard and one for the merge job. */
export function formatSlurmStatus(s: SlurmSweepStatus): string {
  const job = (id?: string, state?: string, reason?: string): string => (id ? `job ${id} ${state ?? 'ended (no longer known to squeue or sacct)'}${reason ? ` (${reason})` : ''}` : 'not submitted');
  const lines = [
    `sweep ${s.name} on Slurm: ${s.done}/${s.runs} runs in ${s.shards.length} shards (${((100 * s.done) / Math.max(1, s.runs)).toFixed(0)}%); merged: ${s.merge.rows}/${s.runs} runs -> ${s.outDir}`,
    ...s.shards.map((x) => `  shard ${x.index}: ${x.done}/${x.runs} runs, ${job(x.job, x.state, x.reason)}`),
    `  merge: ${job(s.merge.job, s.merge.state, s.merge.reason)}`,
  ];
  if (!s.active && s.incomplete.length) lines.push(`  unfinished shards ${s.incomplete.join(', ')}: resubmit them with --resume`);
  else if (!s.active && !s.complete) lines.push('  every shard is complete but merged/ is not: --resume submits the merge again');
  return lines.join('\n');
}

/**
 * Polls {@link slurmSweepStatus} until no job of the sweep is queued or running; calls `onChange`
 * with each status that differs from the last. The interval starts at `minIntervalMs` and grows to a
 * tenth of the time waited, at most `maxIntervalMs`, so a long sweep does not poll the scheduler often.
 */
export async function waitForSlurmSweep(
  outDir: string,
  options: { exec?: SlurmExec; onChange?: (s: SlurmSweepStatus) => void; signal?: AbortSignal; minIntervalMs?: number; maxIntervalMs?: number } = {},
): Promise<SlurmSweepStatus> {
  const t0 = Date.now();
  let last = '';
  for (;;) {
    const s = slurmSweepStatus(outDir, options);
    const key = JSON.stringify([s.done, s.merge, s.shards.map((x) => [x.done, x.state])]);
    if (key !== last) options.onChange?.(s);
    last = key;
    if (!s.active || options.signal?.aborted) return s;
    const wait = Math.min(options.maxIntervalMs ?? 30_000, Math.max(options.minIntervalMs ?? 1_000, (Date.now() - t0) / 10));
    await new Promise((r) => setTimeout(r, wait));
  }
}
