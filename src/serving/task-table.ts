import { enlarged } from '../util/typed-arrays.js';

/**
 * The tasks in flight: one per (request, stage) visit. A request is one task at the entry stage;
 * a finished task sends tasks to the stage's children (one each in a chain; several, or none, in a
 * graph). Struct-of-arrays typed buffers with a free list, so memory is bounded by the tasks in
 * flight, not by the run's length, and nothing is allocated per task.
 */
export class TaskTable {
  /** The request a task belongs to. */
  request: Int32Array;
  /** When it entered its stage's queue (s). */
  enqueued: Float64Array;
  /** Sum and product of the PAS values of the variants along its path so far, and the path length. */
  accSum: Float64Array;
  accProd: Float64Array;
  depth: Int16Array;
  private free: Int32Array;
  private freeCount = 0;
  private next = 0;

  constructor(capacity = 1024) {
    this.request = new Int32Array(capacity);
    this.enqueued = new Float64Array(capacity);
    this.accSum = new Float64Array(capacity);
    this.accProd = new Float64Array(capacity);
    this.depth = new Int16Array(capacity);
    this.free = new Int32Array(capacity);
  }

  /** A new task of `request` entering a queue at `t`, with the path so far. */
  alloc(request: number, t: number, accSum: number, accProd: number, depth: number): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.next === this.request.length) this.grow();
      id = this.next++;
    }
    this.request[id] = request;
    this.enqueued[id] = t;
    this.accSum[id] = accSum;
    this.accProd[id] = accProd;
    this.depth[id] = depth;
    return id;
  }

  /** Returns a finished task's id for reuse. */
  release(id: number): void {
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const cap = this.request.length * 2;
    this.request = enlarged(this.request, cap);
    this.free = enlarged(this.free, cap);
    this.enqueued = enlarged(this.enqueued, cap);
    this.accSum = enlarged(this.accSum, cap);
    this.accProd = enlarged(this.accProd, cap);
    this.depth = enlarged(this.depth, cap);
  }
}
