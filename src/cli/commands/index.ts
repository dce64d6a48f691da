import type { Command } from 'commander';
import { register as registerPlan } from './plan.js';
import { register as registerRun } from './run.js';
import { register as registerPerf } from './perf.js';
import { register as registerProfile } from './profile.js';
import { register as registerReport } from './report.js';
import { register as registerSweep } from './sweep.js';
import { register as registerMerge } from './merge.js';
import { register as registerCompare } from './compare.js';
import { register as registerTrain } from './train.js';
import { register as registerList } from './list.js';
import { register as registerCalibrate } from './calibrate.js';
import { register as registerSeries } from './series.js';

/**
 * Every subcommand lives in its own file exporting `register(program)`; this list is the one place
 * that wires them in.
 */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerPerf(program);
  registerProfile(program);
  registerReport(program);
  registerPlan(program);
  registerSweep(program);
  registerMerge(program);
  registerCompare(program);
  registerTrain(program);
  registerList(program);
  registerCalibrate(program);
  registerSeries(program);
}
