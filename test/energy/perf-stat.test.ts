import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePerfStat, detectPerfStatFormat } from '../../src/energy/perf-stat.js';
import { parseLocaleNumber } from '../../src/energy/locale-number.js';
import { joulesBetween, coversWindow } from '../../src/energy/joules-between.js';
import { InputError } from '../../src/errors.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('parseLocaleNumber(token)', () => {
  it('reads plain, grouped and decimal-comma numbers', () => {
    expect(parseLocaleNumber('19.63')).toBe(19.63);
    expect(parseLocaleNumber('2,306.32')).toBe(2306.32);
    expect(parseLocaleNumber('7,001451818')).toBe(7.001451818);
    expect(parseLocaleNumber('70,88')).toBe(70.88);
    expect(parseLocaleNumber('1.234,56')).toBe(1234.56);
    expect(parseLocaleNumber('1,234,567')).toBe(1234567);
    expect(parseLocaleNumber('1.234.567')).toBe(1234567);
    expect(parseLocaleNumber('42')).toBe(42);
  });
  it('rejects what is not a number', () => {
    for (const t of ['', 'Joules', '1,2,3', '1.2.3', '12,', '1,23.4,5', '<not counted>', '1e5']) {
      expect(parseLocaleNumber(t), t).toBeUndefined();
    }
  });
});

describe('parsePerfStat(seed 000 Figure 1)', () => {
  const text = fixture('seed000-perf.txt');
  const log = parsePerfStat(text);

  it('finds one interval per timestamp, decimal commas included', () => {
    expect(log.format).toBe('perf-human');
    expect(log.intervals).toHaveLength(26);
    expect(log.intervals[6].t).toBeCloseTo(7.001451818, 9);
    expect(log.intervals[16].t).toBeCloseTo(17.003013235, 9);
    // Sorted by time, each ending where the next starts.
    for (let i = 1; i < log.intervals.length; i++) {
      expect(log.intervals[i].t).toBeGreaterThan(log.intervals[i - 1].t);
      expect(log.intervals[i].durationS).toBeCloseTo(1, 2);
    }
  });

  it('totalJ equals the sum of the log\'s interval values', () => {
    const values = [...text.matchAll(/([0-9.]+) Joules/g)].map((m) => Number(m[1]));
    expect(values).toHaveLength(26);
    expect(log.totalJ).toBeCloseTo(sum(values), 9);
    expect(log.totalJ).toBeCloseTo(2125.69, 9);
    expect(sum(log.intervals.map((x) => x.joules))).toBeCloseTo(log.totalJ, 9);
  });

  it('pairs split values with timestamps in order, so Watts match the paper (70-135 W)', () => {
    expect(log.intervals[0].joules).toBe(71.65);
    expect(log.intervals[1].joules).toBe(72.91);
    expect(log.intervals[9].joules).toBe(134.09);
    expect(log.intervals[25].joules).toBe(74.23);
    for (const iv of log.intervals) expect(iv.watts).toBeGreaterThan(70), expect(iv.watts).toBeLessThan(135);
    expect(log.meanW).toBeCloseTo(log.totalJ / log.durationS, 9);
    expect(log.durationS).toBeCloseTo(26.004725341, 9);
    expect(log.notes.join(' ')).toMatch(/separate lines/);
  });
});

