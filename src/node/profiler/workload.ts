import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError, describeValue } from '../../errors.js';
import type { Affinity } from './affinity.js';
import type { EnergyMeter } from './energy-meter.js';
import type { RunnerCommand, RunnerConfig, RunnerReply } from './module-runner.js';

/** How many runs to do for one batch size. */
export interface RunPlan {
  warmup: number;
  repeats: number;
  /** The timed runs are extended (without adding latencies) until they last this long. */
  minWindowS: number;
}

/** The raw result of one batch size. */
export interface BatchMeasurement {
  /** Latency of each of the `repeats` timed runs, in ms. */
  latenciesMs: number[];
  /** Runs inside the energy window (`>= repeats`). */
  runs: number;
  /** Wall time of the window, in s. */
  windowS: number;
  /** CPU time used by the workload in the window, in s, where it can be read. */
  cpuS?: number;
  /** The meter's window id, when energy is measured. */
  windowId?: number;
}

/** A workload ready to be measured at one core count. */
export interface WorkloadSession {
  measure(batch: number, plan: RunPlan, meter: EnergyMeter | undefined): Promise<BatchMeasurement>;
  close(): Promise<void>;
}

/** Where a workload runs: its directory, extra environment and CPU pinning. */
export interface SessionContext {
  cores: number;
  affinity: Affinity;
  env: Record<string, string>;
  cwd: string;
}

/**
 * Starts a child process, pinned with the affinity prefix, that imports `modulePath` and runs its
 * `infer(batch)` on request (see `module-runner.ts`). A child per core count, because CPU affinity
 * belongs to a process; the module is loaded once per child, so its own start-up cost (a model
 * load) stays out of the latencies.
 *
 * @throws {InputError} (path `--module`) when the module cannot be loaded or has no `infer`.
 */
export async function openModuleSession(modulePath: string, ctx: SessionContext): Promise<WorkloadSession> {
  const here = import.meta.url;
  // From the sources (tests, tsx) the runner is a .ts file; from dist/ it is compiled .js.
  const fromSource = here.endsWith('.ts');
  const runner = fileURLToPath(new URL(`./module-runner.${fromSource ? 'ts' : 'js'}`, here));
  const execArgs: string[] = [];
  if (fromSource || /\.[mc]?ts$/.test(modulePath)) execArgs.push('--import', tsxLoader(ctx.cwd));
  const config: RunnerConfig = { module: modulePath, cores: ctx.cores };
  const argv = [...ctx.affinity.prefix, process.execPath, ...execArgs, runner, JSON.stringify(config)];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ctx.cwd,
    env: { ...process.env, ...ctx.env },
    // The module's own output goes to our stderr; replies come on fd 3.
    stdio: ['pipe', 2, 'inherit', 'pipe'],
  });
  const replies = replyQueue(child, child.stdio[3] as Readable);
  const stdin = child.stdin as Writable;
  const expect = async <T extends RunnerReply['type']>(type: T, batch?: number): Promise<Extract<RunnerReply, { type: T }>> => {
    const r = await replies.next();
    if (r.type === 'error') {
      child.kill();
      throw new InputError([
        r.stage === 'load'
          ? { path: '--module', expected: 'a module that loads and exports infer(batch)', received: describeValue(r.message) }
          : { path: '--module', expected: 'infer(batch) to run without throwing', received: describeValue(`batch ${batch}: ${r.message}`) },
      ]);
    }
    if (r.type !== type) throw new Error(`profiler runner: expected ${type}, got ${r.type}`);
    return r as Extract<RunnerReply, { type: T }>;
  };
  await expect('loaded');
  return {
    async measure(batch, plan, meter) {
      const cmd: RunnerCommand = { batch, warmup: plan.warmup, repeats: plan.repeats, minWindowMs: plan.minWindowS * 1000 };
      stdin.write(JSON.stringify(cmd) + '\n');
      await expect('ready', batch);
      const windowId = meter?.begin();
      stdin.write('go\n');
      const done = await expect('done', batch);
      if (meter && windowId !== undefined) meter.end(windowId);
      return {
        latenciesMs: done.latenciesMs,
        runs: done.runs,
        windowS: done.windowMs / 1000,
        cpuS: done.cpuUs / 1e6,
        ...(windowId !== undefined ? { windowId } : {}),
      };
    },
    async close() {
      stdin.end();
      await replies.exited;
    },
  };
}

