import { InputError, describeValue, excerpt } from '../errors.js';
import {
  buildEnergyLog,
  type BuildEnergyLogOptions,
  type EnergyLog,
  type EnergySample,
  type SkippedLine,
} from './energy-log.js';
import { parseLocaleNumber } from './locale-number.js';

/** The two layouts `perf stat -I` writes: aligned columns, or `-x,` separated values. */
export type PerfStatFormat = 'human' | 'csv';

/** Options of {@link parsePerfStat}. */
export interface ParsePerfStatOptions extends BuildEnergyLogOptions {
  /** Layout of the log; `auto` (default) looks at its first data line. */
  format?: PerfStatFormat | 'auto';
  /** Name of the log (a file name) put in front of error messages. */
  source?: string;
}

/**
 * Parses the output of `perf stat -I <ms> -e power/energy-pkg/ ...` (any RAPL event: `energy-pkg`,
 * `energy-cores`, `energy-ram`, `energy-gpu`, `energy-psys`) into per-interval Joules and Watts.
 *
 * perf prints, per interval, the Joules consumed *in that interval* (not a running total), stamped
 * with the interval's end in seconds since counting started. Both layouts are read:
 * - human: `  1.001048308   19.63 Joules power/energy-pkg/`, with `--per-socket` columns
 *   (`S0  1`) and `#` metric comments; also logs whose timestamps and values were split onto lines of
 *   their own and interleaved (the seed paper's Figure 1), where the n-th value of an event is paired
 *   with the n-th timestamp in time order;
 * - CSV (`-x,`): `time,value,unit,event,run_time,pct,metric,metric_unit`, `--per-socket` rows
 *   `time,S0,1,value,...`.
 *
 * Timestamps with a decimal comma (`7,001451818`) and grouped values (`2,306.32`) are accepted (see
 * `parseLocaleNumber`); lines may come in any order; `# started on` and other `#` lines are
 * headers; `<not counted>` / `<not supported>` become missing values; a short last interval is
 * flagged `partial`. Events in other units (`msec task-clock`) are listed in `skipped`.
 *
 * @throws {InputError} naming the line number and content of the first line that is not perf output.
 *
 * @example
 * ```ts
 * const log = parsePerfStat('1.000 19.63 Joules power/energy-pkg/\n2.000 20.01 Joules power/energy-pkg/\n');
 * log.totalJ; // 39.64
 * log.intervals[1].watts; // 20.01
 * ```
 */
export function parsePerfStat(text: string, options: ParsePerfStatOptions = {}): EnergyLog {
  const lines = text.split(/\r?\n/);
  const format = options.format && options.format !== 'auto' ? options.format : detectPerfStatFormat(lines);
  const ctx: Ctx = { source: options.source, samples: [], skipped: [], seen: new Map(), notes: [] };
  const orphanTimes: Orphan<number>[] = [];
  const orphanValues = new Map<string, Orphan<ValueFields>[]>();

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || isPerfChatter(line)) continue;
    if (format === 'csv') {
      readCsvLine(ctx, raw, line, lineNo);
      continue;
    }
    const parsed = readHumanLine(ctx, raw, line, lineNo);
    if (parsed.kind === 'time') orphanTimes.push({ value: parsed.t, line: lineNo, text: raw });
    else if (parsed.kind === 'value') {
      const list = orphanValues.get(parsed.fields.key) ?? [];
      list.push({ value: parsed.fields, line: lineNo, text: raw });
      orphanValues.set(parsed.fields.key, list);
    }
  }

  if (orphanTimes.length > 0 || orphanValues.size > 0) pairOrphans(ctx, orphanTimes, orphanValues);
  if (ctx.samples.length === 0) {
    const known = ctx.skipped.length > 0 ? `, only ${describeValue(ctx.skipped[0].text.trim())} and the like` : '';
    throw new InputError(
      [
        {
          path: 'log',
          expected: 'at least one energy value (an event in Joules, e.g. power/energy-pkg/)',
          received: `${lines.filter((l) => l.trim() !== '').length} non-empty line(s)${known}`,
          hint: 'record with: LC_ALL=C perf stat -a -e power/energy-pkg/ -I 1000 -x, -o energy.csv -- <command>',
        },
      ],
      options.source,
    );
  }
  return buildEnergyLog(format === 'csv' ? 'perf-csv' : 'perf-human', ctx.samples, options, ctx.notes, ctx.skipped);
}

