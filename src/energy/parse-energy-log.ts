import { InputError, describeValue } from '../errors.js';
import type { BuildEnergyLogOptions, EnergyLog } from './energy-log.js';
import { parseNvidiaSmi } from './nvidia-smi.js';
import { detectPerfStatFormat, parsePerfStat } from './perf-stat.js';

/** Log layouts {@link parseEnergyLog} reads; `auto` tells them apart by the first data line. */
export type EnergyLogInputFormat = 'human' | 'csv' | 'nvidia-smi' | 'auto';

/** The formats a user may name, for option validation. */
export const ENERGY_LOG_FORMATS: readonly EnergyLogInputFormat[] = ['auto', 'human', 'csv', 'nvidia-smi'];

/** Options of {@link parseEnergyLog}. */
export interface ParseEnergyLogOptions extends Omit<BuildEnergyLogOptions, 'startS'> {
  format?: EnergyLogInputFormat;
  /** Name of the log put in front of error messages. */
  source?: string;
  /** Interval length for nvidia-smi logs (see {@link parseNvidiaSmi}). */
  intervalS?: number;
}

/**
 * Which reader fits a log: nvidia-smi when the first data line starts with a date or is a
 * `timestamp,...` header, else perf's CSV or human layout (see {@link detectPerfStatFormat}).
 */
export function detectEnergyLogFormat(text: string): Exclude<EnergyLogInputFormat, 'auto'> {
  const lines = text.split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^[0-9]{4}[/-][0-9]{2}[/-][0-9]{2}[ T]/.test(line) || /^timestamp\s*,/i.test(line)) return 'nvidia-smi';
    break;
  }
  return detectPerfStatFormat(lines);
}

/**
 * Parses a perf stat or nvidia-smi energy log into per-interval Joules and Watts, choosing the
 * reader by `options.format` (default `auto`).
 *
 * @throws {InputError} for an unknown format or a line the chosen reader cannot read.
 */
export function parseEnergyLog(text: string, options: ParseEnergyLogOptions = {}): EnergyLog {
  const requested = options.format ?? 'auto';
  if (!ENERGY_LOG_FORMATS.includes(requested)) {
    throw new InputError([
      { path: 'format', expected: `one of ${ENERGY_LOG_FORMATS.join(', ')}`, received: describeValue(requested) },
    ]);
  }
  const format = requested === 'auto' ? detectEnergyLogFormat(text) : requested;
  const common = { source: options.source, ...(options.totalEvents ? { totalEvents: options.totalEvents } : {}) };
  if (format === 'nvidia-smi') {
    return parseNvidiaSmi(text, { ...common, ...(options.intervalS !== undefined ? { intervalS: options.intervalS } : {}) });
  }
  return parsePerfStat(text, { ...common, format });
}
