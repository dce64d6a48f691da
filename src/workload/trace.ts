import { exponentialOf } from '../random/distributions.js';
import type { Uniform } from '../random/streams.js';
import type { ArrivalProcess, WithinSecondMode } from './types.js';

/** Options for {@link traceArrivals}. */
export interface TraceArrivalOptions {
  /** How a second's requests are placed within it (default `ipa`). */
  withinSecond?: WithinSecondMode;
  /** Each trace second lasts this many simulated seconds (default 1; 0.5 plays the trace twice as fast). */
  timeScale?: number;
  /** Arrivals at or after this simulated time are cut (default: none; a trace ends with its last second's requests). */
  endS?: number;
  /** Replay the trace from its start when it ends, until `endS` (default false). */
  repeat?: boolean;
}

/**
 * Arrivals following a per-second rate trace (`counts[i]` requests in trace second i).
 *
 * In `ipa` mode a request's delay can exceed one second, so arrivals of neighbouring seconds
 * interleave; a small sorted buffer of pending times emits them in order. Only seconds that can still
 * contribute earlier arrivals need generating first: all of second i's arrivals are at or after i.
 */
export function traceArrivals(counts: ArrayLike<number>, u: Uniform, options: TraceArrivalOptions = {}): ArrivalProcess {
  const mode = options.withinSecond ?? 'ipa';
  const scale = options.timeScale ?? 1;
  const len = counts.length;
  // Seconds are generated until the trace ends (or endS when repeating); arrivals are cut at endS
  // only, so IPA-mode requests that spill past the trace's last second still arrive.
  const endS = options.endS ?? Infinity;
  const generateUntil = Math.min(endS, options.repeat ? Infinity : len * scale);
  // Pending arrival times, sorted ascending, consumed from `head`.
  let buf = new Float64Array(64);
  let head = 0;
  let tail = 0;
  let second = 0; // next trace second (unwrapped across repeats) to generate

  const insert = (t: number): void => {
    if (tail === buf.length) {
      // Compact first; grow only when the live part fills the buffer.
      const live = tail - head;
      const next = live * 2 > buf.length ? new Float64Array(buf.length * 2) : buf;
      if (next === buf) buf.copyWithin(0, head, tail);
      else next.set(buf.subarray(head, tail));
      buf = next;
      head = 0;
      tail = live;
    }
    let i = tail++;
    while (i > head && buf[i - 1] > t) {
      buf[i] = buf[i - 1];
      i--;
    }
    buf[i] = t;
  };

  const generate = (s: number): void => {
    const n = counts[s % len];
    if (!(n > 0)) return;
    const start = s * scale;
    switch (mode) {
      case 'ipa':
        for (let k = 0; k < n; k++) insert(start + exponentialOf(u(), 1 / n) * scale);
        break;
      case 'poisson': {
        let t = start + exponentialOf(u(), 1 / n) * scale;
        while (t < start + scale) {
          insert(t);
          t += exponentialOf(u(), 1 / n) * scale;
        }
        break;
      }
      case 'uniform':
        for (let k = 0; k < n; k++) insert(start + ((k + 0.5) / n) * scale);
        break;
      case 'step':
        for (let k = 0; k < n; k++) insert(start);
        break;
    }
  };

  return {
    next() {
      // Generate seconds until the earliest pending time cannot be beaten by an ungenerated second.
      while (second * scale < generateUntil && (head === tail || buf[head] >= second * scale)) {
        generate(second++);
      }
      if (head === tail) return Infinity;
      const t = buf[head++];
      return t < endS ? t : Infinity;
    },
  };
}

/**
 * IPA's damping: `floor(raw / factor)` per second, as its loader does (`int(raw / 8)`).
 * Returns a new array.
 */
export function dampTrace(raw: ArrayLike<number>, factor: number): number[] {
  return Array.from(raw, (v) => Math.floor(v / factor));
}
