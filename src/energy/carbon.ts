/**
 * Grid carbon intensity: hourly traces read from CSV text, the intensity at a simulation time, and
 * the carbon of an amount of energy.
 *
 * Browser-safe: parses text handed to it; reading the file is the caller's business.
 *
 * Units: grams of CO2-equivalent per kWh (gCO2eq/kWh) for intensity, joules for energy,
 * 1 kWh = 3.6e6 J.
 *
 * @module
 */
import { InputError, describeValue, excerpt } from '../errors.js';

/** Joules in one kilowatt-hour. */
export const JOULES_PER_KWH = 3.6e6;

/**
 * A carbon-intensity trace: `gPerKWh[i]` holds from `i * stepS` to `(i + 1) * stepS` seconds after the
 * trace's start (a step function, like the hourly averages it is made of).
 */
export interface CarbonTrace {
  /** Length of one sample in seconds (3600 for the hourly traces read here). */
  stepS: number;
  /** Intensity of each step, gCO2eq/kWh, >= 0. */
  gPerKWh: number[];
  /** Start of the first step in UTC (`2023-01-01T00:00:00Z`), when the file gives timestamps. */
  startUtc?: string;
}

/**
 * Which column of an Electricity Maps export to read:
 * - `'direct'`: `Carbon Intensity gCO₂eq/kWh (direct)`, emissions of burning the fuel (the default);
 * - `'lca'`: `Carbon Intensity gCO₂eq/kWh (LCA)`, life-cycle emissions (plant construction, fuel supply);
 * - a number: the zero-based column index;
 * - another string: a header name, compared after normalisation (case, `₂` -> `2`, spaces).
 */
export type CarbonColumn = 'direct' | 'lca' | number | string;

/** Options of {@link parseCarbonCsv}. */
export interface ParseCarbonOptions {
  /** Column of a multi-column file (ignored for a single-column file). Default `'direct'`. */
  column?: CarbonColumn;
}

/** Options of {@link intensityAt} and {@link meanIntensity}. */
export interface IntensityOptions {
  /** Hours into the trace at which simulation time 0 falls (may be fractional). Default 0. */
  startHour?: number;
  /**
   * Wrap around to the trace's start past its end. Default `false`: a time past the end is an error,
   * never a silent extrapolation.
   */
  loop?: boolean;
}

/** Lower-cases, maps subscript digits to digits and squeezes spaces: `gCO₂eq/kWh` -> `gco2eq/kwh`. */
function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC') // folds `₂` (U+2082) to `2`
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits one CSV line, honouring double-quoted fields (`"a,b"`, `"say ""hi"""`). */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** A plain decimal number (`141.6`, `-3`, `1e2`), or undefined; unlike `Number`, rejects `''` and `0x10`. */
function parseDecimal(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** `2023-01-01 00:00:00` or `2023-01-01T00:00:00Z` as ms since the epoch (read as UTC), or undefined. */
function parseUtc(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]00:?00)?$/.exec(s.trim());
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
}

function pickColumn(header: string[], column: CarbonColumn): number {
  const norm = header.map(normaliseHeader);
  const listed = header.map((h, i) => `${i}: ${excerpt(h)}`).join('; ');
  if (typeof column === 'number') {
    if (Number.isInteger(column) && column >= 0 && column < header.length) return column;
    throw new InputError([
      { path: 'column', expected: `a column index in [0, ${header.length - 1}]`, received: describeValue(column), hint: `columns: ${listed}` },
    ]);
  }
  if (column === 'direct' || column === 'lca') {
    const tag = `(${column})`;
    const i = norm.findIndex((h) => h.startsWith('carbon intensity') && h.endsWith(tag));
    if (i >= 0) return i;
    throw new InputError([
      {
        path: 'header',
        expected: `a "Carbon Intensity gCO2eq/kWh ${tag}" column (Electricity Maps export)`,
        received: `a header starting ${excerpt(header.join(','))}`,
        hint: 'pass column as an index or a header name',
      },
    ]);
  }
  const i = norm.indexOf(normaliseHeader(column));
  if (i >= 0) return i;
  throw new InputError([{ path: 'column', expected: `a header of the file (${listed})`, received: describeValue(column) }]);
}

