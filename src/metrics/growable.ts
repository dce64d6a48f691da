/** An append-only Float64Array that grows by doubling. */
export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** A view of the values (shares memory; valid until the next push). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  /** Forgets the values, keeping the memory. */
  clear(): void {
    this.length = 0;
  }
}