describe('parsePerfStat(human)', () => {
  it('sorts out-of-order lines, reads decimal-comma times, totals package events only, flags a partial last interval', () => {
    const log = parsePerfStat(fixture('perf-human-multi.txt'));
    expect(log.intervals.map((x) => x.t)).toEqual([1.001048308, 2.002406532, 3.003442871, 4.004480112, 4.512007645]);
    expect(log.totalEvents).toEqual(['power/energy-pkg/']);
    expect(log.intervals[2].joules).toBe(26.4);
    expect(log.intervals[2].events).toEqual({ 'power/energy-pkg/': 26.4, 'power/energy-cores/': 13.33, 'power/energy-ram/': 3.16 });
    expect(log.totalJ).toBeCloseTo(19.63 + 24.87 + 26.4 + 21.06 + 10.18, 9);
    expect(log.intervals[4].partial).toBe(true);
    expect(log.intervals[3].partial).toBeUndefined();
    expect(log.intervals[4].durationS).toBeCloseTo(0.507527533, 9);
    expect(log.intervals[4].watts).toBeCloseTo(10.18 / 0.507527533, 6);
    const ram = log.events.find((e) => e.key === 'power/energy-ram/')!;
    expect(ram.totalJ).toBeCloseTo(3.02 + 3.11 + 3.16 + 3.05 + 1.49, 9);
    expect(ram.counted).toBe(5);
  });

  it('reads thousands grouping (2,306.32)', () => {
    const log = parsePerfStat(fixture('perf-human-bignum.txt'));
    expect(log.intervals.map((x) => x.joules)).toEqual([2306.32, 2411.07, 1998.5]);
    expect(log.intervals[0].durationS).toBeCloseTo(10.000881503, 9);
    expect(log.meanW).toBeCloseTo((2306.32 + 2411.07 + 1998.5) / 30.002713309, 9);
  });

  it('reads --per-socket columns and totals the package of every socket', () => {
    const log = parsePerfStat(fixture('perf-human-per-socket.txt'));
    expect(log.intervals).toHaveLength(2);
    expect(log.totalEvents.sort()).toEqual(['power/energy-pkg/@S0', 'power/energy-pkg/@S1']);
    expect(log.intervals[0].joules).toBeCloseTo(41.27 + 38.9, 9);
    expect(log.intervals[1].events['power/energy-ram/@S1']).toBe(5.91);
    expect(log.events.find((e) => e.key === 'power/energy-pkg/@S0')?.unit).toBe('S0');
  });

  it('keeps <not counted> apart and skips metric comments and non-energy events', () => {
    const text = [
      '#           time             counts unit events',
      '     1.000200000              12.50 Joules power/energy-pkg/',
      '     1.000200000             100.25 msec task-clock                       #    0.100 CPUs utilized',
      '     2.000400000      <not counted> Joules power/energy-pkg/',
      '     3.000600000              13.00 Joules power/energy-pkg/                (50.00%)',
    ].join('\n');
    const log = parsePerfStat(text);
    expect(log.intervals.map((x) => x.joules)).toEqual([12.5, 0, 13]);
    expect(log.intervals[1].missing).toEqual(['power/energy-pkg/']);
    expect(log.events[0].notCounted).toBe(1);
    expect(log.skipped).toHaveLength(1);
    expect(log.skipped[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/task-clock is not an energy event/) });
    expect(log.notes.join(' ')).toMatch(/lack a value/);
  });

  it('accepts a caller-chosen set of events to total', () => {
    const log = parsePerfStat(fixture('perf-human-multi.txt'), { totalEvents: ['power/energy-pkg/', 'power/energy-ram/'] });
    expect(log.intervals[0].joules).toBeCloseTo(19.63 + 3.02, 9);
  });

  it('assumes a full first interval for a log cut at the front', () => {
    const log = parsePerfStat('  41.0 20.0 Joules power/energy-pkg/\n  42.0 21.0 Joules power/energy-pkg/\n  43.0 22.0 Joules power/energy-pkg/\n');
    expect(log.startS).toBe(40);
    expect(log.intervals[0].durationS).toBe(1);
    expect(log.durationS).toBe(3);
    expect(log.meanW).toBe(21);
  });
});

