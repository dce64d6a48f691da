/**
 * infersim: event-by-event simulation of multi-stage ML inference pipelines and their adaptation
 * policies. This module is browser-safe; Node-only helpers (files, CLI) live in `infersim/node`.
 * @packageDocumentation
 */
export { simulate, parseScenario } from './sim/simulate.js';
export type { SimulateOptions, SimulationProgress } from './sim/progress.js';
export type { OrString, BundledPipelineName, BundledWorkloadName, BundledCarbonTraceName, BuiltinPolicyName } from './sim/scenario-names.js';
export { createSimulation, Simulation } from './sim/simulation.js';
export { validateScenario, type ResolvedScenario, type ResolvedWorkload } from './sim/validate.js';
export type { Scenario, WorkloadSpec, ClusterSpec, NodeGroupSpec, ServingSpec, MetricsSpec, EnergySpec } from './sim/scenario.js';
export type { EnergySettings } from './sim/energy-meter.js';
export type { SimulationResult, RequestTrace } from './sim/result.js';
export { DEFAULTS } from './sim/defaults.js';
export { InputError, type InputIssue, type ErrorRecord, formatIssues } from './errors.js';
export { MissingOptionalDependencyError, OPTIONAL_PACKAGES, type OptionalPackage } from './util/optional-import.js';
export type { Summary, Series, StageSeries, LatencySummary } from './metrics/index.js';
export { LogHistogram } from './metrics/index.js';
export { latencyQuantiles, traceLatencyQuantiles, LATENCY_QUANTILE_POINTS, type LatencyQuantiles } from './metrics/index.js';
export { latencyCdfQuantiles, type LatencyCdf } from './metrics/index.js';
export type { PipelineProfile, StageProfile, StageEdge, EdgeBranching, VariantProfile, DeviceProfile, Provenance, ServiceDist, BatchTable } from './profiles/types.js';
export { latencyMs, latencyP99Ms, throughputRps, batchEnergyJ, profiledBatches, maxBatch } from './profiles/variant.js';
export { interpolateBatch, sortBatchTable, batchRange, type SortedBatchTable } from './profiles/batch-table.js';
export { stageEdges, variantEdges, hasVariantBranching, edgeFactor, stageLoadFactors, graphIssues, isGraph, topologicalOrder, type ResolvedEdge } from './profiles/graph.js';
export * from './policies/index.js';
export * from './rl/index.js';
export * from './experiment/index.js';
export * from './predictors/index.js';
export * from './energy/index.js';
export * from './calibrate/index.js';
export { Engine, EventHeap, type EventHandler, type PoppedEvent } from './engine/index.js';
export { stream, createStreams, exponential, lognormal, gamma, noiseSampler, DrawnAhead, type Streams, type Uniform } from './random/index.js';
export { poissonArrivals, deterministicArrivals, traceArrivals, dampTrace, parseRateCsv, type ArrivalProcess, type WithinSecondMode, type TraceArrivalOptions } from './workload/index.js';
export { bundledPipelines, bundledWorkloads, bundledCarbonTraces, bundledPipelineNames, bundledWorkloadNames, bundledCarbonTraceNames, type BundledWorkload, type BundledCarbonTrace } from './bundled/index.js';
export {
  ServingSystem,
  compilePipeline,
  configIssues,
  Replica,
  ReplicaState,
  RequestTable,
  RequestStatus,
  Cluster,
  deployKey,
  RingQueue,
  TaskTable,
  ServingEvent,
  type ServingHooks,
  type ServingOptions,
  type CompiledStage,
  type CompiledVariant,
  type AccuracyOptions,
  type ReplicaStateCode,
  type NodeSpec,
  type ResourceRequest,
  type PlacementRule,
} from './serving/index.js';
export { rankNormalisedAccuracies } from './profiles/rank.js';
export { DEFAULT_DEVICE, variantDevices, hasDevice, onDevice, acceleratorsOn } from './profiles/device.js';
