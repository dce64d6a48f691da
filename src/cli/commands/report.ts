import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { writeReport } from '../../node/report/write-report.js';

/** `infersim report <results> --out DIR [--title T] [--sla-ms N] [--baseline POLICY] [--pdf]`. */
export function register(program: Command): void {
  program
    .command('report')
    .description('write an HTML report (tables with 95% CIs, SVG plots) of a sweep directory or a run result')
    .argument('<results>', 'a sweep output directory (rows.jsonl, series/), rows .jsonl, or `infersim run --json --full` output')
    .requiredOption('--out <dir>', 'directory to write index.html and plots/ into')
    .option('--title <text>', 'heading of the report (default: the sweep or scenario name)')
    .option('--sla-ms <ms>', 'SLA line of the latency plots (default: from the sweep or the bundled pipeline)')
    .option('--baseline <policy>', 'add each policy\'s difference from this one, paired by seed')
    .option('--pdf', 'a vector PDF next to every SVG (needs the optional packages pdfkit and svg-to-pdfkit)')
    .option('--json', 'print what was written as JSON on stdout: { index, figures: [{ id, title, svg, png?, pdf? }], runs, notes }')
    .action(async (results: string, opts: { out: string; title?: string; slaMs?: string; baseline?: string; pdf?: boolean; json?: boolean }) => {
      let slaMs: number | undefined;
      if (opts.slaMs !== undefined) {
        slaMs = Number(opts.slaMs);
        if (!(slaMs > 0)) throw new InputError([{ path: '--sla-ms', expected: 'a number > 0', received: JSON.stringify(opts.slaMs) }]);
      }
      const written = await writeReport(results, opts.out, { title: opts.title, slaMs, baseline: opts.baseline, pdf: opts.pdf });
      if (opts.json) {
        const figures = written.model.figures.map((f, i) => ({ id: f.id, title: f.title, svg: written.svgs[i], ...(written.pngs[i] ? { png: written.pngs[i] } : {}), ...(written.pdfs[i] ? { pdf: written.pdfs[i] } : {}) }));
        process.stdout.write(JSON.stringify({ index: written.index, figures, runs: written.model.runs, notes: written.model.notes }, null, 2) + '\n');
      } else process.stdout.write(`${written.index} (${written.model.runs} runs, ${written.svgs.length} figures)\n`);
    });
}