/**
 * Tells the CSV layout from the human one by the first data line: CSV starts with a timestamp
 * directly followed by a comma and a value, a line the human layout (which pads with spaces and at
 * most uses a comma inside a number) never produces.
 */
export function detectPerfStatFormat(lines: readonly string[]): PerfStatFormat {
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || isPerfChatter(line)) continue;
    if (/^[0-9]+\.[0-9]+,(<not |[0-9.]*,|[SN][0-9]|CPU[0-9])/.test(line)) return 'csv';
    // Other comma-separated lines (summary mode without -I) are CSV too, so errors can say so;
    // human lines are padded with runs of spaces, CSV ones never are.
    return /^[^\s,]+(,[^,]*){3,}$/.test(line) && !/\s{2,}/.test(line) ? 'csv' : 'human';
  }
  return 'human';
}

interface Ctx {
  source: string | undefined;
  samples: EnergySample[];
  skipped: SkippedLine[];
  /** `t|key` -> line, to reject a value given twice. */
  seen: Map<string, number>;
  notes: string[];
}

interface Orphan<T> {
  value: T;
  line: number;
  text: string;
}

/** Value, unit and event of one reading, with its key (event plus socket). */
interface ValueFields {
  key: string;
  event: string;
  unit?: string;
  /** Joules, or why there is none; `undefined` for an event not in an energy unit. */
  joules: number | 'not-counted' | 'not-supported' | undefined;
  unitText: string;
}

/** Joules per unit perf may print for an energy event. */
const ENERGY_UNITS: Record<string, number> = { Joules: 1, J: 1, mJ: 1e-3, uJ: 1e-6, µJ: 1e-6, kJ: 1e3 };

/** Lines perf prints around the counts that carry no values (summary mode, warnings). */
function isPerfChatter(line: string): boolean {
  return (
    /^Performance counter stats for /.test(line) ||
    /^[0-9.,]+ seconds (time elapsed|user|sys)$/.test(line) ||
    /^\(?\s*\+-\s*[0-9.,]+%\s*\)?$/.test(line)
  );
}

/** `S0`, `S0-D0`, `S0-D0-C3`, `N0`: an aggregation column followed by a CPU count. */
const AGGR_WITH_COUNT = /^(S[0-9]+(-D[0-9]+)?(-C[0-9]+)?|N[0-9]+)$/;
/** `CPU3` (`-A`, no aggregation): no CPU count follows. */
const AGGR_CPU = /^CPU[0-9]+$/;

function fail(ctx: Ctx, lineNo: number, text: string, expected: string, hint?: string): never {
  throw new InputError(
    [{ path: `line ${lineNo}`, expected, received: excerpt(text), ...(hint ? { hint } : {}) }],
    ctx.source,
  );
}

/** A timestamp token: a non-negative number, decimal comma allowed. */
function parseTime(token: string): number | undefined {
  const t = parseLocaleNumber(token);
  return t !== undefined && t >= 0 ? t : undefined;
}

function isValueToken(token: string | undefined): boolean {
  return token !== undefined && (token.startsWith('<not') || parseLocaleNumber(token) !== undefined);
}

