import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { longSeriesCsv, LONG_SERIES_COLUMNS } from '../../experiment/long-series.js';
import { readResults } from '../../node/report/read-results.js';

/**
 * `infersim series <results> [--out FILE]`: the time series of a sweep directory or a run result
 * as one long CSV (`runId, t, stage, metric, value`), written run by run so a large sweep is never
 * one string; to a temporary file renamed at the end, so a reader never sees half a table.
 */
export function register(program: Command): void {
  program
    .command('series')
    .description('export time series as a tidy long CSV (runId, t, stage, metric, value) for pandas, R or Parquet')
    .argument('<results>', 'a sweep output directory (with series/), or `infersim run --json --full` output')
    .option('--out <file>', 'CSV file to write (default: stdout)')
    .action((results: string, opts: { out?: string }) => {
      const loaded = readResults(results);
      const runs = Object.entries(loaded.series);
      if (!opts.out) {
        process.stdout.write(LONG_SERIES_COLUMNS.join(',') + '\n');
        for (const [runId, s] of runs) process.stdout.write(longSeriesCsv({ [runId]: s }, { header: false }));
      } else {
        const tmp = `${opts.out}.${process.pid}.tmp`;
        try {
          const fd = openSync(tmp, 'w');
          try {
            writeSync(fd, LONG_SERIES_COLUMNS.join(',') + '\n');
            for (const [runId, s] of runs) writeSync(fd, longSeriesCsv({ [runId]: s }, { header: false }));
          } finally {
            closeSync(fd);
          }
          renameSync(tmp, opts.out);
        } catch (err) {
          rmSync(tmp, { force: true });
          throw err;
        }
      }
      if (runs.length === 0) process.stderr.write(`infersim: ${results} holds no time series (a sweep saves them with "output": { "series": true }): only the header was written\n`);
    });
}
