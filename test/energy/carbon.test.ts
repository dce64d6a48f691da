import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  JOULES_PER_KWH,
  carbonGrams,
  intensityAt,
  meanIntensity,
  parseCarbonCsv,
  traceDurationS,
  type CarbonTrace,
} from '../../src/energy/carbon.js';
import { InputError } from '../../src/errors.js';
import { BUNDLED_CARBON, generatedPaths, readCarbonTraces, renderCarbonModule } from '../../scripts/gen-bundled.js';
import { bundledCarbonTraceNames, bundledCarbonTraces } from '../../src/bundled/index.js';
import { inputErrorOf } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (name: string): string => readFileSync(join(root, 'carbon', name), 'utf8');
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);


const EM_HEADER =
  'Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO\u2082eq/kWh (direct),Carbon Intensity gCO\u2082eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method';
const emRow = (hour: string, direct: string, lca = '100'): string =>
  `2023-01-01 ${hour}:00:00,Great Britain,Great Britain,GB,${direct},${lca},85,61,bmreports.com,false,`;

describe('parseCarbonCsv(text) on the shipped traces', () => {
  it('reads the single-column CISO trace: 49 hourly values', () => {
    const t = parseCarbonCsv(read('ciso-sep-hourly.csv'));
    expect(t.stepS).toBe(3600);
    expect(t.gPerKWh).toHaveLength(49);
    expect(t.gPerKWh.slice(0, 4)).toEqual([141.6, 140.43, 153.37, 169.95]);
    expect(t.gPerKWh[48]).toBe(113.59);
    expect(sum(t.gPerKWh)).toBeCloseTo(10962.78, 6);
    expect(t.startUtc).toBeUndefined();
  });

  it('reads the Electricity Maps exports (CRLF, non-ASCII header): the direct column by default, 744 hours', () => {
    const gb = parseCarbonCsv(read('gb-2023-jan-hourly.csv'));
    expect(gb.gPerKWh).toHaveLength(744);
    expect(gb.gPerKWh[0]).toBe(71.54);
    expect(gb.gPerKWh[24]).toBe(112.68); // 2023-01-02 00:00
    expect(gb.gPerKWh[743]).toBe(55.35);
    expect(sum(gb.gPerKWh)).toBeCloseTo(94001.31, 6);
    expect(gb.startUtc).toBe('2023-01-01T00:00:00Z');

    const au = parseCarbonCsv(read('au-sa-2023-jan-hourly.csv'));
    expect(au.gPerKWh).toHaveLength(744);
    expect(au.gPerKWh.slice(0, 3)).toEqual([17.99, 17.01, 15.85]);
    expect(au.gPerKWh[743]).toBe(71.11);
  });

  it('chooses the LCA column, or a column by index or by header name', () => {
    const text = read('gb-2023-jan-hourly.csv');
    const lca = parseCarbonCsv(text, { column: 'lca' });
    expect(lca.gPerKWh.slice(0, 2)).toEqual([103.5, 95.6]);
    expect(lca.gPerKWh[743]).toBe(92.65);
    expect(parseCarbonCsv(text, { column: 5 }).gPerKWh).toEqual(lca.gPerKWh);
    // Header names match after normalisation: ASCII "2" for the subscript, any case.
    expect(parseCarbonCsv(text, { column: 'carbon intensity gCO2eq/kWh (LCA)' }).gPerKWh).toEqual(lca.gPerKWh);
    expect(parseCarbonCsv(text, { column: 'Renewable Percentage' }).gPerKWh[0]).toBe(61.24);
  });
});

