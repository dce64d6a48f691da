/**
 * Learning policies on the simulator: a Gym-style environment, reward functions, and the trainers of
 * tabular Q-learning (seed 000) and PPO with expert guidance (OPD). Browser-safe: tfjs and mathjs
 * are imported on first use; `infersim/node` adds the wasm backend, a worker pool and files.
 *
 * @module
 */
export { InferenceEnv, createEnv, type EnvOptions, type ResetResult, type StepResult, type StepInfo } from './env.js';
export { actionSpace, observationSpace, type MultiDiscreteSpace, type BoxSpace } from './spaces.js';
export { stepMetricNames, FinishedCounter, stepMetrics, type StepMetrics, type StepInputs } from './metrics.js';
export {
  seedReward,
  opdReward,
  opdQos,
  expressionReward,
  createReward,
  seedRewardDefaults,
  opdRewardDefaults,
  rewardFunctions,
  type RewardFn,
  type RewardSpec,
  type SeedRewardOptions,
  type OpdRewardOptions,
} from './rewards.js';
export { trainQLearning, trainQLearningOn, type QLearningOptions, type QLearningResult } from './train-qlearning.js';
export { trainPpo, trainPpoOn, ppoDefaults, type PpoOptions, type PpoResult, type PpoValidation } from './train-ppo.js';
export type { PpoLosses } from './ppo-losses.js';
export { runEpisode, localRunner, type EpisodeJob, type Trajectory, type RolloutRunner } from './rollout.js';
export { curveCsv, curveSpec, type CurvePoint } from './curve.js';
export { runQos, scoreRun, type RunScore } from './evaluate.js';
export {
  actionLayout,
  actionMasks,
  flatMask,
  decodeAction,
  encodeConfig,
  configFigures,
  DEFAULT_MAX_REPLICAS,
  type ActionLayout,
  type StageLayout,
  type StageMask,
  type LayoutOptions,
  type ConfigFigures,
} from '../policies/learning/layout.js';
export { maskedChoice, MASK_LOGIT, type MaskedChoice, type ChoiceMode } from '../policies/learning/sampling.js';
export { initNetwork, compileNetwork, forwardNetwork, parseNetwork, type NetworkWeights, type NetworkShape, type DenseWeights, type ResidualWeights, type NetworkOutput } from '../policies/learning/network.js';
export { createFeaturizer, configAccuracy, type FeatureSpec, type Featurizer } from '../policies/learning/features.js';
export { createQLearningPolicy, qlearningPolicy, parseQTable, neighbourMoves, applyMove, qStateKey, loadBucket, type QTable, type NeighbourMove, type QLearningPolicy } from '../policies/qlearning.js';
export { createPpoPolicy, ppoPolicy, parsePpoModel, type PpoModel, type PpoPolicy, type PpoPolicyOptions } from '../policies/ppo.js';
