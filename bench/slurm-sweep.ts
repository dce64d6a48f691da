// A sweep on a real Slurm, the way docs/sweeps.md tells it: a single-node Slurm started on this
// machine (scripts/slurm-local.sh), examples/cluster/slurm-test-sweep.json (24 runs) submitted as a
// 3-task job array with `infersim sweep --slurm 3`, task 1 cancelled with scancel after its first
// row, `--status --wait` until the first round has ended (the merge job then fails: 7 runs missing),
// `--resume --wait` (shard 1 again, and a merge), then the same sweep on this machine with
// `--workers 2`. test/experiment/slurm-real.test.ts runs it and checks the rows; run it alone for the
// figures of docs/sweeps.md:
//
//   npm run build && npx tsx bench/slurm-sweep.ts [--repeat N]
//
// Needs root and the Debian packages slurm-wlm and munge. Runs the built CLI (dist/), as the nodes do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRows } from '../src/node/sweep/rows-file.js';
import { slurmExecutor } from '../src/node/sweep/slurm-commands.js';
import { readSubmissions, slurmSweepStatus, type SlurmSweepStatus } from '../src/node/sweep/slurm-sweep.js';
import { WALL_CLOCK_COLUMNS, type SweepRow } from '../src/experiment/row.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The sweep file, relative to the repository (the commands below run there, as in the docs). */
export const SLURM_TEST_SWEEP = 'examples/cluster/slurm-test-sweep.json';
const SHARDS = 3;
const KILLED = 1;

/** A single-node Slurm of our own (its own directory and ports), or why it could not start. */
export interface LocalSlurm {
  /** `SLURM_CONF` for the client commands; undefined when it could not start. */
  conf?: string;
  /** Why it could not start. */
  error?: string;
  stop(): void;
}

