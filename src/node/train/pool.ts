import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, reviveError } from '../../errors.js';
import type { NetworkWeights } from '../../policies/learning/network.js';
import type { PolicySpec } from '../../policies/registry.js';
import type { InferenceEnv } from '../../rl/env.js';
import type { EpisodeJob, RolloutRunner, Trajectory } from '../../rl/rollout.js';
import type { FromWorker, ToWorker } from './rollout-worker.js';

/** Options of {@link createRolloutPool}. */
export interface RolloutPoolOptions {
  /** Worker threads; default the machine's parallelism minus one (the trainer's thread), at least 1. */
  workers?: number;
}

/**
 * Starts a worker for `file`. A TypeScript source (tests, `tsx` scripts) needs tsx's loader inside
 * the worker too; `--import tsx` in `execArgv` does not reach a worker's module loader here, so a
 * small ES module registers tsx and then imports the file.
 */
function startWorker(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file);
  // require.resolve finds the CommonJS entry; the ES module sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `const m = await import(${JSON.stringify(api)}); (m.register ?? m.default.register)(); await import(${JSON.stringify(file.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
}

/** A pool's thread and the job it is busy with. */
interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * Plays training episodes on worker threads, for faster PPO rollouts on a multi-core machine: each
 * worker builds the trainer's environment once (same resolved scenarios and options; the reward
 * must be a spec or expression, not a function, to cross threads) and plays the episodes it is
 * handed with the update's weights. An episode depends only on its job (seed, actor) and the
 * weights, so the trajectories are identical to a sequential run's, in job order, whatever the
 * number of workers.
 *
 * Pass it as `trainPpo(..., { runner: createRolloutPool({ workers: 2 }) })`.
 *
 * @returns a runner factory for `PpoOptions.runner`
 */
export function createRolloutPool(options: RolloutPoolOptions = {}): (env: InferenceEnv, expert: PolicySpec) => Promise<RolloutRunner> {
  const n = options.workers ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(n) || n < 1) throw new InputError([{ path: 'workers', expected: 'an integer >= 1', received: String(options.workers) }]);
  return async (env, expert) => {
    if (typeof env.options.reward === 'function') {
      throw new InputError([{ path: 'reward', expected: 'a reward spec or expression (a function cannot cross worker threads)', received: 'a function' }]);
    }
    // Scenario policies may be code; the environment never uses them.
    const scenarios = env.scenarios.map((s) => ({ ...s, policy: { name: 'static', config: [] } }));
    const file = new URL(import.meta.url.endsWith('.ts') ? './rollout-worker.ts' : './rollout-worker.js', import.meta.url);
    let nextId = 0;
    const pending = new Map<number, { resolve: (t: Trajectory) => void; reject: (e: Error) => void }>();
    const slots: Slot[] = Array.from({ length: n }, () => {
      const worker = startWorker(file);
      const ready = new Promise<void>((resolve, reject) => {
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'done') pending.get(m.id)?.resolve(m.trajectory);
          // Errors come as data (a class does not survive the thread): revive their kind, so bad
          // input stays an InputError and a policy's failure keeps its context.
          else if (m.id < 0) reject(reviveError(m.error));
          else pending.get(m.id)?.reject(reviveError(m.error));
          if (m.type !== 'ready') pending.delete((m as { id: number }).id);
        });
        worker.on('error', (e) => {
          reject(e);
          for (const p of pending.values()) p.reject(e);
          pending.clear();
        });
      });
      worker.postMessage({ type: 'init', scenarios, options: env.options, expert } satisfies ToWorker);
      return { worker, ready };
    });
    await Promise.all(slots.map((s) => s.ready));
    const runOn = (slot: Slot, network: NetworkWeights, job: EpisodeJob) =>
      new Promise<Trajectory>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        slot.worker.postMessage({ type: 'run', id, network, job } satisfies ToWorker);
      });
    return {
      async run(network, jobs) {
        const out = new Array<Trajectory>(jobs.length);
        let next = 0;
        // Each worker takes the next job when it finishes one: uneven episodes balance themselves.
        await Promise.all(
          slots.map(async (slot) => {
            while (next < jobs.length) {
              const i = next++;
              out[i] = await runOn(slot, network, jobs[i]);
            }
          }),
        );
        return out;
      },
      async close() {
        await Promise.all(slots.map((s) => s.worker.terminate()));
      },
    };
  };
}
