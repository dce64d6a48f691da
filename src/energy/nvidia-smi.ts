import { InputError, describeValue, excerpt } from '../errors.js';
import { buildEnergyLog, type BuildEnergyLogOptions, type EnergyLog, type EnergySample, type SkippedLine } from './energy-log.js';
import { parseLocaleNumber } from './locale-number.js';

/** Options of {@link parseNvidiaSmi}. */
export interface ParseNvidiaSmiOptions extends Omit<BuildEnergyLogOptions, 'startS'> {
  /**
   * Length of the output intervals in seconds (default 1, like `perf stat -I 1000`). `0` makes one
   * interval per pair of consecutive sample times instead.
   */
  intervalS?: number;
  /** Name of the log put in front of error messages. */
  source?: string;
}

/**
 * Parses a GPU power log written by
 * `nvidia-smi --query-gpu=timestamp,power.draw --format=csv,noheader,nounits -lms 100`
 * (lines `2024/01/15 10:23:45.123, 72.45`) into Joules per interval.
 *
 * nvidia-smi samples power in Watts, so energy is the integral of power over time: power is taken
 * to change linearly between samples (trapezoid rule) and the integral is cut at interval edges.
 * Also read: a header line (`timestamp, power.draw [W]`, which then fixes the column order), units
 * left in (`72.45 W`), an `index` column (`timestamp, index, power.draw`) for several GPUs, and
 * `[N/A]` / `[Not Supported]` samples, which are dropped (the neighbours are joined).
 *
 * Time starts at the first sample; timestamps are read as given, without a time zone, so a log that
 * crosses a daylight-saving change is off by that hour. On recent GPUs `power.draw` is a one-second
 * average, so sub-second intervals are smoothed; query `power.draw.instant` for raw samples.
 *
 * @throws {InputError} naming the line of the first unreadable sample, or of a repeated timestamp
 *   (several GPUs logged without an `index` column).
 */
export function parseNvidiaSmi(text: string, options: ParseNvidiaSmiOptions = {}): EnergyLog {
  const intervalS = options.intervalS ?? 1;
  if (!(intervalS >= 0) || !Number.isFinite(intervalS)) {
    throw new InputError([{ path: 'intervalS', expected: 'a number of seconds >= 0', received: describeValue(intervalS) }]);
  }
  const lines = text.split(/\r?\n/);
  function fail(lineNo: number, raw: string, expected: string, hint?: string): never {
    throw new InputError(
      [{ path: `line ${lineNo}`, expected, received: excerpt(raw), ...(hint ? { hint } : {}) }],
      options.source,
    );
  }

  let cols: { time: number; index: number; power: number } | undefined;
  const series = new Map<string, { t: number; w: number; line: number }[]>();
  const skipped: SkippedLine[] = [];
  let dropped = 0;
  let t0Ms: number | undefined;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (/^timestamp\b/i.test(fields[0])) {
      const names = fields.map((f) => f.toLowerCase().replace(/\s*\[.*\]$/, ''));
      const power = names.findIndex((n) => n.startsWith('power.draw'));
      if (power < 0) fail(lineNo, raw, 'a header with a power.draw column');
      cols = { time: 0, index: names.indexOf('index'), power };
      continue;
    }
    if (!cols) {
      // No header: `timestamp, power` or `timestamp, index, power` (an integer index in the middle).
      if (fields.length === 2) cols = { time: 0, index: -1, power: 1 };
      else if (fields.length === 3 && /^[0-9]+$/.test(fields[1])) cols = { time: 0, index: 1, power: 2 };
      else fail(lineNo, raw, '"timestamp, power.draw" or "timestamp, index, power.draw"', 'add a header line to name other columns');
    }
    if (fields.length <= Math.max(cols.power, cols.index)) fail(lineNo, raw, `${Math.max(cols.power, cols.index) + 1} comma-separated fields`);
    const ms = parseTimestampMs(fields[cols.time]);
    if (ms === undefined) fail(lineNo, raw, 'a timestamp such as 2024/01/15 10:23:45.123');
    const gpu = cols.index >= 0 ? fields[cols.index] : '0';
    if (!/^[0-9]+$/.test(gpu)) fail(lineNo, raw, 'a GPU index (0, 1, ...)');
    const powerText = fields[cols.power].replace(/\s*W$/, '');
    if (/^\[.*\]$|^N\/A$/i.test(powerText)) {
      dropped++;
      skipped.push({ line: lineNo, text: raw, reason: `no power reading (${powerText})` });
      continue;
    }
    const w = parseLocaleNumber(powerText);
    if (w === undefined || w < 0) fail(lineNo, raw, 'a power draw in W such as 72.45, or [N/A]');
    t0Ms = t0Ms === undefined ? ms : Math.min(t0Ms, ms);
    const key = `gpu${gpu}`;
    const list = series.get(key) ?? [];
    list.push({ t: ms, w, line: lineNo });
    series.set(key, list);
  }

  if (series.size === 0 || t0Ms === undefined) {
    throw new InputError(
      [{ path: 'log', expected: 'at least one nvidia-smi power sample ("2024/01/15 10:23:45.123, 72.45")', received: `${lines.filter((l) => l.trim()).length} non-empty line(s) without one` }],
      options.source,
    );
  }

  // Per GPU: seconds from the first sample, sorted, with no repeated time.
  const gpus = new Map<string, { t: number[]; w: number[] }>();
  let endS = 0;
  for (const [key, list] of series) {
    list.sort((a, b) => a.t - b.t || a.line - b.line);
    for (let i = 1; i < list.length; i++) {
      if (list[i].t === list[i - 1].t) {
        fail(list[i].line, lines[list[i].line - 1], `a later timestamp than line ${list[i - 1].line} for ${key}`,
          'several GPUs? add index to --query-gpu (timestamp,index,power.draw)');
      }
    }
    const t = list.map((s) => (s.t - t0Ms!) / 1000);
    gpus.set(key, { t, w: list.map((s) => s.w) });
    endS = Math.max(endS, t[t.length - 1]);
  }

  const edges = intervalEdges(gpus, endS, intervalS);
  const samples: EnergySample[] = [];
  for (const [key, g] of gpus) {
    const joules = integrateOver(g.t, g.w, edges);
    for (let k = 1; k < edges.length; k++) {
      // A GPU whose samples do not reach into an interval has no value there, not zero Joules.
      const covered = g.t[0] < edges[k] && g.t[g.t.length - 1] > edges[k - 1];
      samples.push({ t: edges[k], key, event: 'power.draw', unit: key, joules: covered ? joules[k - 1] : 'not-counted', line: 0 });
    }
  }
  const notes: string[] = [];
  if (dropped > 0) notes.push(`${dropped} sample(s) had no reading and were skipped; power was interpolated across them`);
  if (edges.length < 2) notes.push('a single sample per GPU: no time span to integrate over');
  return buildEnergyLog('nvidia-smi', samples, { ...options, startS: 0 }, notes, skipped);
}

