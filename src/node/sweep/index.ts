/**
 * Running sweeps in Node: worker threads, output directories, resume and merge.
 * @packageDocumentation
 */
export { runSweep, type RunSweepOptions, type SweepProgress, type SweepOutcome, type Shard } from './run-sweep.js';
export { loadSweepFile, resolveSweepFiles } from './load-sweep.js';
export { mergeSweeps, type MergeOutcome } from './merge.js';
export { readRows, readManifest, readJsonl, orderRows, SWEEP_FILES, type SweepManifest, type JsonlRead } from './rows-file.js';
export type { SweepTask, SweepTaskResult } from './worker.js';
