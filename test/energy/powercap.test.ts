import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { energyDeltaUj, parseMicrojoules, powercapEnergyLog } from '../../src/energy/powercap.js';
import { InputError } from '../../src/errors.js';

/** Intel's usual `max_energy_range_uj`. */
const MAX = 262143328850;

describe('energyDeltaUj(prev, cur, max)', () => {
  it('subtracts without a wrap', () => {
    expect(energyDeltaUj(1_000_000, 3_500_000, MAX)).toBe(2_500_000);
    expect(energyDeltaUj(5, 5, MAX)).toBe(0);
  });

  it('adds the range once when the counter wrapped', () => {
    expect(energyDeltaUj(MAX - 1_000_000, 2_000_000, MAX)).toBe(3_000_000);
    expect(energyDeltaUj(MAX, 0, MAX)).toBe(0);
  });

  it('recovers any delta below the range, wrapped or not (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX - 1 }), (prev, delta) => {
        const cur = (prev + delta) % MAX;
        expect(energyDeltaUj(prev, cur, MAX)).toBe(delta);
      }),
    );
  });

  it('rejects readings outside [0, max] and a bad range', () => {
    expect(() => energyDeltaUj(-1, 5, MAX)).toThrow(InputError);
    expect(() => energyDeltaUj(1, MAX + 1, MAX)).toThrow(/energy_uj/);
    expect(() => energyDeltaUj(1.5, 2, MAX)).toThrow(InputError);
    expect(() => energyDeltaUj(1, 2, 0)).toThrow(/max_energy_range_uj/);
  });
});

describe('parseMicrojoules(text)', () => {
  it('reads a sysfs counter file', () => {
    expect(parseMicrojoules('262143328850\n')).toBe(MAX);
    expect(() => parseMicrojoules('')).toThrow(InputError);
    expect(() => parseMicrojoules('12 uJ')).toThrow(InputError);
  });
});

describe('powercapEnergyLog(readings, max)', () => {
  it('makes one interval per pair of readings, totals the package zones, handles a wrap', () => {
    const log = powercapEnergyLog(
      [
        { tS: 100, energyUj: { 'intel-rapl:0': MAX - 10_000_000, 'intel-rapl:1': 0 } },
        { tS: 101, energyUj: { 'intel-rapl:0': 40_000_000, 'intel-rapl:1': 30_000_000 } },
        { tS: 103, energyUj: { 'intel-rapl:0': 140_000_000, 'intel-rapl:1': 90_000_000 } },
      ],
      { 'intel-rapl:0': MAX, 'intel-rapl:1': MAX },
    );
    expect(log.format).toBe('powercap');
    expect(log.intervals.map((x) => x.t)).toEqual([1, 3]);
    expect(log.intervals[0].joules).toBeCloseTo(50 + 30, 9);
    expect(log.intervals[1].watts).toBeCloseTo((100 + 60) / 2, 9);
    expect(log.totalJ).toBeCloseTo(240, 9);
    expect(log.meanW).toBeCloseTo(80, 9);
  });

  it('rejects time that does not increase and a zone without a range', () => {
    const r = (tS: number) => ({ tS, energyUj: { 'intel-rapl:0': 1 } });
    expect(() => powercapEnergyLog([r(1), r(1)], { 'intel-rapl:0': MAX })).toThrow(/readings\[1\]\.tS/);
    expect(() => powercapEnergyLog([r(1), r(2)], {})).toThrow(/maxEnergyRangeUj/);
  });
});
