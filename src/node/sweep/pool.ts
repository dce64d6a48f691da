import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SweepTask, SweepTaskResult } from './worker.js';

/** Runs sweep tasks on a fixed number of worker threads. */
export interface TaskPool {
  run(task: SweepTask): Promise<SweepTaskResult>;
  destroy(): Promise<void>;
}

/**
 * Where a worker thread finds the task function. Built (`dist/`), it is the sibling `worker.js`.
 * From source (vitest, or tsx for the CLI and the benchmark), Node 20 cannot load `worker.ts` in a
 * worker thread: not by itself, and not through the tsx hooks of the parent (they do not reach a
 * worker's modules). So the entry is a tiny module in a data: URL that loads `worker.ts` with tsx's
 * `tsImport`. tsx is a dev dependency, present wherever the sources are run, so the tests run real
 * worker threads without a build.
 */
export function workerEntry(): string {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return fileURLToPath(new URL('./worker.js', here));
  // The ESM build of tsx's API, as its package.json exports it: its CommonJS build fails when
  // imported from ESM under tsx.
  const require = createRequire(fileURLToPath(here));
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require(pkgFile) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
  const code = [
    `const { tsImport } = await import(${JSON.stringify(api)});`,
    `const m = await tsImport(${JSON.stringify(new URL('./worker.ts', here).href)}, ${JSON.stringify(here)});`,
    'export default m.default;',
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

/**
 * A pool of `workers` threads (all started at once: a sweep keeps them busy until it ends).
 * tinypool is imported here, on first use: it is ESM-only, so a static import would stop
 * `require('infersim/node')` from loading on Node versions without `require(esm)`.
 */
export async function createTaskPool(workers: number): Promise<TaskPool> {
  const { default: Tinypool } = await import('tinypool');
  const pool = new Tinypool({ filename: workerEntry(), minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    run: (task) => pool.run(task) as Promise<SweepTaskResult>,
    destroy: () => pool.destroy(),
  };
}