describe('parseCarbonCsv(text) on bad input', () => {
  it('names the line of a bad value (1-based, counting the header)', () => {
    const err = inputErrorOf(() => parseCarbonCsv('CISO\n100\n120\nabc\n130\n'));
    expect(err.issues[0].path).toBe('line 4');
    expect(err.issues[0].received).toBe('"abc"');
    expect(err.message).toMatch(/^carbon-intensity CSV: line 4: expected an intensity/);
    expect(inputErrorOf(() => parseCarbonCsv('CISO\n100\n-5\n')).issues[0].path).toBe('line 3');
    expect(inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\n${emRow('00', '70')}\n${emRow('01', '')}\n`)).issues[0].path).toBe('line 3');
  });

  it('names a short row, a missing hour and a bad timestamp', () => {
    expect(inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\n${emRow('00', '70')}\n2023-01-01 01:00:00,GB,GB\n`)).issues[0].path).toBe('line 3');
    const gap = inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\r\n${emRow('00', '70')}\r\n${emRow('02', '71')}\r\n`));
    expect(gap.issues[0].path).toBe('line 3');
    expect(gap.issues[0].expected).toMatch(/hour after the previous row/);
    const bad = emRow('00', '70').replace('2023-01-01 00:00:00', 'yesterday');
    expect(inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\n${bad}\n`)).issues[0].path).toBe('line 2');
  });

  it('rejects empty text, a header without rows, and an unknown column', () => {
    expect(() => parseCarbonCsv('')).toThrow(InputError);
    expect(() => parseCarbonCsv('CISO_Sep\n\n')).toThrow(/at least one data row/);
    expect(inputErrorOf(() => parseCarbonCsv('a,b\n1,2\n')).issues[0].path).toBe('header');
    expect(inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\n${emRow('00', '70')}\n`, { column: 11 })).issues[0].path).toBe('column');
    expect(inputErrorOf(() => parseCarbonCsv(`${EM_HEADER}\n${emRow('00', '70')}\n`, { column: 'nope' })).issues[0].path).toBe('column');
  });

  it('tolerates a BOM, blank lines, a headerless single column and quoted fields', () => {
    expect(parseCarbonCsv('\uFEFFCISO\r\n1\r\n\r\n2\r\n').gPerKWh).toEqual([1, 2]);
    expect(parseCarbonCsv('5\n6\n').gPerKWh).toEqual([5, 6]);
    const quoted = `${EM_HEADER}\n2023-01-01 00:00:00,"Korea, South",Z,KR,"410.5",500,1,1,src,false,\n`;
    expect(parseCarbonCsv(quoted).gPerKWh).toEqual([410.5]);
  });
});

describe('intensityAt(trace, tS, options)', () => {
  const t: CarbonTrace = { stepS: 3600, gPerKWh: [100, 200, 300] };

  it('steps once an hour, from startHour', () => {
    expect(intensityAt(t, 0)).toBe(100);
    expect(intensityAt(t, 3599.999)).toBe(100);
    expect(intensityAt(t, 3600)).toBe(200);
    expect(intensityAt(t, 0, { startHour: 2 })).toBe(300);
    expect(intensityAt(t, 1800, { startHour: 1.5 })).toBe(300);
    expect(traceDurationS(t)).toBe(10_800);
  });

  it('wraps around with loop, and is an error past the end without it', () => {
    expect(intensityAt(t, 3 * 3600, { loop: true })).toBe(100);
    expect(intensityAt(t, 0, { startHour: 4, loop: true })).toBe(200);
    expect(intensityAt(t, 7 * 3600 + 5, { loop: true })).toBe(200);
    const err = inputErrorOf(() => intensityAt(t, 3 * 3600));
    expect(err.issues[0].path).toBe('tS');
    expect(err.issues[0].hint).toMatch(/loop: true/);
    expect(() => intensityAt(t, -1)).toThrow(InputError);
    expect(() => intensityAt(t, 0, { startHour: -1 })).toThrow(InputError);
  });

  it('meanIntensity weights the steps an interval straddles by time', () => {
    expect(meanIntensity(t, 1800, 5400)).toBeCloseTo(150, 10);
    expect(meanIntensity(t, 0, 3 * 3600)).toBeCloseTo(200, 10);
    expect(meanIntensity(t, 9000, 12600, { loop: true })).toBeCloseTo(200, 10); // 1800 s of 300, 1800 s of 100
    expect(meanIntensity(t, 60, 60)).toBe(100);
    expect(() => meanIntensity(t, 10, 5)).toThrow(InputError);
  });

  it('reads the shipped GB trace at simulation times', () => {
    const gb = parseCarbonCsv(read('gb-2023-jan-hourly.csv'));
    expect(intensityAt(gb, 24 * 3600)).toBe(112.68);
    expect(intensityAt(gb, 0, { startHour: 743 })).toBe(55.35);
    expect(intensityAt(gb, 3600, { startHour: 743, loop: true })).toBe(71.54);
  });
});

describe('carbonGrams(joules, gPerKWh, pue)', () => {
  it('is J / 3.6e6 x intensity x PUE', () => {
    expect(JOULES_PER_KWH).toBe(3_600_000);
    expect(carbonGrams(3.6e6, 250, 1.5)).toBeCloseTo(375, 10);
    expect(carbonGrams(3.6e6, 250)).toBeCloseTo(250, 10);
    // 100 W for one hour = 0.1 kWh; at 126.3 g/kWh, PUE 1.2: 15.156 g
    expect(carbonGrams(100 * 3600, 126.3, 1.2)).toBeCloseTo(15.156, 10);
    expect(carbonGrams(0, 500, 2)).toBe(0);
  });

  it('rejects negative energy or intensity and a PUE below 1', () => {
    expect(inputErrorOf(() => carbonGrams(-1, 100)).issues[0].path).toBe('joules');
    expect(inputErrorOf(() => carbonGrams(1, Number.NaN)).issues[0].path).toBe('gPerKWh');
    expect(inputErrorOf(() => carbonGrams(1, 100, 0.9)).issues[0].path).toBe('pue');
  });
});

describe('bundledCarbonTraces', () => {
  it('is exactly what scripts/gen-bundled.ts makes of carbon/*.csv (no drift)', () => {
    expect(readFileSync(generatedPaths(root).carbon, 'utf8')).toBe(renderCarbonModule(readCarbonTraces(root)));
  });

  it('holds the three traces, equal to the parsed files', () => {
    expect(bundledCarbonTraceNames).toEqual(['ciso-sep', 'gb-2023-jan', 'au-sa-2023-jan']);
    expect(Object.keys(BUNDLED_CARBON)).toEqual(bundledCarbonTraceNames);
    const lengths: Record<string, number> = { 'ciso-sep': 49, 'gb-2023-jan': 744, 'au-sa-2023-jan': 744 };
    for (const name of bundledCarbonTraceNames) {
      const b = bundledCarbonTraces[name];
      expect(b.stepS).toBe(3600);
      expect(b.gPerKWh).toHaveLength(lengths[name]);
      expect(b.gPerKWh).toEqual(parseCarbonCsv(read(`${name}-hourly.csv`)).gPerKWh);
      expect(b.description.length).toBeGreaterThan(40);
      // Usable as a CarbonTrace.
      expect(intensityAt(b, 0)).toBe(b.gPerKWh[0]);
    }
  });

  it('ships the CSVs byte for byte as in the shared data (when that is present)', () => {
    const shared = join(root, '..', 'shared', 'carbon');
    let checked = 0;
    for (const name of bundledCarbonTraceNames) {
      let original: string;
      try {
        original = readFileSync(join(shared, `${name}-hourly.csv`), 'utf8');
      } catch {
        continue;
      }
      expect(read(`${name}-hourly.csv`)).toBe(original);
      checked++;
    }
    expect(checked === 0 || checked === 3).toBe(true);
  });
});
