import type { ArrivalProcess } from '../workload/types.js';

/**
 * A run's next arrival times, taken from its arrival process 256 at a time, so that the event loop
 * reads each from an array (`times[at++]`, refilling when `at` reaches `end`) instead of calling the
 * process per arrival.
 *
 * Why: a number returned by a call V8 does not inline comes back boxed on the heap, one allocation
 * per arrival, and whether the loop's call to the process is inlined depends on how much else is
 * inlined there. The refill loop calls one process only, so V8 inlines it there. Taking the times
 * early changes none of them: the run's `arrivals` stream has no other reader.
 */
export class UpcomingArrivals {
  /** The times taken; `times[at..end)` are still to come (the last may be Infinity: no more). */
  readonly times = new Float64Array(256);
  at = 0;
  end = 0;

  constructor(private readonly process: ArrivalProcess) {}

  /** The next arrival time, Infinity once the process has none. */
  next(): number {
    if (this.at === this.end) this.refill();
    return this.times[this.at++];
  }

  /** Takes the next times from the process, stopping after the first Infinity (its end). */
  refill(): void {
    const process = this.process;
    const times = this.times;
    let k = 0;
    while (k < times.length) {
      const t = process.next();
      times[k++] = t;
      if (t === Infinity) break;
    }
    this.at = 0;
    this.end = k;
  }
}
