import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { EnergyLog } from '../../energy/energy-log.js';
import { InputError, describeValue } from '../../errors.js';
import { ENERGY_LOG_FORMATS, parseEnergyLog, type EnergyLogInputFormat } from '../../energy/parse-energy-log.js';

/** Options of `infersim perf parse`. */
export interface PerfParseFlags {
  json?: boolean;
  format?: string;
  total?: string;
  interval?: string;
}

/**
 * Reads and parses an energy log file for `perf parse`.
 *
 * @throws {InputError} for an unreadable file, a bad flag, or a line that is not perf/nvidia-smi output.
 */
export function parseEnergyLogFile(file: string, flags: PerfParseFlags = {}): EnergyLog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([{ path: '<log>', expected: 'a readable log file', received: `${describeValue(file)} (${code ?? 'unreadable'})` }]);
  }
  const format = (flags.format ?? 'auto') as EnergyLogInputFormat;
  if (!ENERGY_LOG_FORMATS.includes(format)) {
    throw new InputError([{ path: '--format', expected: ENERGY_LOG_FORMATS.join(', '), received: describeValue(flags.format) }]);
  }
  let intervalS: number | undefined;
  if (flags.interval !== undefined) {
    intervalS = Number(flags.interval);
    if (!(intervalS >= 0) || flags.interval.trim() === '') {
      throw new InputError([{ path: '--interval', expected: 'seconds >= 0', received: describeValue(flags.interval) }]);
    }
  }
  const totalEvents = flags.total?.split(',').map((e) => e.trim()).filter(Boolean);
  try {
    return parseEnergyLog(text, {
      format,
      source: file,
      ...(totalEvents && totalEvents.length > 0 ? { totalEvents } : {}),
      ...(intervalS !== undefined ? { intervalS } : {}),
    });
  } catch (err) {
    // The library calls the option totalEvents; here the user wrote --total.
    if (err instanceof InputError && err.issues.some((i) => i.path === 'totalEvents')) {
      throw new InputError(err.issues.map((i) => (i.path === 'totalEvents' ? { ...i, path: '--total' } : i)), file);
    }
    throw err;
  }
}

/**
 * Renders a parsed log as a table: one row per interval with its end time, length, Joules and
 * Watts of the totalled events, a Joules column per event when there are several, then totals.
 */
export function formatEnergyLog(log: EnergyLog, name = 'log'): string {
  const keys = log.events.map((e) => e.key);
  const perEvent = keys.length > 1;
  const head = ['t (s)', 'length (s)', 'Joules', 'Watts', ...(perEvent ? keys.map((k) => `J ${k}`) : [])];
  const rows = log.intervals.map((iv) => [
    iv.t.toFixed(3),
    iv.durationS.toFixed(3),
    iv.joules.toFixed(2),
    iv.watts.toFixed(2),
    ...(perEvent ? keys.map((k) => (k in iv.events ? iv.events[k].toFixed(2) : '-')) : []),
  ].concat(iv.partial ? ['(partial)'] : []));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < widths.length ? c.padStart(widths[i]) : c)).join('  ');
  const lines = [
    `${name}: ${log.format}, ${log.intervals.length} interval(s); totals over ${log.totalEvents.join(' + ') || 'no event'}`,
    fmt(head),
    ...rows.map(fmt),
    `total: ${log.totalJ.toFixed(2)} J over ${log.durationS.toFixed(3)} s, mean ${log.meanW.toFixed(2)} W`,
  ];
  for (const e of log.events) {
    if (perEvent || e.notCounted > 0 || e.notSupported > 0) {
      const gaps = [e.notCounted > 0 ? `${e.notCounted} not counted` : '', e.notSupported > 0 ? `${e.notSupported} not supported` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`  ${e.key}: ${e.totalJ.toFixed(2)} J, mean ${e.meanW.toFixed(2)} W${gaps ? ` (${gaps})` : ''}`);
    }
  }
  for (const n of log.notes) lines.push(`note: ${n}`);
  if (log.skipped.length > 0) lines.push(`note: ${log.skipped.length} line(s) skipped, e.g. line ${log.skipped[0].line}: ${log.skipped[0].reason}`);
  return lines.join('\n');
}

/** `infersim perf parse <log> [--json] [--format human|csv|nvidia-smi|auto]`. */
export function register(program: Command): void {
  const perf = program.command('perf').description('read energy logs from perf stat (RAPL) and nvidia-smi');
  perf
    .command('parse')
    .description('print per-interval Joules and Watts and the totals of a perf stat -I or nvidia-smi power log')
    .argument('<log>', 'the log file (perf stat -I output, human or -x, CSV; or nvidia-smi CSV)')
    .option('--json', 'print JSON: intervals (t, durationS, joules, watts, events), totalJ, meanW, durationS, ...')
    .option('--format <format>', `log layout: ${ENERGY_LOG_FORMATS.join(', ')}`, 'auto')
    .option('--total <events>', 'comma-separated events to total (default: power/energy-pkg/, else power/energy-psys/, else all)')
    .option('--interval <seconds>', 'interval length for nvidia-smi logs; 0 = one per sample pair', '1')
    .action((file: string, flags: PerfParseFlags) => {
      const log = parseEnergyLogFile(file, flags);
      process.stdout.write((flags.json ? JSON.stringify(log, null, 2) : formatEnergyLog(log, file)) + '\n');
    });
}
