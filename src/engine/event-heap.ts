import { enlarged } from '../util/typed-arrays.js';

/**
 * A binary min-heap of events ordered by (time, insertion sequence), kept in typed arrays.
 *
 * Why typed arrays and not objects: the event loop is the simulator's hot path, and a heap of plain
 * numbers allocates nothing per event. Ties in time break by insertion order, so a run is a pure
 * function of its inputs. Each entry carries two small integers of payload (`kind`, `arg`) that the
 * caller interprets; anything larger lives outside, indexed by `arg`.
 */
export class EventHeap {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private arg: Int32Array;
  private n = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.kind = new Int32Array(initialCapacity);
    this.arg = new Int32Array(initialCapacity);
  }

  /** Number of events waiting. */
  get size(): number {
    return this.n;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /**
   * Whether an entry of time `time` and sequence `seq` comes before the earliest event (always when
   * empty): the heap's own order, for an event kept beside it.
   */
  precedesTop(time: number, seq: number): boolean {
    if (this.n === 0) return true;
    const t = this.time[0];
    return time < t || (time === t && seq < this.seq[0]);
  }

  /** Takes the next sequence number without adding an event (for one kept beside the heap). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Adds an event; returns its sequence number, unique for this heap (used to cancel it). The entry
   * is written at the end and then sifted up from there by index: `push` stays small enough for V8
   * to inline where events are scheduled, and the sift takes no time argument, which a call V8 does
   * not inline would be passed boxed on the heap (once per event).
   */
  push(time: number, kind: number, arg: number): number {
    if (this.n === this.time.length) this.grow();
    const i = this.n++;
    const s = this.nextSeq++;
    this.time[i] = time;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.arg[i] = arg;
    if (i > 0) this.siftUp(i);
    return s;
  }

  /** Moves the entry at `i` up to its place (a hole moves parents down until it is found). */
  private siftUp(i: number): void {
    const t = this.time;
    const q = this.seq;
    const time = t[i];
    const s = q[i];
    const kind = this.kind[i];
    const arg = this.arg[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p] < time || (t[p] === time && q[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    t[i] = time;
    q[i] = s;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  /** Removes the earliest event into `out` (time, seq, kind, arg). Returns false when empty. */
  pop(out: PoppedEvent): boolean {
    if (this.n === 0) return false;
    out.time = this.time[0];
    out.seq = this.seq[0];
    out.kind = this.kind[0];
    out.arg = this.arg[0];
    const last = --this.n;
    if (last > 0) this.siftDownFrom(last);
    return true;
  }

  /** Places the entry at `from` (the old last slot) at the root and sifts it down. */
  private siftDownFrom(from: number): void {
    const t = this.time;
    const q = this.seq;
    const time = t[from];
    const s = q[from];
    const kind = this.kind[from];
    const arg = this.arg[from];
    const n = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (t[r] < t[c] || (t[r] === t[c] && q[r] < q[c]))) c = r;
      if (time < t[c] || (time === t[c] && s < q[c])) break;
      this.move(c, i);
      i = c;
    }
    t[i] = time;
    q[i] = s;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.arg[to] = this.arg[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    this.time = enlarged(this.time, cap);
    this.seq = enlarged(this.seq, cap);
    this.kind = enlarged(this.kind, cap);
    this.arg = enlarged(this.arg, cap);
  }
}

/** The fields {@link EventHeap.pop} writes; reuse one instance to avoid allocation. */
export interface PoppedEvent {
  time: number;
  seq: number;
  kind: number;
  arg: number;
}
