/** A FIFO of integer ids in a power-of-two ring buffer that grows by doubling. */
export class RingQueue {
  private buf: Int32Array;
  private mask: number;
  private head = 0;
  /** Number of ids waiting. */
  length = 0;

  constructor(capacity = 256) {
    let cap = 1;
    while (cap < capacity) cap *= 2;
    this.buf = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Appends `id` at the tail. */
  push(id: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length++) & this.mask] = id;
  }

  /** The oldest id (undefined behaviour when empty: check `length` first). */
  peek(): number {
    return this.buf[this.head];
  }

  /** The id `i` places behind the oldest (0 <= i < length). */
  at(i: number): number {
    return this.buf[(this.head + i) & this.mask];
  }

  /** Overwrites the id `i` places behind the oldest (0 <= i < length). */
  set(i: number, id: number): void {
    this.buf[(this.head + i) & this.mask] = id;
  }

  /** Removes the `k` oldest ids (k <= length) without reading them. */
  skip(k: number): void {
    this.head = (this.head + k) & this.mask;
    this.length -= k;
  }

  /** Removes and returns the id at the head. */
  shift(): number {
    const id = this.buf[this.head];
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return id;
  }

  private grow(): void {
    const cap = this.buf.length * 2;
    const next = new Int32Array(cap);
    for (let i = 0; i < this.length; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}
