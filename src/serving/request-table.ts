import { enlarged } from '../util/typed-arrays.js';

/** Status of a request in a {@link RequestTable}. */
export const RequestStatus = { InFlight: 0, Completed: 1, Dropped: 2 } as const;

/**
 * Every request of a run as struct-of-arrays typed buffers that grow by doubling: no object per
 * request. A request's id is its index, assigned in arrival order. Its tasks (one per stage visit)
 * live in the task table; here are the request-level facts.
 *
 * With `recycle` (every run without a per-request trace), a request's slot is {@link release}d once it has ended and
 * none of its tasks is left, and reused by a later arrival, as the task table does: memory is bounded
 * by the requests in flight, not by the run's length, and ids are no longer in arrival order.
 */
export class RequestTable {
  /** Slots ever used: the number of requests added, unless slots are recycled. */
  count = 0;
  /** Requests added. */
  added = 0;
  private free: Int32Array = new Int32Array(0);
  private freeCount = 0;
  /** Arrival time at the pipeline (s). */
  arrival: Float64Array;
  /** Completion or drop time (s); NaN while in flight (reset per request only without `recycle`). */
  finished: Float64Array;
  /** {@link RequestStatus}. */
  status: Uint8Array;
  /** Tasks of the request not finished yet; it completes when this reaches 0. */
  outstanding: Int32Array;
  /** Sum over its ended paths of each path's accuracy score, and the number of ended paths. */
  pathScore: Float64Array;
  paths: Int32Array;
  /** Deepest stage index any of its tasks reached (or was dropped at); reset per request only without `recycle`. */
  stage: Int16Array;
  /** Dynamic energy attributed to it (its share of each batch its tasks were in), J; reset per request only without `recycle`. */
  energyJ: Float64Array;

  constructor(
    capacity = 1024,
    readonly recycle = false,
  ) {
    if (recycle) this.free = new Int32Array(capacity);
    this.arrival = new Float64Array(capacity);
    this.finished = new Float64Array(capacity);
    this.status = new Uint8Array(capacity);
    this.outstanding = new Int32Array(capacity);
    this.pathScore = new Float64Array(capacity);
    this.paths = new Int32Array(capacity);
    this.stage = new Int16Array(capacity);
    this.energyJ = new Float64Array(capacity);
  }

  /** Adds a request arriving at `t`; returns its id. */
  add(t: number): number {
    this.added++;
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.count === this.arrival.length) this.grow();
      id = this.count++;
    }
    this.arrival[id] = t;
    this.status[id] = RequestStatus.InFlight;
    this.outstanding[id] = 1;
    this.pathScore[id] = 0;
    this.paths[id] = 0;
    // Read only from a kept table (the per-request trace, keepRequests): a recycled slot's record
    // is gone once it ends, so these are not reset per request there (three stores per request).
    if (!this.recycle) this.resetRecord(id);
    return id;
  }

  /** Resets the fields of a slot that only a kept table's readers see (see {@link add}). */
  private resetRecord(id: number): void {
    this.finished[id] = NaN;
    this.stage[id] = 0;
    this.energyJ[id] = 0;
  }

  /** Slots allocated (grows by doubling up to the most requests in flight at once). */
  get capacity(): number {
    return this.arrival.length;
  }

  /**
   * Gives a finished request's slot back for reuse (only with `recycle`; call once its status is
   * final and `outstanding` is 0, after the hooks have read it).
   */
  release(id: number): void {
    if (this.recycle) this.free[this.freeCount++] = id;
  }

  /** The request's accuracy: the mean score of its ended paths (NaN if none ended). */
  accuracy(id: number): number {
    return this.pathScore[id] / this.paths[id];
  }

  private grow(): void {
    const cap = this.arrival.length * 2;
    this.arrival = enlarged(this.arrival, cap);
    this.finished = enlarged(this.finished, cap);
    this.pathScore = enlarged(this.pathScore, cap);
    this.energyJ = enlarged(this.energyJ, cap);
    this.outstanding = enlarged(this.outstanding, cap);
    if (this.recycle) this.free = enlarged(this.free, cap);
    this.paths = enlarged(this.paths, cap);
    this.status = enlarged(this.status, cap);
    const sg = new Int16Array(cap);
    sg.set(this.stage);
    this.stage = sg;
  }
}
