import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadSweepFile } from '../../node/sweep/load-sweep.js';
import { runSweep, SweepFailedError, type Shard, type SweepProgress } from '../../node/sweep/run-sweep.js';
import { duration } from '../progress.js';
import { slurmSweepCommand, wantsSlurm, type SlurmSweepFlags } from './sweep-slurm.js';

/** Flags of `infersim sweep` (the Slurm ones in {@link SlurmSweepFlags}). */
interface SweepFlags extends SlurmSweepFlags {
  out?: string;
  workers?: string;
  shard?: string;
  resume?: boolean;
  overwrite?: boolean;
  quiet?: boolean;
  json?: boolean;
  import: string[];
}

/**
 * `infersim sweep <sweep.json> [--out DIR] [--workers N] [--shard i/n] [--resume] [--quiet]`:
 * runs a sweep on worker threads, with a progress bar on a terminal and plain lines in logs.
 * Exit code 1 when runs failed (errors.jsonl), 130 when stopped by Ctrl-C (resume with --resume).
 */
export function register(program: Command): void {
  program
    .command('sweep')
    .description('run a sweep (policies x workloads x parameters x seeds) in parallel; rows to <out>/rows.jsonl and rows.csv')
    .argument('<sweep>', 'sweep JSON file (see docs/sweeps.md)')
    .option('--out <dir>', 'output directory (default sweep-results/<name>, plus /shard-<i> with --shard)')
    .option('--workers <n>', 'worker threads (default: available cores; 0: in the main thread)')
    .option('--shard <i/n>', 'run only shard i of n (0-based: run k belongs to shard k mod n)')
    .option('--resume', 'continue the sweep in --out: skip the runs that have a row there')
    .option('--overwrite', 'replace the output of a previous sweep in --out (only a directory holding a sweep.json is cleared)')
    .option('--quiet', 'no progress output')
    .option('--json', 'print the outcome as JSON on stdout (name, outDir, total, ran, skipped, failed, aborted, workers, wallMs)')
    .option('--import <module>', 'import a module in every worker first, e.g. one that registers a policy (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--slurm <tasks>', 'submit to Slurm as a job array of <tasks> shards and a merge job; with --resume, resubmit the unfinished shards')
    .option('--sbatch <option>', 'with --slurm: an sbatch option for every job, e.g. --sbatch=--partition=cpu (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--status', 'where the sweep submitted with --slurm to --out is (rows per shard, job states)')
    .option('--wait', 'with --slurm or --status: wait until the jobs have ended, printing progress')
    .action(async (file: string, flags: SweepFlags) => {
      if (wantsSlurm(flags)) return slurmSweepCommand(file, flags);
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const workers = flags.workers === undefined ? undefined : parseWorkers(flags.workers);
      const spec = loadSweepFile(file);
      const outDir = flags.out ?? join('sweep-results', spec.name.replace(/[^A-Za-z0-9._-]+/g, '-'), ...(shard ? [`shard-${shard.index}`] : []));
      const reporter = flags.quiet ? undefined : progressReporter(spec.name);
      const controller = new AbortController();
      let interrupts = 0;
      const onInterrupt = (): void => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        const note = 'stopping after the runs in flight (Ctrl-C again: now); resume with --resume';
        if (reporter) reporter.note(note);
        else process.stderr.write(`\ninfersim: ${note}\n`);
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      try {
        const outcome = await runSweep(spec, { outDir, workers, shard, resume: flags.resume, overwrite: flags.overwrite, onProgress: reporter?.update, signal: controller.signal, preload: flags.import });
        reporter?.stop();
        const failed = outcome.failed.length;
        if (flags.json) process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
        else process.stdout.write(
          `sweep ${outcome.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}: ${outcome.ran} runs written` +
            `${outcome.skipped ? `, ${outcome.skipped} already done` : ''}${failed ? `, ${failed} failed (see errors.jsonl)` : ''}` +
            `${outcome.aborted ? `, ${outcome.total - outcome.ran - outcome.skipped - failed} not run (stopped)` : ''}` +
            ` in ${(outcome.wallMs / 1000).toFixed(1)} s on ${outcome.workers} worker(s) -> ${outcome.outDir}\n`,
        );
        if (failed) process.stderr.write(`infersim: first failure (${outcome.failed[0].runId}): ${outcome.failed[0].message}\n`);
        process.exitCode = outcome.aborted ? 130 : failed ? 1 : 0;
      } catch (err) {
        if (!(err instanceof SweepFailedError)) throw err;
        reporter?.stop();
        process.stderr.write(`infersim: ${err.message} (all in ${join(outDir, 'errors.jsonl')})\n`);
        process.exitCode = 1;
      } finally {
        reporter?.stop();
        process.off('SIGINT', onInterrupt);
      }
    });
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index >= shard.count) {
    throw new InputError([{ path: '--shard', expected: 'i/n with 0 <= i < n (0-based, e.g. 0/4 ... 3/4)', received: JSON.stringify(text) }]);
  }
  return shard;
}

function parseWorkers(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InputError([{ path: '--workers', expected: 'an integer >= 0', received: JSON.stringify(text) }]);
  return n;
}

/**
 * A progress bar with an ETA on a terminal; in a log (stderr not a TTY: a cluster job, CI) a plain
 * line every 10% or 30 s, since a redrawn bar would fill the log with control characters.
 */
function progressReporter(name: string): { update: (p: SweepProgress) => void; note: (text: string) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${name} {bar} {value}/{total} runs | {percentage}% | {elapsed} elapsed, ETA {etaText}{failedText}{note}`, stream: process.stderr, hideCursor: true, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let stopped = false;
    // Text written to stderr while the bar is drawn would be overdrawn: a note goes into the bar's line.
    let note = '';
    return {
      note(text) {
        note = ` | ${text}`;
        if (started && !stopped) bar.update({ note });
      },
      update(p) {
        const payload = { etaText: duration(p.etaMs), elapsed: duration(p.elapsedMs), failedText: p.failed ? ` | ${p.failed} failed` : '', note };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop() {
        if (started && !stopped) bar.stop();
        stopped = true;
      },
    };
  }
  let lastAt = 0;
  let lastTenth = -1;
  return {
    update(p) {
      const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
      const now = p.elapsedMs;
      if (p.done !== p.total && tenth === lastTenth && now - lastAt < 30_000 && p.last) return;
      lastAt = now;
      lastTenth = tenth;
      const pct = ((100 * p.done) / Math.max(1, p.total)).toFixed(0);
      process.stderr.write(`${name}: ${p.done}/${p.total} runs (${pct}%)${p.skipped ? `, ${p.skipped} already done` : ''}${p.failed ? `, ${p.failed} failed` : ''}, ${duration(p.elapsedMs)} elapsed, ETA ${duration(p.etaMs)}\n`);
    },
    note(text) {
      process.stderr.write(`infersim: ${text}\n`);
    },
    stop() {},
  };
}
