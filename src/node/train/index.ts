/**
 * Node-only parts of training learning policies: the tfjs backend, a worker-thread pool for
 * rollouts, and the files a training run writes (policy, learning curve as data and plot).
 *
 * @module
 */
export { useTfBackend, type TfBackendName } from './backend.js';
export { createRolloutPool, type RolloutPoolOptions } from './pool.js';
export { writeTrainingOutputs, resolvePolicyFiles, policyFileName, type TrainingFiles } from './outputs.js';
