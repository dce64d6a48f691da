/**
 * Values worked out ahead, a block at a time, by a `fill` function, and read one by one from an
 * array: `values[at++]`, calling {@link refill} first when `at` has reached `end`. The hot path reads
 * the fields itself rather than calling {@link next}.
 *
 * Why: a number returned by a call that V8 does not inline comes back boxed on the heap, one
 * allocation per value, and whether the event loop's call to a sampler or an arrival process is
 * inlined depends on how much else is inlined there. A fill loop calls one sampler only, so V8
 * inlines it there. Taking values early changes none of them as long as nothing else draws from the
 * same random stream in between (each user says why that holds).
 */
export class DrawnAhead {
  /** `values[at..end)` are still to be read. */
  readonly values: Float64Array;
  at = 0;
  end = 0;

  /**
   * @param fill - writes the next values from the start of `out` and returns how many (at least 1)
   * @param size - the most values taken at once
   */
  constructor(
    private readonly fill: (out: Float64Array) => number,
    size = 256,
  ) {
    this.values = new Float64Array(size);
  }

  /** The next value. */
  next(): number {
    if (this.at === this.end) this.refill();
    return this.values[this.at++];
  }

  /** Takes the next block of values. */
  refill(): void {
    this.end = this.fill(this.values);
    this.at = 0;
  }
}
