/** Status of a request in a {@link RequestTable}. */
export const RequestStatus = { InFlight: 0, Completed: 1, Dropped: 2 } as const;

/**
 * Every request of a run as struct-of-arrays typed buffers that grow by doubling: no object per
 * request. A request's id is its index, assigned in arrival order. Its tasks (one per stage visit)
 * live in the task table; here are the request-level facts.
 */
export class RequestTable {
  /** Number of requests added. */
  count = 0;
  /** Arrival time at the pipeline (s). */
  arrival: Float64Array;
  /** Completion or drop time (s); NaN while in flight. */
  finished: Float64Array;
  /** {@link RequestStatus}. */
  status: Uint8Array;
  /** Tasks of the request not finished yet; it completes when this reaches 0. */
  outstanding: Int32Array;
  /** Sum over its ended paths of each path's accuracy score, and the number of ended paths. */
  pathScore: Float64Array;
  paths: Int32Array;
  /** Deepest stage index any of its tasks reached (or was dropped at). */
  stage: Int16Array;
  /** Dynamic energy attributed to it (its share of each batch its tasks were in), J. */
  energyJ: Float64Array;

  constructor(capacity = 1024) {
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
    if (this.count === this.arrival.length) this.grow();
    const id = this.count++;
    this.arrival[id] = t;
    this.finished[id] = NaN;
    this.status[id] = RequestStatus.InFlight;
    this.outstanding[id] = 1;
    this.pathScore[id] = 0;
    this.paths[id] = 0;
    this.stage[id] = 0;
    this.energyJ[id] = 0;
    return id;
  }

  /** The request's accuracy: the mean score of its ended paths (NaN if none ended). */
  accuracy(id: number): number {
    return this.pathScore[id] / this.paths[id];
  }

  private grow(): void {
    const cap = this.arrival.length * 2;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.arrival = f64(this.arrival);
    this.finished = f64(this.finished);
    this.pathScore = f64(this.pathScore);
    this.energyJ = f64(this.energyJ);
    this.outstanding = i32(this.outstanding);
    this.paths = i32(this.paths);
    const st = new Uint8Array(cap);
    st.set(this.status);
    this.status = st;
    const sg = new Int16Array(cap);
    sg.set(this.stage);
    this.stage = sg;
  }
}
