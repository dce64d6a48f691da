/**
 * Running sweeps in Node: worker threads, output directories, resume and merge.
 * @packageDocumentation
 */
export { runSweep, SweepFailedError, type RunSweepOptions, type SweepProgress, type SweepOutcome, type Shard } from './run-sweep.js';
export { loadSweepFile, resolveSweepFiles } from './load-sweep.js';
export { mergeSweeps, type MergeOutcome } from './merge.js';
export { readRows, readManifest, readJsonl, orderRows, SWEEP_FILES, type SweepManifest, type JsonlRead } from './rows-file.js';
export type { SweepTask, SweepTaskResult } from './worker.js';
export { submitSlurmSweep, slurmSweepStatus, waitForSlurmSweep, formatSlurmStatus, readSubmissions, SLURM_FILES, type SlurmSweepOptions, type SlurmSubmitOutcome, type SlurmSubmission, type SlurmSweepStatus, type SlurmShardStatus } from './slurm-sweep.js';
export { sweepArrayScript, mergeScript, shellQuote, type SlurmScriptOptions } from './slurm-scripts.js';
export { execSlurm, slurmExecutor, slurmJobStates, parseSqueue, parseSacct, slurmStateActive, type SlurmExec, type SlurmJobState } from './slurm-commands.js';
