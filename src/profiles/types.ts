/**
 * Where a number in a profile comes from. Every number we ship is tagged with one of these so a
 * reader can tell a measurement from an estimate.
 */
export type Provenance =
  | { kind: 'measured'; source: string }
  | { kind: 'derived'; method: string }
  | { kind: 'modelled'; method: string };

/**
 * The distribution of a batch's service time around its profiled latency. The draw is a multiplier
 * with mean 1, so the profiled latency stays the mean service time.
 * - `deterministic`: always the profiled latency (the default).
 * - `exponential`: memoryless, for checks against M/M/c theory.
 * - `lognormal` / `gamma`: right-skewed with coefficient of variation `cv`.
 */
export type ServiceDist =
  | { type: 'deterministic' }
  | { type: 'exponential' }
  | { type: 'lognormal'; cv: number }
  | { type: 'gamma'; cv: number };

/** A table indexed by batch size (JSON object keys are strings: `{"1": 93.2, "8": 420}`). */
export type BatchTable = Record<string, number>;

/**
 * A variant's profile on one device type (e.g. `gpu`, `fpga`): what differs from its CPU profile.
 * Fields left out fall back to the variant's own (CPU) fields, except latency, which is required.
 */
export interface DeviceProfile {
  /** Mean batch service time on this device, ms per batch size. */
  latencyMs: BatchTable;
  latencyP99Ms?: BatchTable;
  /** Dynamic energy of one batch on this device, J per batch size. */
  energyJ?: BatchTable;
  /** Start-up on this device (model load onto the accelerator included), s. */
  startupS?: number;
  /** Host cores a replica holds on this device's nodes (default: the variant's `cores`). */
  cores?: number;
  /** Accelerator slots (GPUs, FPGA boards) a replica holds (default 1). */
  accelerators?: number;
  memoryMB?: number;
  provenance?: Record<string, Provenance>;
}

/** One model variant of a stage, as profiled offline. */
export interface VariantProfile {
  /** Unique within its stage. */
  name: string;
  /** Accuracy as a fraction in [0, 1] (e.g. mAP@0.5 / 100, or 1 - WER for speech). */
  accuracy: number;
  /** Cores each replica of this variant is allocated. */
  cores: number;
  /** Mean service time of one batch, in ms, per profiled batch size. The simulator's service time. */
  latencyMs: BatchTable;
  /** 99th-percentile batch latency in ms per batch size; planners use it for SLA checks when present. */
  latencyP99Ms?: BatchTable;
  /** Dynamic energy of one batch (above the node's idle power) in Joules, per batch size. */
  energyJ?: BatchTable;
  /**
   * Measured maximum throughput of one replica in requests/s per batch size, with the same batch
   * sizes as `latencyMs`. Planners size replicas with it instead of `b / latency(b)` (IPA's
   * `reference_throughput: max`: a profiler's measured maximum under a steady offered load, which on
   * CPUs often grows far less with the batch than the latency model says). Planning only: the
   * simulator's service time stays `latencyMs`.
   */
  maxThroughputRps?: BatchTable;
  /** Seconds from asking for a replica to it serving (container start + model load). */
  startupS?: number;
  /** Memory per replica in MB (informational until placement uses it). */
  memoryMB?: number;
  /** Service-time noise for this variant; overrides the scenario default. */
  serviceDist?: ServiceDist;
  /** Provenance per field name (`accuracy`, `cores`, `latencyMs`, `energyJ`, ...). */
  provenance?: Record<string, Provenance>;
  /**
   * Profiles of this variant on other device types, by device name. The variant's own fields are
   * its profile on the default device, `cpu`.
   */
  devices?: Record<string, DeviceProfile>;
}

/**
 * An edge of a pipeline graph: when a task finishes at a stage, it sends `count` tasks to `stage`
 * with probability `probability` (e.g. a detector sending each crop it found to a classifier).
 */
export interface StageEdge {
  /** Name of the child stage. */
  stage: string;
  /** Chance that the edge fires for a finished task (default 1). */
  probability?: number;
  /** Tasks sent when it fires: a fixed number, or Poisson with this mean (default 1). */
  count?: number | { mean: number };
  /**
   * Per-variant branching (Loki's `multFactor`: a more accurate detector finds more objects): by
   * name of a variant of the edge's source stage, the `probability` and `count` used when that
   * variant served the task. Fields left out, and variants not listed, fall back to the edge's own.
   */
  byVariant?: Record<string, EdgeBranching>;
}

/** The branching of one edge for one variant of its source stage (see {@link StageEdge.byVariant}). */
export interface EdgeBranching {
  probability?: number;
  count?: number | { mean: number };
}

/** One stage of a pipeline: a task served by exactly one of its variants at a time. */
export interface StageProfile {
  name: string;
  variants: VariantProfile[];
  /**
   * Children of this stage. When no stage of a pipeline has `next`, the stages form a chain in
   * order; when any has, the pipeline is the graph they describe (stage 0 is the entry; a stage
   * without `next` ends its paths).
   */
  next?: StageEdge[];
}

/** A pipeline of stages visited in order, with everything the simulator and planners know of it. */
export interface PipelineProfile {
  /** Name of the pipeline (a bundled pipeline's name, or the user's). */
  name?: string;
  /** End-to-end SLA in ms that the pipeline's papers used, if any. */
  slaMs?: number;
  /** Age in seconds at which a request is dropped, if the pipeline's papers set one. */
  dropLimitS?: number;
  stages: StageProfile[];
  /** Free-form description and provenance of the whole file. */
  description?: string;
  /** Sources used for this pipeline (papers, repositories, notebooks). */
  sources?: string[];
}
