import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { coversWindow, joulesBetween } from '../../energy/joules-between.js';
import { energyDeltaUj } from '../../energy/powercap.js';
import { parsePerfStat } from '../../energy/perf-stat.js';
import { probePowercap, readPowercapUj, type PowercapZone } from '../powercap-reader.js';
import type { EnergySourceOption } from './options.js';

/** Package energy and wall time of one window between {@link EnergyMeter.begin} and `end`. */
export interface EnergyWindow {
  joules: number;
  seconds: number;
}

/**
 * Measures CPU package energy over windows the profiler marks. Windows are only marked while the
 * workload runs; their Joules are known after {@link EnergyMeter.finish}, because perf reports an
 * interval only once it has ended.
 */
export interface EnergyMeter {
  /** `powercap` or `perf`. */
  readonly method: 'powercap' | 'perf';
  /** For provenance: which counters, e.g. `powercap intel-rapl:0 (package-0)`. */
  readonly description: string;
  /** Opens a window now and returns its id. */
  begin(): number;
  /** Closes window `id` now. */
  end(id: number): void;
  /** Stops measuring and returns every window, indexed by id. */
  finish(): Promise<EnergyWindow[]>;
  /** Stops measuring without results (on error). */
  abort(): void;
}

/** A meter, or why none could be opened. */
export type EnergyMeterProbe = { meter: EnergyMeter } | { meter: undefined; reason: string };

/** Where to look for RAPL counters. */
export interface EnergyMeterOptions {
  powercapRoot?: string;
  perfPath?: string;
}

const nowS = (): number => performance.now() / 1000;

/**
 * Opens an energy meter for `source`: `powercap` reads sysfs counters directly (cheap and exact at
 * the window edges), `perf` runs `perf stat -a -e power/energy-pkg/ -I 100` alongside; `auto`
 * tries powercap, then perf. Never throws for a missing counter: the reason comes back in words.
 */
export async function openEnergyMeter(source: EnergySourceOption, options: EnergyMeterOptions = {}): Promise<EnergyMeterProbe> {
  if (source === 'off') return { meter: undefined, reason: 'energy measurement turned off (--energy off)' };
  const reasons: string[] = [];
  if (source === 'auto' || source === 'powercap') {
    const probe = probePowercap(options.powercapRoot);
    if (probe.available) return { meter: powercapMeter(probe.zones) };
    reasons.push(`powercap: ${probe.reason}`);
  }
  if (source === 'auto' || source === 'perf') {
    const started = await startPerfMeter(options.perfPath ?? 'perf');
    if (typeof started !== 'string') return { meter: started };
    reasons.push(`perf: ${started}`);
  }
  return { meter: undefined, reason: reasons.join('; ') };
}

/** A meter over sysfs package counters: each window reads every zone at its two edges. */
export function powercapMeter(zones: readonly PowercapZone[]): EnergyMeter {
  const marks: { t0: number; e0: Record<string, number>; t1?: number; e1?: Record<string, number> }[] = [];
  return {
    method: 'powercap',
    description: `powercap ${zones.map((z) => `${z.id} (${z.name})`).join(' + ')}`,
    begin() {
      const e0 = readPowercapUj(zones);
      marks.push({ t0: nowS(), e0 });
      return marks.length - 1;
    },
    end(id) {
      const m = marks[id];
      m.t1 = nowS();
      m.e1 = readPowercapUj(zones);
    },
    async finish() {
      return marks.map((m) => {
        if (m.t1 === undefined || m.e1 === undefined) throw new Error('energy window never ended');
        let uj = 0;
        for (const z of zones) uj += energyDeltaUj(m.e0[z.id], m.e1[z.id], z.maxEnergyRangeUj);
        return { joules: uj / 1e6, seconds: m.t1 - m.t0 };
      });
    },
    abort() {},
  };
}

/** perf's CSV data line: a timestamp and a comma. */
const PERF_DATA = /^\s*[0-9]+\.[0-9]+,/;

