/**
 * The LSTM's states after the first steps of its input windows, kept by input prefix, so that a
 * window starting like an earlier one resumes from the stored state instead of recomputing those
 * steps. Exact: the state after step `t` is a function of `inputs[0..t]` alone (every pass starts from
 * zero state), so a resumed pass computes the same bits.
 *
 * IPA's inputs repeat a lot at the start of the window: they are maxima of whole request counts
 * over 10 s, divided by the model's scale, so a few dozen distinct values. On a Twitter day
 * (`bench/decisions.ts`) 97 % of windows share their first two bins with an earlier window, 56 %
 * their first six; with the defaults below about a third of the steps are skipped.
 *
 * Bounded: at most `capacity` stored states (`2 * units` doubles each, 1.6 MB for IPA's 25 units at
 * the default 4096), for prefixes of at most `depth` steps; when full it is emptied and fills again
 * (load drifts over a long run, so recent prefixes are the useful ones).
 *
 * The prefix tree's edges (parent node, input) -> child live in one open-addressing hash table of
 * typed arrays keyed by the input's bits: a lookup allocates nothing (a `Map` per node keyed by
 * numbers boxed every input it was asked for, and its lookups were a fifth of the predictor's time
 * inside a run).
 *
 * @internal
 */
export class LstmPrefixMemo {
  /** States `(h, c)` of node `i` at `states[i * 2u .. (i + 1) * 2u)`; grown by doubling up to capacity. */
  private states: Float64Array;
  /**
   * Edge slots, four int32 each (one cache line holds four slots): parent node (-1: the empty
   * prefix; -2: free), the input's two 32-bit halves, child node.
   */
  private readonly slots: Int32Array;
  /** Slots - 1 (a power of two, at least twice the capacity, so probes stay short). */
  private readonly mask: number;
  /** The input being looked up, as a double and as its two 32-bit halves (little or big endian alike). */
  private readonly bits = new Float64Array(1);
  private readonly halves = new Int32Array(this.bits.buffer);
  private count = 0;
  private readonly stride: number;

  /**
   * @param units - the model's units (each state is `h` and `c`, `units` doubles each)
   * @param depth - longest prefix stored, in steps
   * @param capacity - most states stored at once
   */
  constructor(
    readonly units: number,
    readonly depth = 6,
    readonly capacity = 4096,
  ) {
    this.stride = 2 * units;
    this.states = new Float64Array(Math.min(64, capacity) * this.stride);
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.mask = slots - 1;
    this.slots = new Int32Array(4 * slots);
    this.clearSlots();
  }

  /**
   * The offset in `slots` of edge (`node`, `x`), or of the free slot where it would go. Inputs are compared by
   * their bits: `0` and `-0` are different prefixes (the pass may tell them apart), and one NaN is
   * the same as another of the same bits (a NaN input gives a NaN pass either way).
   */
  private slot(node: number, x: number): number {
    this.bits[0] = x;
    const lo = this.halves[0];
    const hi = this.halves[1];
    const t = this.slots;
    let i = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(node + 2, 0x85ebca6b), 0xc2b2ae35) >>> 0) & this.mask;
    for (;;) {
      const at = 4 * i;
      const p = t[at];
      if (p === -2 || (p === node && t[at + 1] === lo && t[at + 2] === hi)) return at;
      i = (i + 1) & this.mask;
    }
  }

  /** Marks every edge slot free. */
  private clearSlots(): void {
    const t = this.slots;
    for (let at = 0; at < t.length; at += 4) t[at] = -2;
  }

  /** The node reached from `node` (-1: the empty prefix) by input `x`, or -1 when not stored. */
  child(node: number, x: number): number {
    const at = this.slot(node, x);
    return this.slots[at] === -2 ? -1 : this.slots[at + 3];
  }

  /** Copies node `node`'s state into `h` and `c`. */
  load(node: number, h: Float64Array, c: Float64Array): void {
    const u = this.units;
    const at = node * this.stride;
    const s = this.states;
    for (let k = 0; k < u; k++) {
      h[k] = s[at + k];
      c[k] = s[at + u + k];
    }
  }

  /**
   * Stores the state `(h, c)` reached from `node` (-1: the empty prefix) by input `x`; returns the
   * new node, or -1 when the memo was full (it is then emptied, and `node` no longer exists).
   */
  add(node: number, x: number, h: Float64Array, c: Float64Array): number {
    if (this.count === this.capacity) {
      this.count = 0;
      this.clearSlots();
      return -1;
    }
    const id = this.count++;
    const u = this.units;
    if ((id + 1) * this.stride > this.states.length) {
      const grown = new Float64Array(Math.min(this.capacity, 2 * (this.states.length / this.stride)) * this.stride);
      grown.set(this.states);
      this.states = grown;
    }
    const at = id * this.stride;
    const s = this.states;
    for (let k = 0; k < u; k++) {
      s[at + k] = h[k];
      s[at + u + k] = c[k];
    }
    const e = this.slot(node, x);
    const t = this.slots;
    t[e] = node;
    t[e + 1] = this.halves[0];
    t[e + 2] = this.halves[1];
    t[e + 3] = id;
    return id;
  }
}
