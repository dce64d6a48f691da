import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { expandSweep } from '../../experiment/expand-sweep.js';
import { loadSweepFile } from '../../node/sweep/load-sweep.js';
import { formatSlurmStatus, slurmSweepStatus, submitSlurmSweep, waitForSlurmSweep, type SlurmSweepStatus } from '../../node/sweep/slurm-sweep.js';

/** The flags of `infersim sweep` that its Slurm mode reads. */
export interface SlurmSweepFlags {
  out?: string;
  workers?: string;
  shard?: string;
  resume?: boolean;
  quiet?: boolean;
  overwrite?: boolean;
  json?: boolean;
  import: string[];
  slurm?: string;
  sbatch: string[];
  status?: boolean;
  wait?: boolean;
}

/** Whether the flags ask for Slurm (`--slurm`, `--status`, `--wait`) rather than a run on this machine. */
export function wantsSlurm(flags: SlurmSweepFlags): boolean {
  return flags.slurm !== undefined || flags.status === true || flags.wait === true;
}

/**
 * `infersim sweep <sweep.json> --slurm N [--out DIR] [--resume] [--wait] [--sbatch OPT]...`: submits
 * the sweep as a job array of N shards and a merge job (or, with --resume, the unfinished shards);
 * `--status` prints where a submitted sweep is, `--wait` polls until its jobs have ended. Exit code
 * 0 once merged/ holds every run, 1 when runs are missing after the jobs ended, 0 after a plain
 * submission.
 */
export async function slurmSweepCommand(file: string, flags: SlurmSweepFlags): Promise<void> {
  if (flags.shard !== undefined) throw new InputError([{ path: '--shard', expected: 'no --shard with --slurm (each array task runs its own shard)', received: JSON.stringify(flags.shard) }]);
  if (flags.overwrite) throw new InputError([{ path: '--overwrite', expected: 'no --overwrite with --slurm (use a new --out, or --resume)', received: 'true' }]);
  const shards = flags.slurm === undefined ? undefined : positiveInt('--slurm', flags.slurm);
  const workers = flags.workers === undefined ? undefined : flags.workers === '0' ? 0 : positiveInt('--workers', flags.workers);
  const outDir = flags.out ?? join('sweep-results', loadSweepFile(file).name.replace(/[^A-Za-z0-9._-]+/g, '-'));
  if (flags.status) {
    checkSameSweep(file, slurmSweepStatus(outDir));
  } else {
    if (shards === undefined) throw new InputError([{ path: '--slurm', expected: 'the number of array tasks (shards) to submit, e.g. --slurm 8', received: 'nothing' }]);
    const s = submitSlurmSweep(file, { outDir, shards, resume: flags.resume, workers, sbatchOptions: flags.sbatch, imports: flags.import });
    if (flags.json && !flags.wait) {
      process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      return;
    }
    const what = s.arrayJobId ? `job array ${s.arrayJobId} (shard${s.shards.length > 1 ? 's' : ''} ${s.shards.join(',')} of ${shards}, ${s.runs} runs in all)` : 'no shard (all complete)';
    if (!flags.json) process.stdout.write(
      `sweep ${s.name}: submitted ${what}${s.mergeJobId ? ` and merge job ${s.mergeJobId}${s.arrayJobId ? ` (afterany:${s.arrayJobId})` : ''}` : ''} -> ${s.outDir}\n` +
        (flags.wait ? '' : `  progress: infersim sweep ${file} --out ${flags.out ?? outDir} --status [--wait]   (or squeue --me)\n`),
    );
    if (!flags.wait) return;
  }
  let status: SlurmSweepStatus;
  if (flags.wait) {
    status = await waitForSlurmSweep(outDir, { onChange: flags.quiet ? undefined : (st) => process.stderr.write(progressLine(st) + '\n') });
  } else status = slurmSweepStatus(outDir);
  process.stdout.write((flags.json ? JSON.stringify(status, null, 2) : formatSlurmStatus(status)) + '\n');
  process.exitCode = status.complete ? 0 : status.active ? 0 : 1;
}

/** `tiny: 18/24 runs, shards: 2 COMPLETED, 1 RUNNING; merge PENDING (Dependency)`. */
function progressLine(s: SlurmSweepStatus): string {
  const counts = new Map<string, number>();
  for (const x of s.shards) counts.set(x.state ?? 'ended', (counts.get(x.state ?? 'ended') ?? 0) + 1);
  const states = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  return `${s.name}: ${s.done}/${s.runs} runs, shards: ${states}; merge ${s.merge.state ?? (s.merge.job ? 'ended' : 'not submitted')}${s.merge.reason ? ` (${s.merge.reason})` : ''}`;
}

function checkSameSweep(file: string, status: SlurmSweepStatus): void {
  const hash = expandSweep(loadSweepFile(file)).specHash;
  if (hash !== status.specHash) {
    throw new InputError([{ path: 'out', expected: `the output of sweep ${JSON.stringify(file)} (spec hash ${hash})`, received: `the output of sweep ${JSON.stringify(status.name)} (spec hash ${status.specHash})` }]);
  }
}

function positiveInt(path: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InputError([{ path, expected: 'an integer >= 1', received: JSON.stringify(text) }]);
  return n;
}
