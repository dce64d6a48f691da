import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { compare } from '../../experiment/compare.js';
import { formatComparison } from '../../experiment/format-comparison.js';
import { readRows } from '../../node/sweep/rows-file.js';

/**
 * `infersim compare <dir> [--baseline P] [--metrics a,b] [--pareto m:max,n:min] [--by cols] [--json]`:
 * means with confidence intervals across seeds, paired differences against a baseline, Pareto fronts.
 */
export function register(program: Command): void {
  program
    .command('compare')
    .description("compare a sweep's policies: mean and 95% CI across seeds, paired differences vs a baseline, Pareto fronts")
    .argument('<dir>', 'sweep output directory (or its rows.jsonl)')
    .option('--baseline <policy>', 'policy label to pair the others against (same seeds)')
    .option('--metrics <list>', 'comma-separated metric columns (default slaViolationRate,latencyP99Ms,accuracy,costCores,energyJ)')
    .option('--pareto <objectives>', 'Pareto front over the means, e.g. accuracy:max,costCores:min,energyJ:min')
    .option('--by <columns>', 'columns that form a group (default policy,workload and the sweep parameters)')
    .option('--level <p>', 'confidence level', '0.95')
    .option('--json', 'print the comparison as JSON')
    .action((target: string, flags: { baseline?: string; metrics?: string; pareto?: string; by?: string; level: string; json?: boolean }) => {
      const dir = existsSync(target) && statSync(target).isFile() && basename(target).endsWith('.jsonl') ? dirname(target) : target;
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError([{ path: '<dir>', expected: 'a sweep output directory', received: JSON.stringify(target) }]);
      const rows = readRows(dir);
      const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);
      const level = Number(flags.level);
      const c = compare(rows, { baseline: flags.baseline, metrics: list(flags.metrics), by: list(flags.by), pareto: flags.pareto, level });
      process.stdout.write(flags.json ? JSON.stringify(c, null, 2) + '\n' : formatComparison(c) + '\n');
    });
}