/**
 * Reads an hourly carbon-intensity CSV. Two layouts are recognised:
 * - one numeric column under a header line (`CISO_Sep` then one value per hour);
 * - an Electricity Maps hourly export (`Datetime (UTC),Country,...,Carbon Intensity gCO₂eq/kWh (direct),
 *   Carbon Intensity gCO₂eq/kWh (LCA),...`): the column is found by its normalised header
 *   (see {@link ParseCarbonOptions.column}); the `Datetime (UTC)` column, when present, must advance by
 *   exactly one hour per row and gives {@link CarbonTrace.startUtc}.
 *
 * Blank lines, a byte-order mark and CRLF line ends are tolerated; line numbers in errors count every
 * line of the text from 1.
 *
 * @param text - the file's contents.
 * @throws {InputError} naming the line of the first bad row: a value that is missing, not a number or
 *   negative, a row with fewer fields than the header, a timestamp that does not follow the previous
 *   one by one hour; or for a file with no data rows or an unknown column.
 *
 * @example
 * ```ts
 * const gb = parseCarbonCsv(readFileSync('carbon/gb-2023-jan-hourly.csv', 'utf8'));        // direct
 * const gbLca = parseCarbonCsv(text, { column: 'lca' });
 * gb.gPerKWh.length; // 744 hours
 * ```
 */
export function parseCarbonCsv(text: string, options: ParseCarbonOptions = {}): CarbonTrace {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let headerNo = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '') {
      headerNo = i;
      break;
    }
  }
  if (headerNo < 0) throw new InputError([{ path: 'csv', expected: 'a header line and hourly rows', received: 'empty text' }]);
  const header = splitCsvLine(lines[headerNo]);
  const single = header.length === 1;
  // A single-column file whose first line is a number has no header: read it as data.
  const firstData = single && parseDecimal(header[0]) !== undefined ? headerNo : headerNo + 1;
  const col = single ? 0 : pickColumn(header, options.column ?? 'direct');
  const timeCol = single ? -1 : header.findIndex((h) => /^datetime\b/.test(normaliseHeader(h)));

  const values: number[] = [];
  let prevMs: number | undefined;
  let startUtc: string | undefined;
  const bad = (lineNo: number, expected: string, received: string, hint?: string): never => {
    throw new InputError([{ path: `line ${lineNo}`, expected, received, ...(hint ? { hint } : {}) }], 'carbon-intensity CSV');
  };
  for (let i = firstData; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const fields = single ? [line] : splitCsvLine(line);
    if (fields.length <= col) {
      bad(lineNo, `at least ${col + 1} comma-separated fields`, `${fields.length}: ${excerpt(line)}`);
    }
    const raw = fields[col];
    const x = parseDecimal(raw);
    if (x === undefined || x < 0) {
      bad(lineNo, `an intensity in gCO2eq/kWh, a number >= 0 (column ${col + 1}${single ? '' : `, ${excerpt(header[col])}`})`, excerpt(raw));
    }
    if (timeCol >= 0) {
      const ms = parseUtc(fields[timeCol] ?? '');
      if (ms === undefined) bad(lineNo, 'a UTC timestamp "YYYY-MM-DD HH:MM:SS"', excerpt(fields[timeCol] ?? ''));
      if (prevMs === undefined) startUtc = new Date(ms as number).toISOString().replace('.000Z', 'Z');
      else if ((ms as number) - prevMs !== 3_600_000) {
        bad(lineNo, 'the hour after the previous row (hourly rows, none missing)', describeValue(fields[timeCol].trim()));
      }
      prevMs = ms;
    }
    values.push(x as number);
  }
  if (values.length === 0) bad(lines.length, 'at least one data row after the header', 'none');
  return startUtc === undefined ? { stepS: 3600, gPerKWh: values } : { stepS: 3600, gPerKWh: values, startUtc };
}

/** Length of a trace in seconds: samples x step. */
export function traceDurationS(trace: CarbonTrace): number {
  return trace.gPerKWh.length * trace.stepS;
}