/** Reads `value [unit] event` (human) into fields, or explains why it cannot. */
function valueFields(ctx: Ctx, lineNo: number, raw: string, value: string, unit: string, event: string, aggr?: string): ValueFields {
  if (event === '' || parseLocaleNumber(event) !== undefined || event in ENERGY_UNITS) {
    fail(ctx, lineNo, raw, 'an event name after the value and unit (e.g. power/energy-pkg/)');
  }
  const key = aggr ? `${event}@${aggr}` : event;
  const base = { key, event, ...(aggr ? { unit: aggr } : {}), unitText: unit };
  const factor = ENERGY_UNITS[unit];
  if (value === '<not counted>' || value === '<not-counted>') return { ...base, joules: factor === undefined ? undefined : 'not-counted' };
  if (value === '<not supported>' || value === '<not-supported>') {
    // perf leaves the unit empty for an event it cannot open; a power/ event is still an energy one.
    const energy = factor !== undefined || (unit === '' && event.startsWith('power/energy-'));
    return { ...base, joules: energy ? 'not-supported' : undefined };
  }
  const v = parseLocaleNumber(value);
  if (v === undefined) fail(ctx, lineNo, raw, 'a count such as 19.63, <not counted> or <not supported>');
  if (factor === undefined) return { ...base, joules: undefined };
  return { ...base, joules: v * factor };
}

/** Stores one reading, or lists it as skipped when it is not an energy event. */
function addSample(ctx: Ctx, t: number, f: ValueFields, lineNo: number, raw: string): void {
  if (f.joules === undefined) {
    const unit = f.unitText === '' ? 'no unit' : `unit ${f.unitText}`;
    ctx.skipped.push({ line: lineNo, text: raw, reason: `${f.event} is not an energy event (${unit})` });
    return;
  }
  const id = `${t}|${f.key}`;
  const first = ctx.seen.get(id);
  if (first !== undefined) {
    fail(ctx, lineNo, raw, `one value of ${f.key} per interval (line ${first} already gave one at ${t} s)`,
      'two runs concatenated? split the log');
  }
  ctx.seen.set(id, lineNo);
  ctx.samples.push({ t, key: f.key, event: f.event, ...(f.unit ? { unit: f.unit } : {}), joules: f.joules, line: lineNo });
}

type HumanLine = { kind: 'full' } | { kind: 'time'; t: number } | { kind: 'value'; fields: ValueFields };

/** Reads one line of the aligned layout. */
function readHumanLine(ctx: Ctx, raw: string, line: string, lineNo: number): HumanLine {
  // Metric comments (`# 0.005 CPUs utilized`) and multiplexing shares (`(50.00%)`) carry no Joules.
  const hash = line.indexOf('#');
  const body = (hash >= 0 ? line.slice(0, hash) : line).replace(/<not (counted|supported)>/g, '<not-$1>');
  const tokens = body.split(/\s+/).filter((tok) => tok !== '' && !/^\([0-9.,]+%\)$/.test(tok));
  const expected = 'a perf stat -I line: "<time> <value> <unit> <event>", a timestamp or a value line';

  if (tokens.length === 1) {
    const t = parseTime(tokens[0]);
    if (t === undefined) fail(ctx, lineNo, raw, expected);
    return { kind: 'time', t };
  }
  const t0 = parseTime(tokens[0]);
  if (t0 !== undefined && tokens.length >= 3 && (isValueToken(tokens[1]) || AGGR_WITH_COUNT.test(tokens[1]) || AGGR_CPU.test(tokens[1]))) {
    let rest = tokens.slice(1);
    let aggr: string | undefined;
    if (AGGR_WITH_COUNT.test(rest[0])) {
      aggr = rest[0];
      if (!/^[0-9]+$/.test(rest[1] ?? '')) fail(ctx, lineNo, raw, `a CPU count after ${aggr}`);
      rest = rest.slice(2);
    } else if (AGGR_CPU.test(rest[0])) {
      aggr = rest[0];
      rest = rest.slice(1);
    }
    const f = readValueTokens(ctx, lineNo, raw, rest, aggr, expected);
    addSample(ctx, t0, f, lineNo, raw);
    return { kind: 'full' };
  }
  // A value on a line of its own (`71.65 Joules power/energy-pkg/`), possibly with its socket.
  let rest = tokens;
  let aggr: string | undefined;
  if (AGGR_WITH_COUNT.test(rest[0]) && /^[0-9]+$/.test(rest[1] ?? '')) {
    aggr = rest[0];
    rest = rest.slice(2);
  } else if (AGGR_CPU.test(rest[0])) {
    aggr = rest[0];
    rest = rest.slice(1);
  }
  if (!isValueToken(rest[0])) fail(ctx, lineNo, raw, expected);
  return { kind: 'value', fields: readValueTokens(ctx, lineNo, raw, rest, aggr, expected) };
}

