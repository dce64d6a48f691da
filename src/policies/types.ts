import type { PipelineProfile } from '../profiles/types.js';
import type { NodeSpec } from '../serving/cluster.js';
import type { NodePowerSpec } from '../energy/power-model.js';

/** One deployment in a stage: replicas of a variant on a device, with their batch size. */
export interface StageDeployment {
  variant: string;
  batch: number;
  replicas: number;
  /** Device type the replicas run on (default `cpu`); the variant needs a profile for it. */
  device?: string;
}

/**
 * What one stage runs: a variant by name, a maximum batch size and a replica count (on a device).
 * A stage usually runs one variant; `mix` adds more deployments that share the stage's queue (as
 * Loki's accuracy scaling does), with free replicas of the most accurate variant taking work first.
 */
export interface StageConfig extends StageDeployment {
  /** Further deployments in the same stage, each a different (variant, device). */
  mix?: StageDeployment[];
  /**
   * Routing in planned shares (Loki's path-aware routing): the share of the stage's tasks each
   * deployment takes, in the order `[this one, ...mix]` (weights >= 0, normalised). Absent: the
   * deployments share one queue, free replicas of the most accurate variant first.
   */
  shares?: number[];
  /**
   * Shares by the deployment that served a task upstream, keyed by a parent stage's variant name or
   * `variant@device`; tasks from deployments not listed use {@link shares} (which must be given).
   */
  sharesFrom?: Record<string, number[]>;
}

/** One {@link StageConfig} per pipeline stage, in stage order. */
export type PipelineConfig = StageConfig[];

/** The state of one stage as a policy sees it. */
export interface StageObservation {
  /** Requests waiting in the stage's central queue. */
  queueLength: number;
  /** Replicas serving (idle or busy), of any variant, draining ones excluded. */
  readyReplicas: number;
  /** Replicas starting up (placed, loading the model). */
  startingReplicas: number;
  /** Replicas waiting for cores that the cluster does not have free. */
  pendingReplicas: number;
}

/**
 * The read-only snapshot a policy receives every adaptation interval. Policies return data and never
 * hold the simulator.
 */
export interface Observation {
  /** Simulated time in seconds. */
  timeS: number;
  /**
   * Arrivals per whole second for up to the last `historyS` seconds (scenario setting, default 600),
   * oldest first; the last entry is the most recent complete second.
   */
  arrivalsPerSecond: readonly number[];
  /** The configuration currently asked for (replicas may still be starting). */
  config: readonly StageConfig[];
  /** Per stage, in stage order. */
  stages: readonly StageObservation[];
  /** End-to-end latency of requests completed during the last interval, in ms (NaN when none). */
  latencyMs: { mean: number; p50: number; p99: number; count: number };
  /** Requests dropped during the last interval. */
  droppedLastInterval: number;
  /** The end-to-end SLA in ms. */
  slaMs: number;
  /** Cores of the cluster in all, and in use (by placed replicas). */
  capacity: { totalCores: number; usedCores: number };
  /** Grid carbon intensity in gCO2/kWh now, when the scenario has a carbon trace. */
  carbonIntensity?: number;
  /** The data centre's PUE, when the scenario has a carbon trace (carbon = J / 3.6e6 x intensity x PUE). */
  pue?: number;
}

/** Everything a policy may know when it is created. */
export interface PolicyContext {
  pipeline: PipelineProfile;
  slaMs: number;
  adaptationIntervalS: number;
  /** Cores of the whole cluster (Infinity when unbounded). */
  totalCores: number;
  /** The policy's own seeded random stream, in [0, 1); independent of arrivals and service. */
  random: () => number;
  /** Maximum batch wait of the serving system, in ms. */
  maxBatchWaitMs: number;
  /** Every node of the cluster (device type, cores, accelerators, memory), when the simulator knows them. */
  nodes?: readonly NodeSpec[];
  /** Power model of each node of {@link nodes}, by index (empty when the cluster is unbounded). */
  nodePower?: readonly NodePowerSpec[];
  /**
   * The scenario's energy accounting (its default node power model and who draws idle power), so
   * energy-aware planners predict power as the simulator will charge it.
   */
  energy?: { node: NodePowerSpec; idle: 'cluster' | 'allocated' };
}

/**
 * An adaptation policy: every adaptation interval, return a configuration per stage, or `undefined`
 * to keep the current one.
 */
export interface Policy {
  readonly name: string;
  /**
   * Where in the scenario the policy's configurations come from, when it returns configurations the
   * user wrote (e.g. `static`'s `policy.config`): errors in them are reported at that path.
   */
  readonly configPath?: string;
  /** The configuration to run from now on, or `undefined` to keep the current one. */
  decide(observation: Observation): PipelineConfig | undefined;
}

/**
 * Makes a policy from its options (the scenario's `policy` object without `name`). May be async, e.g.
 * to load a solver or weights; validate options and throw an {@link InputError} with paths.
 */
export type PolicyFactory = (
  options: Record<string, unknown>,
  context: PolicyContext,
) => Policy | Promise<Policy>;
