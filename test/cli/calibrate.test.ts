import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register } from '../../src/cli/commands/calibrate.js';
import { InputError } from '../../src/errors.js';
import { inProcessCli } from './in-process.js';

const root = join(import.meta.dirname, '..', '..');
const scenario = join(root, 'examples', 'calibrate', 'fixed-scenario.json');
const observed = join(root, 'examples', 'calibrate', 'observed.csv');

describe('infersim calibrate', () => {
  it('fits the example series, prints the errors and writes a calibrated profile and a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cal-'));
    const out = join(dir, 'profile.json');
    const report = join(dir, 'report.json');
    const r = await inProcessCli([register], 'calibrate', scenario, '--observed', observed, '--fit', 'coresScale', '--scans', '1', '--max-evaluations', '20', '--holdout', '0.25', '--out', out, '--report', report);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The series came from cores x 0.8 (examples/calibrate/self-check.ts); latency is left unfitted here.
    const fitted = Number(/coresScale\s+([\d.]+)/.exec(r.stdout)?.[1]);
    expect(Math.abs(fitted / 0.8 - 1)).toBeLessThan(0.05);
    expect(r.stdout).toMatch(/cores\s+25\.0% \/ 25\.0%\s+\d\.\d% \/ \d\.\d%/);
    const profile = JSON.parse(readFileSync(out, 'utf8'));
    expect(profile.stages[0].variants[0].provenance.cores).toMatchObject({ kind: 'derived', method: expect.stringContaining('calibrated: infersim calibrate') });
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    expect(rep.fitIntervals).toEqual([0, 18]);
    expect(rep.simulated.cores).toHaveLength(24);
  });

  it('names the bad flag or file and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cal-'));
    const out = join(dir, 'profile.json');
    const paths = async (...args: string[]) => {
      const err = await inProcessCli([register], 'calibrate', scenario, '--out', out, ...args).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).issues.map((i) => i.path);
    };
    expect(await paths('--observed', observed, '--fit', 'coresScale', '--range', 'noiseCv=0.1', '--holdout', '1')).toEqual(['--holdout', '--range']);
    expect(await paths('--observed', 'no-such.csv', '--fit', 'coresScale')).toEqual(['--observed']);
    expect(await paths('--observed', observed, '--fit', 'latencyScal')).toEqual(['parameters']);
    expect(existsSync(out)).toBe(false);
  });
});
