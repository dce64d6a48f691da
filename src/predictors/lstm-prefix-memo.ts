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
 * @internal
 */
export class LstmPrefixMemo {
  /** States `(h, c)` of node `i` at `states[i * 2u .. (i + 1) * 2u)`; grown by doubling up to capacity. */
  private states: Float64Array;
  /** Children of node `i` (`children[i]`, created when first needed), keyed by the next input. */
  private children: (Map<number, number> | undefined)[] = [];
  private readonly roots = new Map<number, number>();
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
  }

  /** The node reached from `node` (-1: the empty prefix) by input `x`, or -1 when not stored. */
  child(node: number, x: number): number {
    const m = node < 0 ? this.roots : this.children[node];
    return m === undefined ? -1 : m.get(x) ?? -1;
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
      this.children = [];
      this.roots.clear();
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
    let m = node < 0 ? this.roots : this.children[node];
    if (m === undefined) this.children[node] = m = new Map();
    m.set(x, id);
    return id;
  }
}
