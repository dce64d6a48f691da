/**
 * Arrivals per simulated second, for the observations' `arrivalsPerSecond`, kept only for the
 * seconds an observation can still ask for: the last `historyS` whole seconds and the current one.
 *
 * Why a ring and not one count per second of the run: an observation copies at most `historyS`
 * seconds back from now, and time only moves forward, so older counts are never read again. A count
 * per second of a long run costs memory in proportion to its length (4 bytes x 1.1 M seconds for a
 * 1 M-customer M/M/1 run), and touching those fresh pages once each cost ~5 % of such a run.
 */
export class RecentArrivals {
  private readonly counts: Uint32Array;
  /** The second of the latest arrival (-1: none yet); slots of later seconds may hold stale counts. */
  private latest = -1;
  private readonly mask: number;

  /**
   * @param historyS seconds an observation looks back (whole, >= 1)
   * @param seconds seconds of the run that can hold arrivals (the ring needs no more slots than this)
   */
  constructor(
    historyS: number,
    readonly seconds: number,
  ) {
    // A power of two at least the seconds an observation can ask for: a slot is found by a mask, not
    // a division, which needs seconds below 2^31 (scenarios last at most LIMITS.durationS, 1e7 s).
    if (!(seconds <= 2 ** 31)) throw new RangeError(`RecentArrivals: ${seconds} seconds asked for, at most 2^31 supported`);
    let n = 1;
    while (n < Math.min(historyS + 1, seconds)) n *= 2;
    this.counts = new Uint32Array(n);
    this.mask = n - 1;
  }

  /**
   * Counts an arrival in second `s` (the whole part of its time; seconds never decrease). Whole
   * seconds rather than the time: a small integer is passed unboxed, a double is boxed per arrival.
   */
  add(s: number): void {
    const n = this.counts.length;
    if (s !== this.latest) {
      // Seconds since the latest arrival had none: clear their slots (at most the whole ring).
      for (let k = Math.max(this.latest + 1, s - n + 1); k <= s; k++) this.counts[k & this.mask] = 0;
      this.latest = s;
    }
    this.counts[s & this.mask]++;
  }

  /**
   * The counts of seconds `[from, to)` as a plain array (a loop: `Array.from` on a typed array goes
   * through its iterator, ~10x slower). `from` must be within `historyS` of the latest second added
   * or of any later second: the counts of earlier seconds are gone.
   */
  window(from: number, to: number): number[] {
    const n = this.counts.length;
    if (to - from > n || from < this.latest - n + 1) {
      throw new RangeError(`arrival counts of seconds [${from}, ${to}) asked for; only the last ${n} seconds up to ${this.latest} are kept`);
    }
    const out = new Array<number>(Math.max(0, to - from));
    for (let s = from; s < to; s++) out[s - from] = s <= this.latest ? this.counts[s & this.mask] : 0;
    return out;
  }
}
