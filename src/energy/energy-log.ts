/**
 * The common shape every energy-log reader returns (perf stat, nvidia-smi, powercap counters), so
 * the CLI, the profiler and the simulator's calibration code read one type whatever the source.
 */
import { InputError } from '../errors.js';
import { closest } from '../util/closest.js';

/** Which reader produced an {@link EnergyLog}. */
export type EnergyLogFormat = 'perf-human' | 'perf-csv' | 'nvidia-smi' | 'powercap';

/** One measurement interval. */
export interface EnergyInterval {
  /** End of the interval in seconds since the start of the measurement (perf's own clock). */
  t: number;
  /** Length of the interval in seconds. */
  durationS: number;
  /** Joules consumed in the interval by the events in {@link EnergyLog.totalEvents}. */
  joules: number;
  /** Mean power over the interval: `joules / durationS`. */
  watts: number;
  /**
   * Joules per event key in this interval: the event name (`power/energy-pkg/`), suffixed with
   * `@S0` for per-socket rows, or `gpu0` for nvidia-smi.
   */
  events: Record<string, number>;
  /** Event keys with no value in this interval (`<not counted>`, `<not supported>`, missing sample). */
  missing?: string[];
  /** Set on a last interval clearly shorter than the others: the run ended mid-interval. */
  partial?: boolean;
}

/** Totals of one event key over the whole log. */
export interface EnergyEventSummary {
  /** Event key as used in {@link EnergyInterval.events}. */
  key: string;
  /** Event name without the socket suffix (`power/energy-pkg/`). */
  event: string;
  /** Socket, die or GPU the rows came from (`S0`, `gpu0`), when the log is split that way. */
  unit?: string;
  /** Joules over the intervals where the event was counted. */
  totalJ: number;
  /** `totalJ` divided by the duration of the intervals where it was counted (0 if none). */
  meanW: number;
  /** Intervals with a value. */
  counted: number;
  /** Intervals where the event was `<not counted>` or absent. */
  notCounted: number;
  /** Intervals where perf reported `<not supported>`. */
  notSupported: number;
}

/** A line the reader understood but left out of the energy figures, and why. */
export interface SkippedLine {
  /** 1-based line number in the input. */
  line: number;
  /** The line as it was in the input. */
  text: string;
  /** Why it was left out, e.g. `task-clock is not an energy event (unit msec)`. */
  reason: string;
}

/** A parsed energy log: per-interval Joules and Watts and the totals. */
export interface EnergyLog {
  /** The reader that produced it. */
  format: EnergyLogFormat;
  /** Intervals in time order, each starting where the previous one ended. */
  intervals: EnergyInterval[];
  /** One entry per event key, in first-seen order. */
  events: EnergyEventSummary[];
  /**
   * The event keys summed into {@link EnergyInterval.joules} and {@link totalJ}: the package events
   * (`power/energy-pkg/`, every socket) when present, because `energy-cores` and `energy-gpu` are
   * parts of the package and `energy-psys` contains it, so summing them all would count Joules twice.
   */
  totalEvents: string[];
  /** Sum of the intervals' `joules`. */
  totalJ: number;
  /** `totalJ / durationS` (0 for an empty log). */
  meanW: number;
  /** From the start of the first interval to the end of the last, in seconds. */
  durationS: number;
  /** Start of the first interval on the log's clock (0 for a perf log that starts with the run). */
  startS: number;
  /** Plain-language remarks on anything the reader had to assume. */
  notes: string[];
  /** Lines understood but not energy (e.g. a `task-clock` event in the same perf run). */
  skipped: SkippedLine[];
}

/** One value of one event at one interval end, as the readers collect them before building intervals. */
export interface EnergySample {
  /** Interval end on the log's clock, in seconds. */
  t: number;
  /** Event key (see {@link EnergyInterval.events}). */
  key: string;
  /** Event name without the per-socket suffix. */
  event: string;
  /** Socket or device, if any. */
  unit?: string;
  /** Joules in the interval, or the reason there is none. */
  joules: number | 'not-counted' | 'not-supported';
  /** 1-based line the value came from, for error messages. */
  line: number;
}

/** Options shared by {@link buildEnergyLog} and the readers. */
export interface BuildEnergyLogOptions {
  /**
   * Event keys or names to sum into the totals. Default: every `power/energy-pkg/` key; without
   * one, every `power/energy-psys/` key; without that, every event.
   */
  totalEvents?: readonly string[];
  /** Start of the first interval on the log's clock; default 0, adjusted for logs cut at the front. */
  startS?: number;
  /** Name of the log (a file), for error messages. */
  source?: string;
}

/** Package event name as perf's RAPL PMU spells it. */
export const PACKAGE_EVENT = 'power/energy-pkg/';

/**
 * Groups samples into intervals (sorted by time: perf lines may arrive out of order) and totals them.
 * All samples at one timestamp form one interval; the interval starts where the previous one ended.
 */
