/** Status of a request in a {@link RequestTable}. */
export const RequestStatus = { InFlight: 0, Completed: 1, Dropped: 2 } as const;

/**
 * Every request of a run as struct-of-arrays typed buffers that grow by doubling: no object per
 * request. A request's id is its index, assigned in arrival order.
 */
export class RequestTable {
  /** Number of requests added. */
  count = 0;
  /** Arrival time at the pipeline (s). */
  arrival: Float64Array;
  /** Time the request entered its current stage's queue (s). */
  enqueued: Float64Array;
  /** Completion or drop time (s); NaN while in flight. */
  finished: Float64Array;
  /** Sum of the PAS values of the variants that served it so far. */
  accSum: Float64Array;
  /** Product of the PAS values of the variants that served it so far. */
  accProd: Float64Array;
  /** {@link RequestStatus}. */
  status: Uint8Array;
  /** Stage the request is at (or was dropped at). */
  stage: Int16Array;
  /** Dynamic energy attributed to it so far (its share of each batch it was in), J. */
  energyJ: Float64Array;

  constructor(capacity = 1024) {
    this.arrival = new Float64Array(capacity);
    this.enqueued = new Float64Array(capacity);
    this.finished = new Float64Array(capacity);
    this.accSum = new Float64Array(capacity);
    this.accProd = new Float64Array(capacity);
    this.status = new Uint8Array(capacity);
    this.stage = new Int16Array(capacity);
    this.energyJ = new Float64Array(capacity);
  }

  /** Adds a request arriving at `t`; returns its id. */
  add(t: number): number {
    if (this.count === this.arrival.length) this.grow();
    const id = this.count++;
    this.arrival[id] = t;
    this.enqueued[id] = t;
    this.finished[id] = NaN;
    this.accSum[id] = 0;
    this.accProd[id] = 1;
    this.status[id] = RequestStatus.InFlight;
    this.stage[id] = 0;
    this.energyJ[id] = 0;
    return id;
  }

  private grow(): void {
    const cap = this.arrival.length * 2;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.arrival = f64(this.arrival);
    this.enqueued = f64(this.enqueued);
    this.finished = f64(this.finished);
    this.accSum = f64(this.accSum);
    this.accProd = f64(this.accProd);
    this.energyJ = f64(this.energyJ);
    const st = new Uint8Array(cap);
    st.set(this.status);
    this.status = st;
    const sg = new Int16Array(cap);
    sg.set(this.stage);
    this.stage = sg;
  }
}