/** Starts scripts/slurm-local.sh in a fresh directory on random ports, so several can run at once. */
export function startLocalSlurm(): LocalSlurm {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-slurm-'));
  const env = { ...process.env, INFERSIM_SLURM_DIR: dir, INFERSIM_SLURM_PORT: String(20000 + 2 * Math.floor(Math.random() * 15000)) };
  const script = join(root, 'scripts', 'slurm-local.sh');
  const stop = (): void => {
    spawnSync('bash', [script, 'stop'], { env, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  };
  const r = spawnSync('bash', [script, 'start'], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    stop();
    return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim(), stop() {} };
  }
  return { conf: join(dir, 'slurm.conf'), stop };
}

/** What one trial did and measured. */
export interface SlurmTrial {
  /** The commands run, in order, as docs/sweeps.md shows them (`$OUT`, `$LOCAL`: the directories). */
  commands: string[];
  /** Rows shard 1 had when its task was cancelled, and after its task had ended. */
  killedShard: { index: number; rowsAtCancel: number; rowsAfter: number; state?: string };
  /** Status after the first round (before --resume) and at the end. */
  firstRound: SlurmSweepStatus;
  final: SlurmSweepStatus;
  /** Exit codes of the CLI commands, in order. */
  exitCodes: number[];
  mergedRows: SweepRow[];
  localRows: SweepRow[];
  /** Wall seconds: submit to the first round's end, the --resume round, submit to merged, the local sweep. */
  figures: { firstRoundS: number; resumeS: number; slurmTotalS: number; localS: number };
}

/** Runs the trial on a started Slurm (`conf`), in `workDir` (a fresh directory: the "shared" file system). */
export async function slurmTrial(conf: string, workDir: string): Promise<SlurmTrial> {
  const out = join(workDir, 'out');
  const local = join(workDir, 'local');
  const env = { ...process.env, SLURM_CONF: conf };
  const commands: string[] = [];
  const exitCodes: number[] = [];
  const show = (args: string[]): string => args.map((a) => a.replace(out, '$OUT').replace(local, '$LOCAL')).join(' ');
  const infersim = (...args: string[]): string => {
    commands.push(`infersim ${show(args)}`);
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], { cwd: root, env, encoding: 'utf8' });
    exitCodes.push(r.status ?? -1);
    if (r.status === 2 || r.status === null) throw new Error(`infersim ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  };
  const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
  const rowsOf = (shard: number): number => {
    const f = join(out, `shard-${shard}`, 'rows.jsonl');
    return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
  };

  const t0 = performance.now();
  infersim('sweep', SLURM_TEST_SWEEP, '--slurm', String(SHARDS), '--out', out);
  const arrayJob = readSubmissions(out)[0].jobId;
  // Cancel task 1 once it has written a row: killed mid-way, with work done that --resume must keep.
  const deadline = Date.now() + 120_000;
  while (rowsOf(KILLED) === 0) {
    if (Date.now() > deadline) throw new Error(`shard ${KILLED} wrote no row within 120 s:\n${infersim('sweep', SLURM_TEST_SWEEP, '--out', out, '--status')}`);
    await sleep(50);
  }
  commands.push(`scancel <array job id>_${KILLED}`);
  const cancel = spawnSync('scancel', [`${arrayJob}_${KILLED}`], { env, encoding: 'utf8' });
  exitCodes.push(cancel.status ?? -1);
  const rowsAtCancel = rowsOf(KILLED);
  infersim('sweep', SLURM_TEST_SWEEP, '--out', out, '--status', '--wait', '--quiet');
  const t1 = performance.now();
  const firstRound = slurmSweepStatus(out, { exec: slurmExecutor(env) });
  const rowsAfter = rowsOf(KILLED);
  infersim('sweep', SLURM_TEST_SWEEP, '--slurm', String(SHARDS), '--out', out, '--resume', '--wait', '--quiet');
  const t2 = performance.now();
  const final = slurmSweepStatus(out, { exec: slurmExecutor(env) });
  infersim('sweep', SLURM_TEST_SWEEP, '--out', local, '--workers', '2', '--quiet');
  const t3 = performance.now();
  return {
    commands,
    killedShard: { index: KILLED, rowsAtCancel, rowsAfter, state: firstRound.shards[KILLED].state },
    firstRound,
    final,
    exitCodes,
    mergedRows: readRows(join(out, 'merged')),
    localRows: readRows(local),
    figures: { firstRoundS: (t1 - t0) / 1000, resumeS: (t2 - t1) / 1000, slurmTotalS: (t2 - t0) / 1000, localS: (t3 - t2) / 1000 },
  };
}

/** Rows as text without their wall-clock columns: equal for equal simulations. */
export function deterministicText(rows: readonly SweepRow[]): string {
  return JSON.stringify(
    rows.map((r) => {
      const copy: Record<string, unknown> = { ...r };
      for (const c of WALL_CLOCK_COLUMNS) delete copy[c];
      return copy;
    }),
  );
}

async function main(): Promise<void> {
  const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1] ?? 1) || 1;
  const t = performance.now();
  const slurm = startLocalSlurm();
  const startS = (performance.now() - t) / 1000;
  if (!slurm.conf) throw new Error(`Slurm did not start: ${slurm.error}`);
  try {
    process.stdout.write(`${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)} at start, Node ${process.version}; Slurm started in ${startS.toFixed(1)} s\n\n`);
    process.stdout.write('| trial | submit to first round ended (s) | --resume round (s) | submit to merged (s) | rows of shard 1 at scancel | local sweep, 2 workers (s) | rows equal |\n|---:|---:|---:|---:|---:|---:|---|\n');
    for (let i = 0; i < repeat; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'infersim-slurm-trial-'));
      try {
        const r = await slurmTrial(slurm.conf, dir);
        const f = r.figures;
        process.stdout.write(`| ${i + 1} | ${f.firstRoundS.toFixed(1)} | ${f.resumeS.toFixed(1)} | ${f.slurmTotalS.toFixed(1)} | ${r.killedShard.rowsAtCancel} of 8 | ${f.localS.toFixed(1)} | ${deterministicText(r.mergedRows) === deterministicText(r.localRows) && r.mergedRows.length === 24 ? 'yes' : 'NO'} |\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    process.stdout.write(`\nload average ${loadavg()[0].toFixed(1)} at the end\n`);
  } finally {
    slurm.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
