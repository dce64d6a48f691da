import type { StageSeries } from '../metrics/types.js';
import { enlarged } from '../util/typed-arrays.js';

/**
 * One stage's state sampled at the end of every series interval, kept as typed columns (names as
 * indices into a table) rather than six growing plain arrays: a 22-day run has 190 k intervals, and
 * plain arrays cost the heap ~2.5x as much, plus the garbage of their growth. The plain arrays of
 * the result's {@link StageSeries} are made once, at the end.
 */
export class StageSamples {
  private length = 0;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private variant: Uint16Array;
  private device: Uint16Array;
  // Batch sizes, replicas and queue lengths are whole numbers below 2^31 (validated sizes).
  private batch: Int32Array;
  private replicas: Int32Array;
  private ready: Int32Array;
  private queue: Int32Array;

  /** @param capacity the expected number of samples (the run's intervals); grows beyond it if needed */
  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.variant = new Uint16Array(n);
    this.device = new Uint16Array(n);
    this.batch = new Int32Array(n);
    this.replicas = new Int32Array(n);
    this.ready = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  push(variant: string, device: string, batch: number, replicas: number, ready: number, queue: number): void {
    if (this.length === this.batch.length) this.grow();
    const i = this.length++;
    this.variant[i] = this.indexOf(variant);
    this.device[i] = this.indexOf(device);
    this.batch[i] = batch;
    this.replicas[i] = replicas;
    this.ready[i] = ready;
    this.queue[i] = queue;
  }

  /** The samples as the result's plain arrays. */
  series(name: string): StageSeries {
    const n = this.length;
    const names = (col: Uint16Array) => Array.from(col.subarray(0, n), (k) => this.names[k]);
    const nums = (col: Int32Array) => Array.from(col.subarray(0, n));
    return {
      name,
      variant: names(this.variant),
      device: names(this.device),
      batch: nums(this.batch),
      replicas: nums(this.replicas),
      readyReplicas: nums(this.ready),
      queueLength: nums(this.queue),
    };
  }

  private indexOf(name: string): number {
    let k = this.nameIndex.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, k);
    }
    return k;
  }

  private grow(): void {
    const n = this.batch.length * 2;
    this.variant = enlarged(this.variant, n);
    this.device = enlarged(this.device, n);
    this.batch = enlarged(this.batch, n);
    this.replicas = enlarged(this.replicas, n);
    this.ready = enlarged(this.ready, n);
    this.queue = enlarged(this.queue, n);
  }
}
