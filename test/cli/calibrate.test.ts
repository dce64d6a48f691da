import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('infersim calibrate', () => {
  it('fits the example series, prints the errors and writes a calibrated profile and a report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cal-'));
    const out = join(dir, 'profile.json');
    const report = join(dir, 'report.json');
    const r = infersim('calibrate', 'examples/calibrate/fixed-scenario.json', '--observed', 'examples/calibrate/observed.csv', '--fit', 'coresScale', '--scans', '1', '--max-evaluations', '20', '--holdout', '0.25', '--out', out, '--report', report);
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

  it('names the bad flag and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-cal-'));
    const out = join(dir, 'profile.json');
    const r = infersim('calibrate', 'examples/calibrate/fixed-scenario.json', '--observed', 'examples/calibrate/observed.csv', '--fit', 'latencyScal', '--range', 'noiseCv=0.1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--range');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const r3 = infersim('calibrate', 'examples/calibrate/fixed-scenario.json', '--observed', 'no-such.csv', '--fit', 'coresScale', '--out', out);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('--observed');
    expect(existsSync(out)).toBe(false);
  });
});