/**
 * Starts `perf stat -a -e power/energy-pkg/ -x, -I 100` (system-wide, so it sees the workload's
 * child processes too) and waits for its first interval.
 *
 * perf's timestamps count from its own start, which we cannot see; each line is also stamped with
 * our clock when it arrives, and the smallest `arrival - t` over all lines estimates the offset
 * between the two clocks (a line can arrive late, never early).
 *
 * @returns the meter, or the reason perf cannot measure package energy here.
 */
export async function startPerfMeter(perfPath: string): Promise<EnergyMeter | string> {
  const args = ['stat', '-a', '-e', 'power/energy-pkg/', '-x,', '-I', '100'];
  let child: ChildProcess;
  try {
    child = spawn(perfPath, args, { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    return `cannot run ${perfPath}: ${err instanceof Error ? err.message : String(err)}`;
  }
  const lines: { text: string; at: number }[] = [];
  const chatter: string[] = [];
  let exited = false;
  let spawnError: string | undefined;
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.on('error', (err) => {
    spawnError = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${perfPath} not found` : err.message;
    exited = true;
    wake();
  });
  child.on('exit', () => {
    exited = true;
    wake();
  });
  createInterface({ input: child.stderr! }).on('line', (text) => {
    if (PERF_DATA.test(text)) lines.push({ text, at: nowS() });
    else if (text.trim() !== '') chatter.push(text.trim());
    wake();
  });
  const waitFor = (ok: () => boolean, timeoutS: number): Promise<boolean> =>
    new Promise((resolveWait) => {
      const deadline = setTimeout(() => resolveWait(ok()), timeoutS * 1000);
      const check = (): void => {
        if (ok() || exited) {
          clearTimeout(deadline);
          resolveWait(ok());
        } else waiters.push(check);
      };
      check();
    });

  const gotLine = await waitFor(() => lines.length > 0, 3);
  if (!gotLine || /<not (supported|counted)>/.test(lines[0].text)) {
    if (!exited) child.kill('SIGINT');
    if (spawnError) return spawnError;
    if (lines.length > 0) return `power/energy-pkg/ is ${/<not supported>/.test(lines[0].text) ? 'not supported' : 'not counted'}`;
    // perf explains on a second line (`\___ Cannot find PMU `power'. Missing kernel support?`).
    const detail = chatter.find((l) => /Cannot find PMU|kernel support|denied|paranoid|Access to|not permitted/i.test(l));
    const why = detail ? detail.replace(/^\\_+\s*/, '') : chatter[0];
    return why ? `perf stat -e power/energy-pkg/ failed: ${why}` : 'perf stat printed no interval within 3 s';
  }

  const windows: { t0: number; t1?: number }[] = [];
  const perfTime = (text: string): number => Number(text.slice(0, text.indexOf(',')));
  return {
    method: 'perf',
    description: 'perf stat -a -e power/energy-pkg/ -I 100',
    begin() {
      windows.push({ t0: nowS() });
      return windows.length - 1;
    },
    end(id) {
      windows[id].t1 = nowS();
    },
    async finish() {
      const offset = (): number => Math.min(...lines.map((l) => l.at - perfTime(l.text)));
      const lastEnd = Math.max(...windows.map((w) => w.t1 ?? w.t0));
      // Wait for the interval that closes after the last window, so no window is cut short.
      await waitFor(() => perfTime(lines[lines.length - 1].text) >= lastEnd - offset() + 0.05, 2);
      child.kill('SIGINT');
      await waitFor(() => exited, 2);
      if (!exited) child.kill('SIGKILL');
      const log = parsePerfStat(lines.map((l) => l.text).join('\n'), { format: 'csv', source: 'perf stat' });
      const off = offset();
      return windows.map((w) => {
        if (w.t1 === undefined) throw new Error('energy window never ended');
        const a = w.t0 - off;
        const b = w.t1 - off;
        if (!coversWindow(log, a, b)) throw new Error(`perf's intervals do not cover the window ${a.toFixed(3)}-${b.toFixed(3)} s`);
        return { joules: joulesBetween(log, a, b), seconds: w.t1 - w.t0 };
      });
    },
    abort() {
      if (!exited) child.kill('SIGINT');
    },
  };
}
