import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrateOver, parseNvidiaSmi, parseTimestampMs } from '../../src/energy/nvidia-smi.js';
import { detectEnergyLogFormat, parseEnergyLog } from '../../src/energy/parse-energy-log.js';
import { InputError } from '../../src/errors.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Trapezoid rule over a whole `timestamp, W` log, computed independently of the reader. */
function trapezoid(text: string): number {
  const rows = text.trim().split('\n').map((l) => l.split(',').map((f) => f.trim()));
  let j = 0;
  for (let i = 1; i < rows.length; i++) {
    const dt = (parseTimestampMs(rows[i][0])! - parseTimestampMs(rows[i - 1][0])!) / 1000;
    j += ((Number(rows[i][1]) + Number(rows[i - 1][1])) / 2) * dt;
  }
  return j;
}

describe('parseNvidiaSmi(text)', () => {
  const text = fixture('nvidia-smi.csv');

  it('integrates W samples into Joules with the trapezoid rule, in 1 s intervals', () => {
    const log = parseNvidiaSmi(text);
    expect(log.format).toBe('nvidia-smi');
    expect(log.intervals.map((x) => x.t)).toEqual([1, 1.414]);
    expect(log.totalJ).toBeCloseTo(trapezoid(text), 9);
    expect(log.durationS).toBeCloseTo(1.414, 9);
    expect(log.meanW).toBeCloseTo(trapezoid(text) / 1.414, 9);
    expect(log.totalEvents).toEqual(['gpu0']);
  });

  it('gives one interval per sample pair with intervalS = 0', () => {
    const log = parseNvidiaSmi(text, { intervalS: 0 });
    expect(log.intervals).toHaveLength(14);
    expect(log.intervals[0].joules).toBeCloseTo(((61.42 + 61.8) / 2) * 0.101, 9);
    expect(log.intervals[0].watts).toBeCloseTo((61.42 + 61.8) / 2, 9);
    expect(log.totalJ).toBeCloseTo(trapezoid(text), 9);
  });

  it('reads a header, units, an index column for two GPUs and [N/A] samples', () => {
    const log = parseNvidiaSmi(fixture('nvidia-smi-header-index.csv'));
    expect(log.events.map((e) => e.key)).toEqual(['gpu0', 'gpu1']);
    const gpu0 = log.events[0];
    const gpu1 = log.events[1];
    expect(gpu0.totalJ).toBeCloseTo(40 + 50 + 55, 9);
    expect(gpu1.totalJ).toBeCloseTo(((40 + 60) / 2) * 1.002 + 60 * 0.5, 9);
    expect(log.totalJ).toBeCloseTo(gpu0.totalJ + gpu1.totalJ, 9);
    expect(log.intervals[0].events.gpu0).toBeCloseTo(90, 9);
    expect(log.skipped).toHaveLength(1);
    expect(log.skipped[0].line).toBe(5);
    expect(log.notes.join(' ')).toMatch(/1 sample/);
  });

  it('names the line of a repeated timestamp (several GPUs without an index column)', () => {
    try {
      parseNvidiaSmi('2025/03/04 14:30:10.001, 70.00\n2025/03/04 14:30:10.001, 40.00\n', { source: 'gpu.csv' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).issues[0]).toMatchObject({ path: 'line 2', hint: expect.stringMatching(/index/) });
      expect((err as InputError).message).toMatch(/^gpu\.csv: line 2/);
    }
  });

  it('names the line of an unreadable sample', () => {
    expect(() => parseNvidiaSmi('2025/03/04 14:30:10.001, 70.00\n14:30:10.101, 71.00\n')).toThrow(/line 2/);
    expect(() => parseNvidiaSmi('2025/03/04 14:30:10.001, 70.00\n2025/03/04 14:30:10.101, hot\n')).toThrow(/line 2/);
  });
});

describe('integrateOver(t, w, edges)', () => {
  it('splits a linear ramp exactly at the edges', () => {
    // w = 10 t on [0, 2]: integral 5 t^2.
    const parts = integrateOver([0, 2], [0, 20], [0, 0.5, 1, 2]);
    expect(parts[0]).toBeCloseTo(1.25, 12);
    expect(parts[1]).toBeCloseTo(3.75, 12);
    expect(parts[2]).toBeCloseTo(15, 12);
  });
});

describe('parseEnergyLog(text, { format: auto })', () => {
  it('picks the reader from the first data line', () => {
    expect(detectEnergyLogFormat(fixture('nvidia-smi.csv'))).toBe('nvidia-smi');
    expect(detectEnergyLogFormat(fixture('nvidia-smi-header-index.csv'))).toBe('nvidia-smi');
    expect(detectEnergyLogFormat(fixture('perf-csv.txt'))).toBe('csv');
    expect(detectEnergyLogFormat(fixture('seed000-perf.txt'))).toBe('human');
    expect(parseEnergyLog(fixture('perf-csv-per-socket.txt')).format).toBe('perf-csv');
    expect(parseEnergyLog(fixture('nvidia-smi.csv')).format).toBe('nvidia-smi');
  });

  it('rejects an unknown format', () => {
    expect(() => parseEnergyLog('', { format: 'xml' as never })).toThrow(InputError);
  });
});