function stepIndex(trace: CarbonTrace, tS: number, options: IntensityOptions): number {
  const startHour = options.startHour ?? 0;
  if (!(startHour >= 0) || startHour === Infinity) {
    throw new InputError([{ path: 'startHour', expected: 'hours into the trace, finite and >= 0', received: describeValue(startHour) }]);
  }
  if (!(tS >= 0) || tS === Infinity) {
    throw new InputError([{ path: 'tS', expected: 'a simulation time in s, finite and >= 0', received: describeValue(tS) }]);
  }
  const n = trace.gPerKWh.length;
  const i = Math.floor((startHour * 3600 + tS) / trace.stepS);
  if (i < n) return i;
  if (options.loop) return i % n;
  throw new InputError([
    {
      path: 'tS',
      expected: `a time within the carbon trace (${n} steps of ${trace.stepS} s from hour ${startHour})`,
      received: describeValue(tS),
      hint: 'pass loop: true to wrap around, or a longer trace',
    },
  ]);
}

/**
 * The carbon intensity in effect at simulation time `tS` (seconds): the step holding
 * `startHour * 3600 + tS` seconds into the trace.
 *
 * @returns gCO2eq/kWh.
 * @throws {InputError} for a negative time or start hour, or a time past the trace's end without `loop`.
 *
 * @example
 * ```ts
 * const t = { stepS: 3600, gPerKWh: [100, 200, 300] };
 * intensityAt(t, 3599);                            // 100
 * intensityAt(t, 0, { startHour: 2 });             // 300
 * intensityAt(t, 3 * 3600, { loop: true });        // 100 (wrapped)
 * ```
 */
export function intensityAt(trace: CarbonTrace, tS: number, options: IntensityOptions = {}): number {
  return trace.gPerKWh[stepIndex(trace, tS, options)];
}

/**
 * The time-weighted mean intensity over simulation times `[t0S, t1S)`, for a time-series bin that
 * straddles an hour boundary. Equal to {@link intensityAt} when `t0S === t1S`.
 *
 * @returns gCO2eq/kWh.
 * @throws {InputError} as {@link intensityAt}, or when `t1S < t0S`.
 */
export function meanIntensity(trace: CarbonTrace, t0S: number, t1S: number, options: IntensityOptions = {}): number {
  if (!(t1S >= t0S)) {
    throw new InputError([{ path: 't1S', expected: `an end time >= t0S (${t0S})`, received: describeValue(t1S) }]);
  }
  if (t1S === t0S) return intensityAt(trace, t0S, options);
  const offset = (options.startHour ?? 0) * 3600;
  let sum = 0;
  let t = t0S;
  while (t < t1S) {
    const i = stepIndex(trace, t, options);
    // End of the current step in simulation time (the index may have wrapped; the boundary has not).
    const stepEnd = (Math.floor((offset + t) / trace.stepS) + 1) * trace.stepS - offset;
    const end = Math.min(t1S, stepEnd);
    sum += trace.gPerKWh[i] * (end - t);
    t = end;
  }
  return sum / (t1S - t0S);
}

/**
 * Grams of CO2-equivalent for `joules` of IT energy drawn at intensity `gPerKWh`, with the data
 * centre's power usage effectiveness `pue` (facility energy / IT energy; 1 for none):
 * `g = joules / 3.6e6 * gPerKWh * pue`.
 *
 * @throws {InputError} for negative or non-finite energy or intensity, or a PUE below 1.
 *
 * @example
 * ```ts
 * carbonGrams(3.6e6, 250, 1.5); // 1 kWh at 250 g/kWh in a PUE-1.5 facility: 375 g
 * ```
 */
export function carbonGrams(joules: number, gPerKWh: number, pue = 1): number {
  if (!(joules >= 0) || joules === Infinity) {
    throw new InputError([{ path: 'joules', expected: 'an energy in J, finite and >= 0', received: describeValue(joules) }]);
  }
  if (!(gPerKWh >= 0) || gPerKWh === Infinity) {
    throw new InputError([{ path: 'gPerKWh', expected: 'an intensity in gCO2eq/kWh, finite and >= 0', received: describeValue(gPerKWh) }]);
  }
  if (!(pue >= 1) || pue === Infinity) {
    throw new InputError([{ path: 'pue', expected: 'a power usage effectiveness, finite and >= 1', received: describeValue(pue) }]);
  }
  return (joules / JOULES_PER_KWH) * gPerKWh * pue;
}
