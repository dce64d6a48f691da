import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadScenarioFile } from '../../node/load-scenario.js';
import { simulate } from '../../sim/simulate.js';
import { formatSummary } from '../format-summary.js';

/** `infersim run <scenario.json> [--json] [--seed N]`. */
export function register(program: Command): void {
  program
    .command('run')
    .description('run a scenario and print its summary')
    .argument('<scenario>', 'scenario JSON file')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--full', 'with --json: print the whole result (summary, series, decisions)')
    .option('--seed <n>', 'override the scenario seed')
    .action(async (file: string, opts: { json?: boolean; full?: boolean; seed?: string }) => {
      const scenario = loadScenarioFile(file);
      if (opts.seed !== undefined) {
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new InputError([{ path: '--seed', expected: 'an integer', received: JSON.stringify(opts.seed) }]);
        scenario.seed = seed;
      }
      const result = await simulate(scenario);
      if (opts.json) {
        const { trace: _trace, ...rest } = result;
        process.stdout.write(JSON.stringify(opts.full ? rest : result.summary, null, 2) + '\n');
      } else {
        process.stdout.write(formatSummary(result) + '\n');
      }
    });
}
