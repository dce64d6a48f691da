import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probePowercap, readPowercapUj } from '../../src/node/powercap-reader.js';
import { powercapMeter } from '../../src/node/profiler/energy-meter.js';

const MAX = 262143328850;
const roots: string[] = [];

/** A fake `/sys/class/powercap` with the given zones: `{ 'intel-rapl:0': 123 }`. */
function fakeTree(zones: Record<string, number | 'dir'>): string {
  const root = mkdtempSync(join(tmpdir(), 'infersim-powercap-'));
  roots.push(root);
  for (const [id, uj] of Object.entries(zones)) {
    const dir = join(root, id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'name'), id.includes('mmio') ? 'package-0\n' : id.split(':').length > 2 ? 'core\n' : `package-${id.split(':')[1]}\n`);
    writeFileSync(join(dir, 'max_energy_range_uj'), `${MAX}\n`);
    // A directory where the counter should be stands in for an unreadable file (tests run as root).
    if (uj === 'dir') mkdirSync(join(dir, 'energy_uj'));
    else writeFileSync(join(dir, 'energy_uj'), `${uj}\n`);
  }
  return root;
}

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('probePowercap(root)', () => {
  it('lists package zones only, not subzones or the mmio copy', () => {
    const root = fakeTree({ 'intel-rapl:0': 1000, 'intel-rapl:0:0': 500, 'intel-rapl:1': 2000, 'intel-rapl-mmio:0': 1000 });
    const probe = probePowercap(root);
    expect(probe.available).toBe(true);
    if (!probe.available) return;
    expect(probe.zones.map((z) => z.id)).toEqual(['intel-rapl:0', 'intel-rapl:1']);
    expect(probe.zones[1]).toMatchObject({ name: 'package-1', maxEnergyRangeUj: MAX });
    expect(readPowercapUj(probe.zones)).toEqual({ 'intel-rapl:0': 1000, 'intel-rapl:1': 2000 });
  });

  it('says plainly when the tree, the zones or the counters are missing', () => {
    const none = probePowercap(join(tmpdir(), 'infersim-no-such-powercap'));
    expect(none).toMatchObject({ available: false, reason: expect.stringMatching(/does not exist/) });
    const empty = probePowercap(fakeTree({}));
    expect(empty).toMatchObject({ available: false, reason: expect.stringMatching(/no intel-rapl:N package zone/) });
    const unreadable = probePowercap(fakeTree({ 'intel-rapl:0': 'dir' }));
    expect(unreadable).toMatchObject({ available: false, reason: expect.stringMatching(/cannot read .*energy_uj/) });
  });

  it('reports absence on this machine without throwing', () => {
    const probe = probePowercap();
    expect(typeof probe.available).toBe('boolean');
  });
});

describe('powercapMeter(zones)', () => {
  it('measures each window from counter deltas, across a wrap', async () => {
    const root = fakeTree({ 'intel-rapl:0': MAX - 2_000_000, 'intel-rapl:1': 0 });
    const probe = probePowercap(root);
    if (!probe.available) throw new Error(probe.reason);
    const meter = powercapMeter(probe.zones);
    const id = meter.begin();
    writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), '3000000\n');
    writeFileSync(join(root, 'intel-rapl:1', 'energy_uj'), '4000000\n');
    meter.end(id);
    const [w] = await meter.finish();
    expect(w.joules).toBeCloseTo(5 + 4, 9);
    expect(w.seconds).toBeGreaterThanOrEqual(0);
    expect(meter.description).toBe('powercap intel-rapl:0 (package-0) + intel-rapl:1 (package-1)');
  });
});