function readValueTokens(ctx: Ctx, lineNo: number, raw: string, rest: string[], aggr: string | undefined, expected: string): ValueFields {
  if (rest.length === 2) return valueFields(ctx, lineNo, raw, rest[0], '', rest[1], aggr);
  if (rest.length === 3) return valueFields(ctx, lineNo, raw, rest[0], rest[1], rest[2], aggr);
  return fail(ctx, lineNo, raw, expected);
}

/** Reads one `-x,` line: `time[,S0,1],value,unit,event,run_time,pct,metric,metric_unit`. */
function readCsvLine(ctx: Ctx, raw: string, line: string, lineNo: number): void {
  const fields = line.split(',').map((f) => f.trim());
  const expected = 'a perf stat -x, -I line: time,value,unit,event,run_time,pct,metric,metric_unit';
  const t = parseTime(fields[0]);
  if (t === undefined) fail(ctx, lineNo, raw, expected);
  let o = 1;
  let aggr: string | undefined;
  if (AGGR_WITH_COUNT.test(fields[1] ?? '')) {
    aggr = fields[1];
    if (!/^[0-9]+$/.test(fields[2] ?? '')) fail(ctx, lineNo, raw, `a CPU count after ${aggr}`);
    o = 3;
  } else if (AGGR_CPU.test(fields[1] ?? '')) {
    aggr = fields[1];
    o = 2;
  }
  if (fields.length < o + 3 || !isValueToken(fields[o])) {
    // `19.63,Joules,power/energy-pkg/,...`: a value then its unit, no time: perf stat without -I.
    const summary = o === 1 && (fields[1] ?? '') in ENERGY_UNITS;
    const hint = summary
      ? 'this looks like perf stat without -I; record with -I 1000'
      : fields.length > o + 6
        ? 'a decimal comma splits fields: record with LC_ALL=C'
        : undefined;
    fail(ctx, lineNo, raw, expected, hint);
  }
  addSample(ctx, t, valueFields(ctx, lineNo, raw, fields[o], fields[o + 1], fields[o + 2], aggr), lineNo, raw);
}

/**
 * Pairs timestamps and values that sit on lines of their own. Such logs come from copying perf's
 * output where stdout and stderr interleaved (the seed paper's Figure 1): each event's values still
 * appear in interval order, and so do the timestamps once sorted, so the n-th value goes with the
 * n-th timestamp. A count mismatch means a line was lost, and guessing which would shift every
 * later interval, so it is an error.
 */
function pairOrphans(ctx: Ctx, times: Orphan<number>[], values: Map<string, Orphan<ValueFields>[]>): void {
  const sorted = [...times].sort((a, b) => a.value - b.value || a.line - b.line);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].value === sorted[i - 1].value) {
      fail(ctx, sorted[i].line, sorted[i].text, `distinct timestamps (line ${sorted[i - 1].line} has the same one)`);
    }
  }
  if (values.size === 0) {
    const energyLess = sorted.length > 0 ? sorted[0] : undefined;
    if (energyLess) fail(ctx, energyLess.line, energyLess.text, 'a value line ("71.65 Joules power/energy-pkg/") for this timestamp');
  }
  for (const [key, list] of values) {
    if (list.length > sorted.length) {
      const extra = list[sorted.length];
      fail(ctx, extra.line, extra.text,
        `a timestamp for every value: ${list.length} values of ${key} but ${sorted.length} timestamps on lines of their own`);
    }
    if (list.length < sorted.length) {
      const lonely = sorted[list.length];
      fail(ctx, lonely.line, lonely.text,
        `a value of ${key} for every timestamp: ${sorted.length} timestamps but ${list.length} values on lines of their own`);
    }
    for (let i = 0; i < list.length; i++) addSample(ctx, sorted[i].value, list[i].value, list[i].line, list[i].text);
  }
  ctx.notes.push(
    `${sorted.length} timestamps and their values were on separate lines; each event's values were ` +
      'paired in order with the timestamps sorted by time',
  );
}
