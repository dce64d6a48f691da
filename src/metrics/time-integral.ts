/**
 * The integral of a piecewise-constant quantity (cores allocated, power) over time, restricted to a
 * window [from, to]. `set(t, v)` records that the value becomes `v` at time `t`.
 */
export class TimeIntegral {
  private value = 0;
  private since: number;
  /** Integral over the window so far. */
  total = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    this.since = from;
  }

  /** The value now. */
  get current(): number {
    return this.value;
  }

  set(t: number, v: number): void {
    this.advance(t);
    this.value = v;
  }

  /** Accumulates up to `t` (clamped to the window) without changing the value. */
  advance(t: number): void {
    const end = Math.min(t, this.to);
    if (end > this.since) {
      this.total += this.value * (end - this.since);
      this.since = end;
    } else if (t < this.from) {
      this.since = this.from;
    }
  }
}
