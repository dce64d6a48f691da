import { spawnSync } from 'node:child_process';
import { InputError } from '../../errors.js';

/** Runs a Slurm client command; returns its exit status and output (never throws for a non-zero exit). */
export type SlurmExec = (command: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string; missing?: boolean };

/** The real Slurm client commands, found on PATH, run with `env` (default: this process's; `SLURM_CONF` names the cluster's config). */
export function slurmExecutor(env: NodeJS.ProcessEnv = process.env): SlurmExec {
  return (command, args) => {
    const r = spawnSync(command, args, { encoding: 'utf8', env });
    const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr || (r.error ? r.error.message : ''), missing };
  };
}

/** {@link slurmExecutor} with this process's environment. */
export const execSlurm: SlurmExec = slurmExecutor();

/** The state of one Slurm job or array task, as squeue or sacct reports it. */
export interface SlurmJobState {
  /** `12` for a job, `12_3` for task 3 of array job 12. */
  id: string;
  /** `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, ... (sacct's `CANCELLED by 0` becomes `CANCELLED`). */
  state: string;
  /** squeue's reason (`Resources`, `Dependency`, ...), when not `None`. */
  reason?: string;
  /** Who answered: squeue knows recent jobs (for MinJobAge, 300 s by default, after they end); sacct needs accounting. */
  source: 'squeue' | 'sacct';
}

/** States after which a job runs no more (anything else is queued, running or about to be requeued). */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'SPECIAL_EXIT']);

/** Whether a job in this state may still run (unknown jobs, gone from squeue and sacct, have ended). */
export function slurmStateActive(state: string | undefined): boolean {
  return state !== undefined && !ENDED.has(state);
}

/** Submits a batch script with `sbatch --parsable`; returns the job id. */
export function sbatch(exec: SlurmExec, args: readonly string[]): string {
  const r = exec('sbatch', ['--parsable', ...args]);
  if (r.missing) throw new InputError([{ path: 'slurm', expected: "Slurm's sbatch on PATH (run this on a cluster's login node)", received: 'no sbatch command' }]);
  const id = /^(\d+)/.exec(r.stdout.trim())?.[1];
  if (r.status !== 0 || !id) throw new InputError([{ path: 'sbatch', expected: 'a submitted job', received: `exit ${r.status}: ${(r.stderr || r.stdout).trim()}`, hint: `sbatch ${args.join(' ')}` }]);
  return id;
}

/**
 * The states of the given jobs and array tasks (`12`, `12_3`; an array job id stands for all its
 * tasks): squeue first (queued, running and recently ended jobs), then sacct for the rest where the
 * cluster keeps accounting. Jobs neither knows are left out.
 */
export function slurmJobStates(exec: SlurmExec, jobIds: readonly string[]): Map<string, SlurmJobState> {
  const found = new Map<string, SlurmJobState>();
  if (!jobIds.length) return found;
  const wanted = new Set(jobIds);
  const mine = (id: string): boolean => wanted.has(id) || wanted.has(id.split('_')[0]);
  // Every job squeue knows, one line per array task (-r); filtering here avoids squeue's error for an unknown id.
  const q = exec('squeue', ['--noheader', '--array', '--states=all', '--format=%i|%T|%r']);
  if (q.missing) throw new InputError([{ path: 'slurm', expected: "Slurm's squeue on PATH (run this on a cluster's login node)", received: 'no squeue command' }]);
  // Without squeue's answer nothing is known to have ended: going on could submit a shard twice.
  if (q.status !== 0) throw new InputError([{ path: 'squeue', expected: 'the queue (is slurmctld up? is SLURM_CONF right?)', received: `exit ${q.status}: ${q.stderr.trim()}` }]);
  for (const s of parseSqueue(q.stdout)) if (mine(s.id)) found.set(s.id, s);
  const rest = [...wanted].filter((id) => !found.has(id) && ![...found.keys()].some((k) => k.startsWith(`${id}_`)));
  if (rest.length) {
    const a = exec('sacct', ['--noheader', '--parsable2', '--allocations', `--jobs=${rest.join(',')}`, '--format=JobID,State']);
    if (a.status === 0) for (const s of parseSacct(a.stdout)) if (mine(s.id) && !found.has(s.id)) found.set(s.id, s);
  }
  return found;
}

/** Parses `squeue --noheader --array --format=%i|%T|%r`. */
export function parseSqueue(text: string): SlurmJobState[] {
  return text
    .split('\n')
    .map((l) => l.trim().split('|'))
    .filter((f) => f.length >= 2 && f[0] !== '')
    .map(([id, state, reason]) => ({ id, state, ...(reason && reason !== 'None' ? { reason } : {}), source: 'squeue' as const }));
}

/** Parses `sacct --noheader --parsable2 --allocations --format=JobID,State` (`CANCELLED by 0` -> `CANCELLED`). */
export function parseSacct(text: string): SlurmJobState[] {
  return text
    .split('\n')
    .map((l) => l.trim().split('|'))
    .filter((f) => f.length >= 2 && /^\d+(_\d+)?$/.test(f[0]))
    .map(([id, state]) => ({ id, state: state.split(' ')[0], source: 'sacct' as const }));
}
