import { InputError, describeValue } from '../errors.js';
import { buildEnergyLog, type EnergyLog, type EnergySample } from './energy-log.js';

/**
 * Energy in µJ consumed between two readings of a sysfs powercap counter
 * (`/sys/class/powercap/intel-rapl:N/energy_uj`).
 *
 * The counter is cumulative and wraps to 0 after `max_energy_range_uj` (about 262 kJ on Intel, i.e.
 * every ~45 min at 100 W), so a reading below the previous one means one wrap:
 * `cur >= prev ? cur - prev : cur + max - prev`. Two wraps between readings cannot be told from
 * one, so read at least once per wrap period.
 *
 * @throws {InputError} when a reading is negative, not an integer, or above `maxEnergyRangeUj`.
 */
export function energyDeltaUj(prevUj: number, curUj: number, maxEnergyRangeUj: number): number {
  if (!Number.isSafeInteger(maxEnergyRangeUj) || maxEnergyRangeUj <= 0) {
    throw new InputError([{ path: 'max_energy_range_uj', expected: 'a positive integer', received: describeValue(maxEnergyRangeUj) }]);
  }
  for (const [name, v] of [['previous energy_uj', prevUj], ['energy_uj', curUj]] as const) {
    if (!Number.isSafeInteger(v) || v < 0 || v > maxEnergyRangeUj) {
      throw new InputError([
        { path: name, expected: `an integer in [0, max_energy_range_uj = ${maxEnergyRangeUj}]`, received: describeValue(v) },
      ]);
    }
  }
  return curUj >= prevUj ? curUj - prevUj : curUj + maxEnergyRangeUj - prevUj;
}

/**
 * Reads the text of an `energy_uj` or `max_energy_range_uj` file (a decimal integer and a newline).
 *
 * @throws {InputError} with `path` set to `what` when the text is not a non-negative integer.
 */
export function parseMicrojoules(text: string, what = 'energy_uj'): number {
  const s = text.trim();
  const v = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v)) {
    throw new InputError([{ path: what, expected: 'a non-negative integer of microjoules', received: describeValue(s) }]);
  }
  return v;
}

/** Counter values of some powercap zones read at one moment. */
export interface PowercapReading {
  /** When the counters were read, in seconds on any clock that does not jump. */
  tS: number;
  /** `energy_uj` per zone (`intel-rapl:0`, `intel-rapl:1`, ...). */
  energyUj: Record<string, number>;
}

/**
 * Turns successive counter readings into the common {@link EnergyLog}: one interval per pair of
 * readings, Joules per zone, and the total over all zones given (pass package zones only:
 * subzones such as `intel-rapl:0:0`, the cores, are part of their package).
 *
 * @param maxEnergyRangeUj `max_energy_range_uj` per zone, for wrap-around.
 * @throws {InputError} when a zone lacks a reading or a range, or time does not increase.
 */
export function powercapEnergyLog(
  readings: readonly PowercapReading[],
  maxEnergyRangeUj: Record<string, number>,
): EnergyLog {
  const zones = readings.length > 0 ? Object.keys(readings[0].energyUj) : [];
  const samples: EnergySample[] = [];
  const t0 = readings.length > 0 ? readings[0].tS : 0;
  for (let i = 1; i < readings.length; i++) {
    const prev = readings[i - 1];
    const cur = readings[i];
    if (!(cur.tS > prev.tS)) {
      throw new InputError([{ path: `readings[${i}].tS`, expected: `a time after ${prev.tS}`, received: describeValue(cur.tS) }]);
    }
    for (const zone of zones) {
      const max = maxEnergyRangeUj[zone];
      if (max === undefined) {
        throw new InputError([{ path: `maxEnergyRangeUj.${zone}`, expected: 'the zone\'s max_energy_range_uj', received: 'nothing' }]);
      }
      if (cur.energyUj[zone] === undefined) {
        throw new InputError([{ path: `readings[${i}].energyUj.${zone}`, expected: 'a reading of every zone', received: 'nothing' }]);
      }
      const uj = energyDeltaUj(prev.energyUj[zone], cur.energyUj[zone], max);
      samples.push({ t: cur.tS - t0, key: zone, event: zone, joules: uj / 1e6, line: i });
    }
  }
  return buildEnergyLog('powercap', samples, { startS: 0, totalEvents: zones });
}
