/**
 * The series interval a time falls in, `Math.floor(t / intervalS)`, for times that do not decrease
 * (the simulation's clock), without a division per call.
 *
 * Why: the recorder and the energy meter find an interval for every arrival, completion and batch,
 * and nearly always the same one as the call before. After one division this keeps a range of times
 * `[from, below)` known to give the same interval and answers from it. `below` is
 * `(b + 1) * intervalS` shrunk by a relative 2^-50, which is more than the rounding of the two
 * multiplications and of the division can move (3 x 2^-53): for `from <= t < below`, the rounded
 * `t / intervalS` is at least the one at `from` (rounding keeps order) and stays below `b + 1`. So
 * the answer is `Math.floor(t / intervalS)` to the bit; times within that margin of an interval's end
 * (or earlier than `from`) are simply divided.
 */
export class IntervalIndex {
  private from = Infinity;
  private below = -Infinity;
  private index = 0;

  /** @param intervalS the interval's length, s (positive, finite) */
  constructor(private readonly intervalS: number) {}

  /** `Math.floor(t / intervalS)` (t >= 0). */
  of(t: number): number {
    if (t >= this.from && t < this.below) return this.index;
    return this.divide(t);
  }

  /**
   * {@link of} for a time at or after every time asked before (the simulation's clock): one
   * comparison. Why a second method: its bytecode stays under the size V8 always inlines (27
   * bytes), so the per-request and per-batch callers never call it with a boxed time.
   */
  ofLater(t: number): number {
    return t < this.below ? this.index : this.divide(t);
  }

  /** The division, remembering the range of times that give the same interval. Apart so {@link of} stays small. */
  private divide(t: number): number {
    const b = Math.floor(t / this.intervalS);
    this.index = b;
    this.from = t;
    // Negative intervals (times before 0, which the simulation has none of) are not kept: there the
    // shrinking would go the wrong way.
    this.below = b >= 0 ? (b + 1) * this.intervalS * (1 - 2 ** -50) : -Infinity;
    return b;
  }
}