export function buildEnergyLog(
  format: EnergyLogFormat,
  samples: readonly EnergySample[],
  options: BuildEnergyLogOptions = {},
  notes: string[] = [],
  skipped: SkippedLine[] = [],
): EnergyLog {
  const sorted = [...samples].sort((a, b) => a.t - b.t || a.line - b.line);
  const keys: EnergySample[] = [];
  const seenKey = new Set<string>();
  for (const s of samples) {
    if (!seenKey.has(s.key)) {
      seenKey.add(s.key);
      keys.push(s);
    }
  }
  const totalKeys = chooseTotalKeys(keys, options.totalEvents, options.source);
  // Energy counters never run backwards: a negative value is a corrupt log, not negative Watts.
  const negative = samples.find((s) => typeof s.joules === 'number' && s.joules < 0);
  if (negative) {
    throw new InputError(
      [{ path: negative.line > 0 ? `line ${negative.line}` : negative.key, expected: `an energy >= 0 J for ${negative.key} (an energy counter never runs backwards)`, received: `${negative.joules} J at ${negative.t} s` }],
      options.source,
    );
  }

  // Distinct interval ends, each with its samples.
  const ends: number[] = [];
  const groups: EnergySample[][] = [];
  for (const s of sorted) {
    if (ends.length === 0 || s.t !== ends[ends.length - 1]) {
      ends.push(s.t);
      groups.push([]);
    }
    groups[groups.length - 1].push(s);
  }

  const gaps = ends.slice(1).map((t, i) => t - ends[i]);
  const typical = median(gaps);
  let startS = options.startS ?? 0;
  if (options.startS === undefined && ends.length > 1 && ends[0] > 1.5 * typical) {
    // perf's clock starts with the run, so a first timestamp far beyond one interval means the
    // log was cut at the front; assume the first interval was as long as the others.
    startS = ends[0] - typical;
    notes.push(
      `the first interval ends at ${round(ends[0], 3)} s, well after one interval of ${round(typical, 3)} s: ` +
        `the log seems to start mid-run, so its first interval is taken to start at ${round(startS, 3)} s`,
    );
  }

  const summaries = new Map<string, EnergyEventSummary>();
  for (const k of keys) {
    summaries.set(k.key, {
      key: k.key,
      event: k.event,
      ...(k.unit !== undefined ? { unit: k.unit } : {}),
      totalJ: 0,
      meanW: 0,
      counted: 0,
      notCounted: 0,
      notSupported: 0,
    });
  }
  const countedS = new Map<string, number>();

  const intervals: EnergyInterval[] = [];
  let prev = startS;
  for (let i = 0; i < ends.length; i++) {
    const t = ends[i];
    const durationS = t - prev;
    prev = t;
    const events: Record<string, number> = {};
    const present = new Set<string>();
    let joules = 0;
    for (const s of groups[i]) {
      const sum = summaries.get(s.key)!;
      if (present.has(s.key)) {
        throw new Error(`duplicate sample of ${s.key} at ${t} s (line ${s.line}); readers must reject it`);
      }
      present.add(s.key);
      if (typeof s.joules === 'number') {
        events[s.key] = s.joules;
        sum.totalJ += s.joules;
        sum.counted++;
        countedS.set(s.key, (countedS.get(s.key) ?? 0) + durationS);
        if (totalKeys.has(s.key)) joules += s.joules;
      } else if (s.joules === 'not-supported') {
        sum.notSupported++;
      } else {
        sum.notCounted++;
      }
    }
    const missing = keys.map((k) => k.key).filter((k) => !(k in events));
    for (const k of missing) if (!present.has(k)) summaries.get(k)!.notCounted++;
    const interval: EnergyInterval = { t, durationS, joules, watts: durationS > 0 ? joules / durationS : 0, events };
    if (missing.length > 0) interval.missing = missing;
    intervals.push(interval);
  }
  const last = intervals[intervals.length - 1];
  if (intervals.length > 2 && last.durationS < 0.9 * median(intervals.slice(0, -1).map((x) => x.durationS))) {
    last.partial = true;
  }

  for (const s of summaries.values()) {
    const d = countedS.get(s.key) ?? 0;
    s.meanW = d > 0 ? s.totalJ / d : 0;
  }
  const withMissingTotals = intervals.filter((x) => x.missing?.some((k) => totalKeys.has(k))).length;
  if (withMissingTotals > 0) {
    notes.push(`${withMissingTotals} interval(s) lack a value for a totalled event; the totals leave those values out`);
  }
  const totalJ = intervals.reduce((acc, x) => acc + x.joules, 0);
  const durationS = ends.length > 0 ? ends[ends.length - 1] - startS : 0;
  return {
    format,
    intervals,
    events: [...summaries.values()],
    totalEvents: [...totalKeys],
    totalJ,
    meanW: durationS > 0 ? totalJ / durationS : 0,
    durationS,
    startS,
    notes,
    skipped,
  };
}

/** Keys summed into the totals; see {@link BuildEnergyLogOptions.totalEvents}. */
function chooseTotalKeys(keys: readonly EnergySample[], wanted: readonly string[] | undefined, source: string | undefined): Set<string> {
  if (wanted && wanted.length > 0) {
    // Each event asked for must be in the log: a typo would otherwise total 0 J in silence.
    const names = [...new Set(keys.flatMap((k) => [k.key, k.event]))];
    const absent = wanted.filter((w) => !names.includes(w));
    if (absent.length) {
      throw new InputError(
        absent.map((w) => {
          const near = closest(w, names);
          return { path: 'totalEvents', expected: `an event of the log: ${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'the log has none'}`, received: JSON.stringify(w), hint: near ? `did you mean "${near}"?` : undefined };
        }),
        source,
      );
    }
    return new Set(keys.filter((k) => wanted.includes(k.key) || wanted.includes(k.event)).map((k) => k.key));
  }
  for (const name of [PACKAGE_EVENT, 'power/energy-psys/']) {
    const hit = keys.filter((k) => k.event === name);
    if (hit.length > 0) return new Set(hit.map((k) => k.key));
  }
  return new Set(keys.map((k) => k.key));
}

/** Median of a list (0 for an empty one). */
function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
