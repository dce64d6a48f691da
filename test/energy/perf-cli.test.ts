import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatEnergyLog, parseEnergyLogFile, register } from '../../src/cli/commands/perf.js';
import { InputError } from '../../src/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs `infersim perf ...` in-process and returns what it printed on stdout. */
async function cli(args: string[]): Promise<string> {
  const program = new Command('infersim').exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'infersim', 'perf', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('infersim perf parse <log>', () => {
  it('--json prints intervals (t, joules, watts), totalJ, meanW and durationS', async () => {
    const json = JSON.parse(await cli(['parse', fixture('seed000-perf.txt'), '--json']));
    expect(json.intervals).toHaveLength(26);
    expect(json.intervals[0]).toMatchObject({ t: 1.000096633, joules: 71.65 });
    expect(json.intervals[0].watts).toBeCloseTo(71.65 / 1.000096633, 9);
    expect(json.totalJ).toBeCloseTo(2125.69, 9);
    expect(json.meanW).toBeCloseTo(2125.69 / 26.004725341, 9);
    expect(json.durationS).toBeCloseTo(26.004725341, 9);
  });

  it('prints a table with per-event columns and the totals', async () => {
    const text = await cli(['parse', fixture('perf-human-multi.txt')]);
    expect(text).toMatch(/t \(s\)\s+length \(s\)\s+Joules\s+Watts\s+J power\/energy-pkg\//);
    expect(text).toMatch(/^\s*3\.003\s+1\.001\s+26\.40\s+26\.37\s+26\.40\s+13\.33\s+3\.16$/m);
    expect(text).toMatch(/\(partial\)/);
    expect(text).toMatch(/total: 102\.14 J over 4\.512 s, mean 22\.64 W/);
  });

  it('honours --format, --total and --interval', async () => {
    const csv = JSON.parse(await cli(['parse', fixture('perf-csv.txt'), '--format', 'csv', '--total', 'power/energy-ram/', '--json']));
    expect(csv.totalJ).toBeCloseTo(3.02 + 3.16 + 0.77, 9);
    const gpu = JSON.parse(await cli(['parse', fixture('nvidia-smi.csv'), '--interval', '0.5', '--json']));
    expect(gpu.intervals.map((x: { t: number }) => x.t)).toEqual([0.5, 1, 1.414]);
  });

  it('throws InputError (exit 2 in main) naming the line of a malformed log, the file or the flag', async () => {
    await expect(cli(['parse', fixture('perf-malformed.txt')])).rejects.toThrow(/perf-malformed\.txt: line 4: .*"Starting CPU\.\.\." \(49 chars\)/);
    expect(() => parseEnergyLogFile(fixture('no-such.txt'))).toThrow(InputError);
    expect(() => parseEnergyLogFile(fixture('perf-csv.txt'), { format: 'json' })).toThrow(/--format/);
    expect(() => parseEnergyLogFile(fixture('nvidia-smi.csv'), { interval: '-1' })).toThrow(/--interval/);
  });

  it('formatEnergyLog lists gaps per event', () => {
    const text = formatEnergyLog(parseEnergyLogFile(fixture('perf-csv-not-supported.txt')), 'x');
    expect(text).toMatch(/power\/energy-ram\/: 0\.00 J, mean 0\.00 W \(2 not supported\)/);
  });
});
