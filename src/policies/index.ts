// Policies: the interface, the registry, the built-ins and one-shot planning.
export type { Policy, PolicyFactory, PolicyContext, Observation, StageObservation, StageConfig, StageDeployment, PipelineConfig } from './types.js';
export { registerPolicy, policyNames, createPolicy, getPolicyFactory, type PolicySpec } from './registry.js';
export { builtinPolicies } from './builtins.js';
export { plan, type PlanOptions, type PlanResult } from './plan.js';
export { ipaPipelineRuns, ipaRunOptions, type IpaPipelineRun } from './ipa-baselines.js';
export { staticPolicy } from './static.js';
export { ipaPolicy } from './ipa.js';
export {
  ipaEnergyPolicy,
  ipaEnergyDefaults,
  ipaEnergyOptionKeys,
  predictedPowerW,
  movedMoreThan,
  readPowerPrediction,
  type EnergyDecisionInfo,
  type EnergyPlanningPolicy,
  type IdleAccounting,
} from './ipa-energy.js';
export { dynamicStagePowerW, type PowerPrediction } from './solvers/build.js';
export { fa2LowPolicy, fa2HighPolicy } from './fa2-ipa.js';
export { fa2Policy, fa2Program } from './fa2.js';
export { rimPolicy, peakReplicas } from './rim.js';
export { greedyPolicy } from './greedy.js';
export { randomPolicy } from './random.js';
export { qlearningPolicy, type QTable } from './qlearning.js';
export { ppoPolicy, type PpoModel } from './ppo.js';
export { inferlinePolicy, inferlineDefaults, INFERLINE_DEFAULT_PRICES } from './hetero/inferline.js';
export { planInferLine, type InferLinePlanInput, type InferLinePlan, type InferLinePlanStatus, type InferLineStep, type InferLineStage, type InferLineEstimator } from './hetero/inferline-planner.js';
export { sampleEstimator, type SampleEstimatorInput, type SampleEstimate } from './hetero/inferline-estimator.js';
export { energySloPolicy } from './hetero/energy-slo.js';
export { lokiPolicy } from './hetero/loki.js';
export { ipaOptionKeys } from './ipa-settings.js';
export type { OptionReader, NumberCheck } from './options.js';
export * as solvers from './solvers/index.js';
