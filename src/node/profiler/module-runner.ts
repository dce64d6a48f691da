/**
 * Child-process entry of the profiler for `--module` workloads. It runs pinned to the replica's
 * cores (the parent starts it under `taskset`), imports the user's module once, and then, per batch
 * size the parent asks for: warms up, says `ready`, waits for `go` (the parent opens its energy
 * window in between), times the runs and reports them.
 *
 * Protocol: commands arrive as JSON lines on stdin; replies leave as JSON lines on fd 3, so
 * whatever the user's module prints (its stdout goes to the parent's stderr) cannot corrupt them.
 * Not part of the public API.
 * @internal
 * @packageDocumentation
 */
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** Arguments of the child, passed as JSON in argv[2]. */
export interface RunnerConfig {
  module: string;
  cores: number;
}

/** One batch size to measure. */
export interface RunnerCommand {
  batch: number;
  warmup: number;
  repeats: number;
  /** Keep running (untimed for latency) until the window lasts this long, for energy. */
  minWindowMs: number;
}

/** Replies of the child. */
export type RunnerReply =
  | { type: 'loaded' }
  | { type: 'ready'; batch: number }
  | { type: 'done'; batch: number; latenciesMs: number[]; runs: number; windowMs: number; cpuUs: number }
  | { type: 'error'; stage: 'load' | 'infer'; message: string };

type Infer = (batch: number, context: { batch: number; cores: number }) => unknown;

function send(reply: RunnerReply): void {
  writeSync(3, JSON.stringify(reply) + '\n');
}

/** The workload function: `infer`, `default.infer`, or a default-exported function. */
function findInfer(mod: Record<string, unknown>): Infer | undefined {
  const d = mod.default as Record<string, unknown> | ((...a: unknown[]) => unknown) | undefined;
  if (typeof mod.infer === 'function') return mod.infer as Infer;
  if (d && typeof d === 'object' && typeof d.infer === 'function') return d.infer as Infer;
  if (typeof d === 'function') return d as Infer;
  return undefined;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as RunnerConfig;
  let infer: Infer | undefined;
  try {
    infer = findInfer((await import(pathToFileURL(config.module).href)) as Record<string, unknown>);
  } catch (err) {
    send({ type: 'error', stage: 'load', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
  if (!infer) {
    send({ type: 'error', stage: 'load', message: 'the module exports no infer(batch) function' });
    process.exit(1);
  }
  send({ type: 'loaded' });
  const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  for (;;) {
    const next = await input.next();
    if (next.done) break;
    const cmd = JSON.parse(next.value) as RunnerCommand;
    const ctx = { batch: cmd.batch, cores: config.cores };
    try {
      for (let i = 0; i < cmd.warmup; i++) await infer(cmd.batch, ctx);
      send({ type: 'ready', batch: cmd.batch });
      const go = await input.next();
      if (go.done) break;
      const latenciesMs: number[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let runs = 0;
      while (runs < cmd.repeats || performance.now() - t0 < cmd.minWindowMs) {
        const s = performance.now();
        await infer(cmd.batch, ctx);
        if (runs < cmd.repeats) latenciesMs.push(performance.now() - s);
        runs++;
      }
      const windowMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      send({ type: 'done', batch: cmd.batch, latenciesMs, runs, windowMs, cpuUs: cpu.user + cpu.system });
    } catch (err) {
      send({ type: 'error', stage: 'infer', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    }
  }
  process.exit(0);
}

await main();