/**
 * The tsx loader for `node --import`, resolved from the user's project first, then from this
 * package, so no global install is needed.
 */
function tsxLoader(cwd: string): string {
  for (const from of [join(cwd, 'package.json'), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(from).resolve('tsx')).href;
    } catch {
      // Try the next place.
    }
  }
  throw new InputError([
    { path: '--module', expected: 'a .js module (a .ts module needs the tsx package: npm i -D tsx)', received: 'a .ts module without tsx' },
  ]);
}

/** Replies of the child in order; `next()` rejects if the child dies before answering. */
function replyQueue(child: ChildProcess, stream: Readable): { next(): Promise<RunnerReply>; exited: Promise<void> } {
  const queue: RunnerReply[] = [];
  const waiting: { resolve: (r: RunnerReply) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  createInterface({ input: stream }).on('line', (line) => {
    const r = JSON.parse(line) as RunnerReply;
    const w = waiting.shift();
    if (w) w.resolve(r);
    else queue.push(r);
  });
  const exited = new Promise<void>((resolveExit) => {
    const onEnd = (why: string): void => {
      dead = new Error(`the profiled workload process ended (${why}) before answering`);
      // Let replies already in the pipe arrive first.
      setImmediate(() => {
        for (const w of waiting.splice(0)) w.reject(dead!);
        resolveExit();
      });
    };
    child.on('exit', (code, signal) => onEnd(signal ? `signal ${signal}` : `exit code ${code}`));
    child.on('error', (err) => onEnd(err.message));
  });
  return {
    next() {
      const r = queue.shift();
      if (r) return Promise.resolve(r);
      if (dead) return Promise.reject(dead);
      return new Promise((resolveNext, reject) => waiting.push({ resolve: resolveNext, reject }));
    },
    exited,
  };
}

/**
 * A shell-command workload: each run is one `sh -c` of the template with `{batch}` and `{cores}`
 * filled in, pinned with the affinity prefix. Its latency is the process's wall time, start-up
 * included, so commands should do their set-up outside the timed path or amortise it over a batch.
 *
 * @throws {InputError} (path `--command`) when a run exits non-zero.
 */
export function openCommandSession(template: string, ctx: SessionContext): WorkloadSession {
  const env = { ...process.env, ...ctx.env };
  const runOnce = (cmd: string): Promise<number> =>
    new Promise((resolveRun, reject) => {
      const argv = [...ctx.affinity.prefix, '/bin/sh', '-c', cmd];
      const t0 = performance.now();
      const child = spawn(argv[0], argv.slice(1), { cwd: ctx.cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', (err) => reject(err));
      child.on('exit', (code, signal) => {
        const ms = performance.now() - t0;
        if (code === 0) resolveRun(ms);
        else {
          reject(
            new InputError([
              { path: '--command', expected: 'a command that exits with status 0', received: `${signal ? `signal ${signal}` : `status ${code}`} from ${describeValue(cmd)}` },
            ]),
          );
        }
      });
    });
  return {
    async measure(batch, plan, meter) {
      const cmd = template.replaceAll('{batch}', String(batch)).replaceAll('{cores}', String(ctx.cores));
      for (let i = 0; i < plan.warmup; i++) await runOnce(cmd);
      const cpu0 = childrenCpuS();
      const windowId = meter?.begin();
      const t0 = performance.now();
      const latenciesMs: number[] = [];
      let runs = 0;
      while (runs < plan.repeats || performance.now() - t0 < plan.minWindowS * 1000) {
        const ms = await runOnce(cmd);
        if (runs < plan.repeats) latenciesMs.push(ms);
        runs++;
      }
      const windowS = (performance.now() - t0) / 1000;
      if (meter && windowId !== undefined) meter.end(windowId);
      const cpu1 = childrenCpuS();
      return {
        latenciesMs,
        runs,
        windowS,
        ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuS: cpu1 - cpu0 } : {}),
        ...(windowId !== undefined ? { windowId } : {}),
      };
    },
    async close() {},
  };
}

/**
 * CPU seconds used by this process's finished children (`cutime + cstime` of `/proc/self/stat`,
 * in clock ticks of 1/100 s), or `undefined` off Linux. Node offers no `RUSAGE_CHILDREN`.
 */
export function childrenCpuS(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3, `state`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}
