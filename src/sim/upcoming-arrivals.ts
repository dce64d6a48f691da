import { DrawnAhead } from '../random/drawn-ahead.js';
import type { ArrivalProcess } from '../workload/types.js';

/**
 * A run's next arrival times, taken from its arrival process 256 at a time, so that the event loop
 * reads each from an array instead of calling the process per arrival (see {@link DrawnAhead}).
 * Taking the times early changes none of them: the run's `arrivals` stream has no other reader. A
 * block stops after the process's first Infinity (its end).
 */
export function upcomingArrivals(process: ArrivalProcess): DrawnAhead {
  return new DrawnAhead((out) => {
    let k = 0;
    while (k < out.length) {
      const t = process.next();
      out[k++] = t;
      if (t === Infinity) break;
    }
    return k;
  });
}
