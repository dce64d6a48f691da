import type { PipelineProfile, ServiceDist } from '../profiles/types.js';
import type { PolicySpec } from '../policies/registry.js';
import type { WithinSecondMode } from '../workload/types.js';
import type { AccuracyOptions } from '../serving/compiled-pipeline.js';
import type { BundledCarbonTraceName, BundledPipelineName, BundledWorkloadName, OrString } from './scenario-names.js';

/** Where requests come from. */
export type WorkloadSpec =
  /** Poisson arrivals at a constant rate. */
  | { type: 'poisson'; rps: number }
  /** One arrival every 1/rps seconds (for D/x/c checks). */
  | { type: 'deterministic'; rps: number }
  /** A per-second rate trace: a bundled one (`name`), inline counts (`rps`) or a CSV file (`path`, Node only). */
  | {
      type: 'trace';
      name?: OrString<BundledWorkloadName>;
      rps?: number[];
      path?: string;
      column?: string;
      withinSecond?: WithinSecondMode;
      damping?: number;
      timeScale?: number;
      repeat?: boolean;
    };

/** A group of identical nodes. */
export interface NodeGroupSpec {
  name?: string;
  /** Device type of the nodes: replicas of variants on this device run here (default `cpu`). */
  device?: string;
  cores: number;
  /** Accelerator slots per node (GPUs, FPGA boards); default 0 on `cpu` nodes, 1 otherwise. */
  accelerators?: number;
  /** Memory per node, MB; checked only when given. */
  memoryMB?: number;
  /** How many such nodes (default 1). */
  count?: number;
  /** Power model of each node (default `energy.node`); on accelerator nodes its utilisation is busy accelerators / accelerators. */
  power?: { idleW: number; maxW: number; curve?: 'linear' | 'fan2007' };
}

/** Cluster capacity: one CPU node of `cores`, or node groups. Unbounded (CPU) when absent. */
export interface ClusterSpec {
  cores?: number;
  nodes?: NodeGroupSpec[];
  /** How a replica's node is chosen among those of its device type with room (default first-fit). */
  placement?: 'first-fit' | 'best-fit';
}

/** Settings of the serving system and the adaptation loop. */
export interface ServingSpec {
  /** Longest a replica waits for a partial batch to fill, ms (default 1000, as IPA). */
  maxBatchWaitMs?: number;
  /** Age in s at which a request is dropped when dequeued; `null` disables (default: the pipeline's, else none). */
  dropLimitS?: number | null;
  /**
   * Per-stage overrides, by stage name, of `maxBatchWaitMs` and `dropLimitS` (each falls back to the
   * value above): real servers set them per model (MLServer's max batch time, Triton's max queue delay).
   */
  stages?: Record<string, { maxBatchWaitMs?: number; dropLimitS?: number | null }>;
  /** Seconds between policy decisions (default 10, as IPA). */
  adaptationIntervalS?: number;
  /** Start-up delay of variants whose profile has none, s (default 0). */
  startupS?: number;
  /** Service-time noise of variants whose profile has none (default deterministic). */
  serviceDist?: ServiceDist;
  /** Seconds of per-second arrival history given to policies (default 600). */
  historyS?: number;
  /**
   * Early dropping, as Loki: also drop a task when it is dequeued too late for even the fastest
   * service of its remaining stages to meet the SLA (default false).
   */
  earlyDrop?: boolean;
}

/** What the result records beyond the summary. */
export interface MetricsSpec {
  /** Width of the time-series intervals, s (default: the adaptation interval). */
  seriesIntervalS?: number;
  /** Keep per-request arrival/finish/status/accuracy arrays in the result (default false). */
  trace?: boolean;
  /**
   * `exact` (default): every completed request's latency is kept to the end, for exact
   * percentiles. `streaming`: memory does not grow with the number of requests (request slots are
   * reused, latency percentiles come from a log histogram within `relativeError`); not with `trace`.
   */
  recording?: 'exact' | 'streaming';
  /** Relative-error bound of streaming percentiles, in (0, 0.1] (default 0.001, i.e. 0.1 %). */
  relativeError?: number;
  /**
   * Account energy and carbon (default true). `false`: no per-batch energy work at all, and the
   * result's energy and carbon figures are NaN; the `energy` settings still inform policies (their
   * power model, the carbon intensity they observe).
   */
  energy?: boolean;
}

/** Energy and carbon accounting (see docs/energy.md). */
export interface EnergySpec {
  /** Power model of every node: idle and full-load W, curve, cores (default: the reference node). */
  node?: { idleW: number; maxW: number; curve?: 'linear' | 'fan2007'; cores?: number };
  /** Idle power of every node of a finite cluster (`cluster`), or per allocated core (`allocated`). */
  idle?: 'cluster' | 'allocated';
  /** Carbon: a bundled `trace`, inline `gPerKWh` (with `stepS`, default 3600) or a CSV `path` (Node only). */
  carbon?: {
    trace?: OrString<BundledCarbonTraceName>;
    gPerKWh?: number[];
    stepS?: number;
    path?: string;
    column?: string | number;
    /** Hours into the trace at which the run starts (default 0). */
    startHour?: number;
    /** Wrap past the trace's end (default true). */
    loop?: boolean;
    /** Data-centre power usage effectiveness, >= 1 (default 1). */
    pue?: number;
  };
}

/**
 * Everything a run needs: pipeline + profiles, workload, policy, cluster and seed. JSON-serialisable
 * (a policy given as a function or object is the library-only exception). See docs/scenario.md.
 */
export interface Scenario {
  name?: string;
  description?: string;
  /** Seed of every random stream of the run. */
  seed: number | string;
  /** Arrivals happen in [0, durationS); the run then drains the requests in flight. */
  durationS: number;
  /** Requests arriving before this, and time before it, are left out of the summary (default 0). */
  warmupS?: number;
  /** End-to-end SLA, ms (default: the pipeline's `slaMs`). */
  slaMs?: number;
  /** A bundled pipeline's name (`video`, `audio-qa`, `audio-sent`, `sum-qa`, `nlp`) or a pipeline. */
  pipeline: OrString<BundledPipelineName> | PipelineProfile;
  workload: WorkloadSpec;
  policy: PolicySpec;
  cluster?: ClusterSpec;
  serving?: ServingSpec;
  accuracy?: Partial<AccuracyOptions>;
  metrics?: MetricsSpec;
  energy?: EnergySpec;
}
