export { ServingSystem, type ServingHooks, type ServingOptions } from './serving-system.js';
export { compilePipeline, batchLatencyS, deployKey, type CompiledStage, type CompiledVariant, type AccuracyOptions } from './compiled-pipeline.js';
export { Replica, ReplicaState, type ReplicaStateCode } from './replica.js';
export { RequestTable, RequestStatus } from './request-table.js';
export { RingQueue } from './ring-queue.js';
export { TaskTable } from './task-table.js';
export { Cluster, type NodeSpec, type ResourceRequest, type PlacementRule } from './cluster.js';
export { ServingEvent } from './events.js';
export { configIssues } from './validate-config.js';
