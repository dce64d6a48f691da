import type { ResourceRequest } from './cluster.js';
import type { CompiledVariant } from './compiled-pipeline.js';

/** Lifecycle of a replica. Cores are held from `Starting` until `Stopped`. */
export const ReplicaState = {
  /** Asked for, waiting for a node with free cores. */
  Pending: 0,
  /** Placed; loading the model until its ready event. */
  Starting: 1,
  /** Serving, no batch in hand. */
  Idle: 2,
  /** Serving a batch. */
  Busy: 3,
  /** Finishing its last batch, then it stops. */
  Draining: 4,
  /** Gone; cores released. */
  Stopped: 5,
} as const;
export type ReplicaStateCode = (typeof ReplicaState)[keyof typeof ReplicaState];

/**
 * One replica of one variant of one stage. Created on reconfiguration (rare), never per request;
 * its batch buffer is allocated once at the variant's largest batch size.
 */
export class Replica {
  state: ReplicaStateCode = ReplicaState.Pending;
  /** Node it is placed on (-1 while pending). */
  node = -1;
  /** Maximum batch size it forms (changes in place when only the batch size is reconfigured). */
  batchCap: number;
  /** Requests of the batch in hand: `batch[0..batchSize)`. */
  readonly batch: Int32Array;
  batchSize = 0;
  /** When the batch in hand started (s). */
  batchStart = 0;
  /** How long the batch in hand takes (s): its drawn service time. */
  batchDurationS = 0;
  /**
   * The energy meter's modelled dynamic power (W) for this replica while it serves, worked out at its
   * first batch (NaN until then). It is fixed while the replica lives (node and needs do not change),
   * and kept here rather than in a table of the meter so the per-batch read is one field load.
   */
  modelledPowerW = NaN;
  /** When it was asked for (s), to report how long pending replicas waited. */
  readonly requestedAt: number;

  /** Cores it holds once placed. */
  readonly cores: number;
  /** What it asks of a node: device type, cores, accelerator slots, memory. */
  readonly needs: ResourceRequest;

  constructor(
    readonly id: number,
    readonly stage: number,
    /** Index into the stage's compiled (variant, device) list. */
    readonly variant: number,
    /** That compiled variant (held here so the per-batch path does not look it up). */
    readonly compiled: CompiledVariant,
    batchCap: number,
    now: number,
  ) {
    const v = compiled;
    this.cores = v.cores;
    this.needs = { device: v.device, cores: v.cores, accelerators: v.accelerators, memoryMB: v.memoryMB };
    this.batchCap = batchCap;
    this.batch = new Int32Array(v.maxBatch);
    this.requestedAt = now;
  }

  /** Serving or about to: counts toward a stage's configured replicas. */
  get live(): boolean {
    return this.state <= ReplicaState.Busy;
  }

  /** Ready to take batches (idle or busy). */
  get ready(): boolean {
    return this.state === ReplicaState.Idle || this.state === ReplicaState.Busy;
  }
}
