import type { Command } from 'commander';
import { mergeSweeps } from '../../node/sweep/merge.js';

/**
 * `infersim merge <dir...> --out DIR [--allow-missing]`: joins the output directories of a sweep's
 * shards. Exit code 1 when runs are missing (unless --allow-missing), so a cluster pipeline notices.
 */
export function register(program: Command): void {
  program
    .command('merge')
    .description('merge the output directories of sweep shards into one (checks they are one sweep; lists missing runs)')
    .argument('<dirs...>', 'shard output directories')
    .requiredOption('--out <dir>', 'merged output directory')
    .option('--allow-missing', 'exit 0 even when some runs have no row')
    .option('--json', 'print the outcome as JSON on stdout (outDir, rows, missing, duplicates, conflicts)')
    .action((dirs: string[], flags: { out: string; allowMissing?: boolean; json?: boolean }) => {
      const m = mergeSweeps(dirs, flags.out);
      if (flags.json) process.stdout.write(JSON.stringify(m, null, 2) + '\n');
      else process.stdout.write(`merged ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}: ${m.rows} runs -> ${m.outDir}${m.duplicates ? ` (${m.duplicates} duplicate rows dropped)` : ''}\n`);
      if (m.conflicts.length) {
        process.stderr.write(`infersim: ${m.conflicts.length} run(s) have duplicate rows that differ beyond wall-clock columns (non-deterministic?): ${m.conflicts.slice(0, 5).join(', ')}${m.conflicts.length > 5 ? ', ...' : ''}\n`);
      }
      if (m.missing.length) {
        process.stderr.write(`infersim: ${m.missing.length} run(s) missing: ${m.missing.slice(0, 10).join(', ')}${m.missing.length > 10 ? ', ...' : ''}\n  run them with: infersim sweep <sweep.json> --out ${flags.out} --resume\n`);
        if (!flags.allowMissing) process.exitCode = 1;
      }
    });
}
