import type { Command } from 'commander';
import { register as registerRun } from './run.js';

/**
 * Every subcommand lives in its own file exporting `register(program)`; this list is the one place
 * that wires them in.
 */
export function registerCommands(program: Command): void {
  registerRun(program);
}
