import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMicrojoules } from '../energy/powercap.js';

/** Where Linux exposes RAPL counters. */
export const POWERCAP_ROOT = '/sys/class/powercap';

/** One RAPL package zone (`intel-rapl:0` is socket 0's package). */
export interface PowercapZone {
  /** Directory name, e.g. `intel-rapl:0`. */
  id: string;
  /** Contents of its `name` file, e.g. `package-0`. */
  name: string;
  /** Absolute path of the zone's directory. */
  dir: string;
  /** Its `max_energy_range_uj`: where `energy_uj` wraps to 0. */
  maxEnergyRangeUj: number;
}

/** Whether package energy can be read here, and if not, why, in words for the user. */
export type PowercapProbe =
  | { available: true; zones: PowercapZone[] }
  | { available: false; reason: string };

/**
 * Finds the RAPL package zones under `root` and checks that their counters can be read.
 *
 * Only `intel-rapl:N` directories count: subzones (`intel-rapl:0:0` cores, `intel-rapl:0:1`
 * uncore/dram) are parts of a package, and `intel-rapl-mmio:N` repeats the package counter through
 * another interface, so adding any of them would count Joules twice. AMD CPUs appear under the
 * same `intel-rapl` name with the kernel's RAPL driver.
 *
 * Never throws: a missing tree, no package zone, or a counter only root may read (the default since
 * Linux 5.10, after the PLATYPUS side channel) each come back as `available: false` with a reason.
 */
export function probePowercap(root: string = POWERCAP_ROOT): PowercapProbe {
  if (!existsSync(root)) return { available: false, reason: `${root} does not exist (no powercap/RAPL driver, common in VMs)` };
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch (err) {
    return { available: false, reason: `cannot list ${root}: ${errorText(err)}` };
  }
  const ids = entries.filter((e) => /^intel-rapl:[0-9]+$/.test(e)).sort((a, b) => zoneNumber(a) - zoneNumber(b));
  if (ids.length === 0) return { available: false, reason: `no intel-rapl:N package zone in ${root}` };
  const zones: PowercapZone[] = [];
  for (const id of ids) {
    const dir = join(root, id);
    try {
      const name = existsSync(join(dir, 'name')) ? readFileSync(join(dir, 'name'), 'utf8').trim() : id;
      const maxEnergyRangeUj = parseMicrojoules(readFileSync(join(dir, 'max_energy_range_uj'), 'utf8'), 'max_energy_range_uj');
      parseMicrojoules(readFileSync(join(dir, 'energy_uj'), 'utf8'));
      zones.push({ id, name, dir, maxEnergyRangeUj });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied (root only; run as root or chmod o+r energy_uj)' : errorText(err);
      return { available: false, reason: `cannot read ${join(dir, 'energy_uj')}: ${why}` };
    }
  }
  return { available: true, zones };
}

/**
 * Reads `energy_uj` of each zone now, synchronously so the reading sits as close as possible to
 * the moment the caller marks (an await could let other work run in between).
 *
 * @throws {InputError} if a counter holds something other than an integer; fs errors pass through.
 */
export function readPowercapUj(zones: readonly PowercapZone[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const z of zones) out[z.id] = parseMicrojoules(readFileSync(join(z.dir, 'energy_uj'), 'utf8'));
  return out;
}

function zoneNumber(id: string): number {
  return Number(id.slice(id.indexOf(':') + 1));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
