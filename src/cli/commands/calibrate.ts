import type { Command } from 'commander';
import { calibrate, type CalibrationError, type CalibrationResult } from '../../calibrate/calibrate.js';
import { OBSERVED_METRICS } from '../../calibrate/observed.js';
import { CALIBRATION_PARAMETERS, type ParameterRange } from '../../calibrate/parameters.js';
import { InputError, type InputIssue } from '../../errors.js';
import { loadScenarioFile } from '../../node/load-scenario.js';
import { readObservedSeries } from '../../node/read-observed.js';
import { writeFileAtomic } from '../../node/write-atomic.js';
import type { Scenario } from '../../sim/scenario.js';

interface CalibrateFlags {
  observed: string;
  fit: string;
  range: string[];
  holdout: string;
  skip?: string;
  replications: string;
  maxEvaluations?: string;
  scans: string;
  out: string;
  report?: string;
  json?: boolean;
}

/** A number flag, or an issue naming it. */
function numberFlag(flag: string, text: string, issues: InputIssue[], test: (x: number) => boolean, expected: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !test(x)) issues.push({ path: flag, expected, received: JSON.stringify(text) });
  return x;
}

/** `--range name=min:max[:initial]`, repeatable. */
function parseRanges(items: readonly string[], issues: InputIssue[]): Record<string, Partial<ParameterRange>> {
  const out: Record<string, Partial<ParameterRange>> = {};
  for (const item of items) {
    const m = /^([A-Za-z]+)=([^:]+):([^:]+)(?::([^:]+))?$/.exec(item);
    const nums = m ? [m[2], m[3], m[4]].map((x) => (x === undefined ? undefined : Number(x))) : [];
    if (!m || nums.some((x) => x !== undefined && !Number.isFinite(x))) {
      issues.push({ path: '--range', expected: `name=min:max[:initial] with name among ${CALIBRATION_PARAMETERS.join(', ')}`, received: JSON.stringify(item) });
      continue;
    }
    out[m[1]] = { min: nums[0], max: nums[1], ...(nums[2] !== undefined ? { initial: nums[2] } : {}) };
  }
  return out;
}

/** The errors of a calibration as table lines. */
export function formatCalibration(r: CalibrationResult): string {
  const pct = (e: CalibrationError | undefined, m: string): string => {
    const v = e?.metrics[m as keyof CalibrationError['metrics']];
    return v ? `${(v.rmsRelative * 100).toFixed(1)}%` : '-';
  };
  const lines = ['parameter      fitted'];
  for (const [k, v] of Object.entries(r.parameters)) lines.push(`${k.padEnd(14)} ${Number(v.toPrecision(4))}`);
  lines.push('', 'RMS relative error  before (fit / held-out)  after (fit / held-out)');
  for (const m of OBSERVED_METRICS) {
    if (!r.fit.metrics[m]) continue;
    lines.push(`${m.padEnd(19)} ${`${pct(r.before.fit, m)} / ${pct(r.before.heldOut, m)}`.padEnd(24)} ${pct(r.fit, m)} / ${pct(r.heldOut, m)}`);
  }
  lines.push(
    '',
    `intervals fitted ${r.fitIntervals.join('-')}${r.heldOutIntervals ? `, held out ${r.heldOutIntervals.join('-')}` : ''}; ${r.evaluations} simulations; ${r.converged ? 'converged' : 'evaluation budget used up before convergence'}`,
  );
  return lines.join('\n');
}

/**
 * `infersim calibrate <scenario.json> --observed series.csv --fit latencyScale,noiseCv --out profile.json`.
 */
export function register(program: Command): void {
  program
    .command('calibrate')
    .description('fit a pipeline profile\'s uncertain parameters to per-interval series observed on a real system')
    .argument('<scenario>', 'scenario JSON of the observed run (pipeline, policy, serving, seed); durationS and the workload come from the series')
    .requiredOption('--observed <file>', `CSV or JSON series: t, load, and any of ${OBSERVED_METRICS.join(', ')}`)
    .requiredOption('--fit <list>', `parameters to fit, among ${CALIBRATION_PARAMETERS.join(', ')}`)
    .option('--range <name=min:max[:initial]>', 'search range of a parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--holdout <share>', 'share of the intervals, at the end, held back for validation', '0.25')
    .option('--skip <n>', 'intervals at the start left out of the errors (default: those in the scenario\'s warmupS)')
    .option('--replications <n>', 'simulations (seeds) averaged per evaluation', '1')
    .option('--max-evaluations <n>', 'simulation budget (default 60 per parameter)')
    .option('--scans <n>', 'coordinate scans (7 points per parameter) before the simplex', '2')
    .requiredOption('--out <file>', 'calibrated profile JSON to write (atomically)')
    .option('--report <file>', 'also write the fitted values, errors and simulated series as JSON')
    .option('--json', 'print the report as JSON instead of a table')
    .action(async (file: string, flags: CalibrateFlags) => {
      const issues: InputIssue[] = [];
      const holdout = numberFlag('--holdout', flags.holdout, issues, (x) => x >= 0 && x < 1, 'a share in [0, 1)');
      const replications = numberFlag('--replications', flags.replications, issues, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
      const scans = numberFlag('--scans', flags.scans, issues, (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
      const skip = flags.skip === undefined ? undefined : numberFlag('--skip', flags.skip, issues, (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
      const maxEvaluations = flags.maxEvaluations === undefined ? undefined : numberFlag('--max-evaluations', flags.maxEvaluations, issues, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
      const ranges = parseRanges(flags.range, issues);
      const parameters = flags.fit.split(',').map((s) => s.trim()).filter(Boolean);
      if (issues.length > 0) throw new InputError(issues);
      const scenario = loadScenarioFile(file) as unknown as Scenario;
      const observed = readObservedSeries(flags.observed);
      const result = await calibrate({
        scenario,
        observed,
        parameters,
        ranges,
        holdout,
        replications,
        scans,
        ...(skip !== undefined ? { skipIntervals: skip } : {}),
        ...(maxEvaluations !== undefined ? { maxEvaluations } : {}),
        source: `${flags.observed} (scenario ${file})`,
      });
      writeFileAtomic(flags.out, JSON.stringify(result.profile, null, 2) + '\n');
      const { profile: _profile, ...report } = result;
      if (flags.report) writeFileAtomic(flags.report, JSON.stringify(report, null, 2) + '\n');
      process.stdout.write((flags.json ? JSON.stringify(report, null, 2) : `${formatCalibration(result)}\nwrote ${flags.out}`) + '\n');
    });
}