describe('parsePerfStat(csv)', () => {
  it('reads -x, output with a started-on header, <not counted> and a partial last interval', () => {
    const log = parsePerfStat(fixture('perf-csv.txt'));
    expect(log.format).toBe('perf-csv');
    expect(log.intervals).toHaveLength(4);
    expect(log.totalJ).toBeCloseTo(19.63 + 24.87 + 26.4 + 5.12, 9);
    expect(log.intervals[1].missing).toEqual(['power/energy-ram/']);
    expect(log.intervals[3].partial).toBe(true);
    expect(log.skipped.map((s) => s.line)).toEqual([5, 8, 11, 14]);
    const ram = log.events.find((e) => e.key === 'power/energy-ram/')!;
    expect(ram).toMatchObject({ counted: 3, notCounted: 1 });
  });

  it('reads --per-socket rows (time,S0,8,value,...)', () => {
    const log = parsePerfStat(fixture('perf-csv-per-socket.txt'));
    expect(log.intervals.map((x) => Number(x.joules.toFixed(2)))).toEqual([80.17, 94.55, 92.68]);
    expect(log.events.map((e) => e.key)).toEqual(['power/energy-pkg/@S0', 'power/energy-pkg/@S1']);
  });

  it('counts <not supported> per event without failing', () => {
    const log = parsePerfStat(fixture('perf-csv-not-supported.txt'));
    expect(log.totalJ).toBeCloseTo(18.44 + 18.97, 9);
    expect(log.events.find((e) => e.key === 'power/energy-ram/')).toMatchObject({ counted: 0, notSupported: 2 });
  });

  it('is told from the human layout by its first data line', () => {
    expect(detectPerfStatFormat(fixture('perf-csv.txt').split('\n'))).toBe('csv');
    expect(detectPerfStatFormat(fixture('perf-csv-per-socket.txt').split('\n'))).toBe('csv');
    expect(detectPerfStatFormat(fixture('perf-human-multi.txt').split('\n'))).toBe('human');
    expect(detectPerfStatFormat(fixture('seed000-perf.txt').split('\n'))).toBe('human');
  });
});

describe('parsePerfStat(malformed)', () => {
  const errorOf = (text: string, source?: string): InputError => {
    try {
      parsePerfStat(text, source ? { source } : {});
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return err as InputError;
    }
    throw new Error('expected an InputError');
  };

  it('names the line number and content of a line that is not perf output', () => {
    const err = errorOf(fixture('perf-malformed.txt'), 'run.log');
    expect(err.issues[0].path).toBe('line 4');
    expect(err.message).toContain('run.log: line 4');
    expect(err.message).toContain('"Starting CPU..." (49 chars)'); // a short excerpt, never the whole line
  });

  it('rejects a bad value, a missing event, a repeated interval and a summary-mode CSV', () => {
    expect(errorOf('1.0 19.6x Joules power/energy-pkg/').issues[0].path).toBe('line 1');
    expect(errorOf('# h\n1.0 19.6 Joules\n').issues[0].path).toBe('line 2');
    expect(errorOf('1.0 1 Joules power/energy-pkg/\n1.0 2 Joules power/energy-pkg/').issues[0]).toMatchObject({
      path: 'line 2',
      expected: expect.stringMatching(/line 1 already/),
    });
    const summary = errorOf('19.63,Joules,power/energy-pkg/,2002406532,100.00,,');
    expect(summary.issues[0].hint).toMatch(/-I/);
  });

  it('rejects split timestamps and values that do not pair up', () => {
    const err = errorOf('1.0\n 5.0 Joules power/energy-pkg/\n2.0\n');
    expect(err.issues[0].path).toBe('line 3');
    expect(err.issues[0].expected).toMatch(/2 timestamps but 1 values/);
    expect(errorOf(' 5.0 Joules power/energy-pkg/\n').issues[0].path).toBe('line 1');
  });

  it('rejects a log without any energy value', () => {
    const err = errorOf('#           time             counts unit events\n     0.1 200.77 msec task-clock\n');
    expect(err.issues[0].path).toBe('log');
  });
});

describe('joulesBetween(log, from, to)', () => {
  it('takes each interval\'s share by overlap', () => {
    const log = parsePerfStat('1.0 10 Joules power/energy-pkg/\n2.0 20 Joules power/energy-pkg/\n3.0 30 Joules power/energy-pkg/\n');
    expect(joulesBetween(log, 0, 3)).toBeCloseTo(60, 12);
    expect(joulesBetween(log, 0.5, 1.5)).toBeCloseTo(5 + 10, 12);
    expect(joulesBetween(log, 2.25, 2.75)).toBeCloseTo(15, 12);
    expect(coversWindow(log, 0.5, 2.9)).toBe(true);
    expect(coversWindow(log, 0.5, 3.1)).toBe(false);
  });
});