/**
 * Reads `YYYY/MM/DD HH:MM:SS[.fff]` (also with `-` and `T`) as milliseconds on a zone-less clock;
 * only differences are used.
 */
export function parseTimestampMs(s: string): number | undefined {
  const m = /^([0-9]{4})[/-]([0-9]{2})[/-]([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?$/.exec(s.trim());
  if (!m) return undefined;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + frac;
}

/** Interval edges: fixed steps of `intervalS` up to the last sample, or every sample time when 0. */
function intervalEdges(gpus: Map<string, { t: number[] }>, endS: number, intervalS: number): number[] {
  if (intervalS === 0) {
    const all = new Set<number>();
    for (const g of gpus.values()) for (const t of g.t) all.add(t);
    return [...all].sort((a, b) => a - b);
  }
  const edges = [0];
  for (let k = 1; k * intervalS < endS - 1e-9; k++) edges.push(k * intervalS);
  if (endS > 0) edges.push(endS);
  return edges;
}

/**
 * Integral of the piecewise-linear power curve through `(t, w)` over each `[edges[k], edges[k+1]]`,
 * in one sweep: every sample segment is split at the edges it crosses.
 */
export function integrateOver(t: readonly number[], w: readonly number[], edges: readonly number[]): number[] {
  const out = new Array<number>(Math.max(edges.length - 1, 0)).fill(0);
  let k = 0;
  for (let j = 0; j + 1 < t.length; j++) {
    const a = t[j];
    const b = t[j + 1];
    const slope = (w[j + 1] - w[j]) / (b - a);
    const at = (x: number): number => w[j] + slope * (x - a);
    while (k < out.length && edges[k + 1] <= a) k++;
    for (let m = k; m < out.length && edges[m] < b; m++) {
      const lo = Math.max(a, edges[m]);
      const hi = Math.min(b, edges[m + 1]);
      if (hi > lo) out[m] += ((at(lo) + at(hi)) / 2) * (hi - lo);
    }
  }
  return out;
}
