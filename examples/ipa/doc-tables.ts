/**
 * The derived tables of docs/reproducing-ipa-results.md, from the committed results (no
 * simulation): the request-weighted against the plotted PAS, the per-pipeline comparison with the paper (paper.ts), which cells IPA's per-run settings change (`results/pipeline-settings/cells.csv`
 * against `results/cells.csv`) and energy-aware IPA against IPA (`results/energy/cells.csv`).
 *
 *     npx tsx examples/ipa/doc-tables.ts        # prints both, as the doc embeds them
 *
 * `test/experiment/ipa-doc-tables.test.ts` checks the doc's blocks against this output.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownAgreement, pipelineAgreement } from './paper.js';

/** One row of a `cells.csv` (only the columns the tables use). */
interface Cell {
  pipeline: string;
  workload: string;
  policy: string;
  accuracy: number;
  /** IPA's figure's PAS (`figure-metrics.ts`), when the file has the column. */
  plottedAccuracy?: number;
  cores: number;
  /** IPA's figure's cost (`figure-metrics.ts`), when the file has the column. */
  plottedCores?: number;
  slaViolationRate: number;
  p99Ms: number;
  energyKJ: number;
}

const results = join(import.meta.dirname, 'results');

/** Reads a `cells.csv` written by `run.ts` (no quoted fields: names have no commas). */
export function readCells(file: string): Cell[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((line) => {
    const v = line.split(',');
    const get = (k: string) => v[cols.indexOf(k)];
    return {
      pipeline: get('pipeline'),
      workload: get('workload'),
      policy: get('policy'),
      accuracy: Number(get('accuracy')),
      ...(cols.includes('plottedAccuracy') ? { plottedAccuracy: Number(get('plottedAccuracy')) } : {}),
      cores: Number(get('cores')),
      ...(cols.includes('plottedCores') ? { plottedCores: Number(get('plottedCores')) } : {}),
      slaViolationRate: Number(get('slaViolationRate')),
      p99Ms: Number(get('p99Ms')),
      energyKJ: Number(get('energyKJ')),
    };
  });
}

const key = (c: Cell) => `${c.pipeline}/${c.workload}/${c.policy}`;

/** Cells whose PAS, cores or SLA violations differ (as printed) between one setting per pipeline and IPA's per-run settings. */
export function perRunTable(pipelineSettings: readonly Cell[], perRun: readonly Cell[]): string {
  const before = new Map(pipelineSettings.map((c) => [key(c), c]));
  const lines = ['| pipeline | workload | policy | PAS | cores | SLA viol. % |', '|---|---|---|---|---|---|'];
  for (const a of perRun) {
    const b = before.get(key(a));
    if (!b) continue;
    const f = [
      [b.accuracy.toFixed(4), a.accuracy.toFixed(4)],
      [b.cores.toFixed(2), a.cores.toFixed(2)],
      [(100 * b.slaViolationRate).toFixed(2), (100 * a.slaViolationRate).toFixed(2)],
    ];
    if (f.every(([x, y]) => x === y)) continue;
    lines.push(`| ${a.pipeline} | ${a.workload} | ${a.policy} | ${f.map(([x, y]) => `${x} → ${y}`).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** `ipa` against `ipa-energy` per cell, energy with its relative change. */
export function energyTable(cells: readonly Cell[]): string {
  const by = new Map(cells.map((c) => [key(c), c]));
  const lines = [
    '| pipeline | workload | PAS ipa | PAS ipa-energy | cores ipa | cores ipa-energy | energy kJ ipa | energy kJ ipa-energy | p99 ms ipa | p99 ms ipa-energy |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const a of cells.filter((c) => c.policy === 'ipa')) {
    const e = by.get(`${a.pipeline}/${a.workload}/ipa-energy`);
    if (!e) continue;
    const pct = (100 * (e.energyKJ / a.energyKJ - 1)).toFixed(1);
    lines.push(
      `| ${a.pipeline} | ${a.workload} | ${a.accuracy.toFixed(4)} | ${e.accuracy.toFixed(4)} | ${a.cores.toFixed(2)} | ${e.cores.toFixed(2)} | ${a.energyKJ.toFixed(1)} | ${e.energyKJ.toFixed(1)} (${Number(pct) >= 0 ? '+' : ''}${pct}%) | ${a.p99Ms.toFixed(0)} | ${e.p99Ms.toFixed(0)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Per pipeline and policy, the mean over the workloads of the request-weighted PAS (`accuracy`) and
 * of the PAS IPA's figures plot (`plottedAccuracy`, per 10 s decision), with IPA's gain over FA2-low
 * on each. Cells without `plottedAccuracy` are left out.
 */
export function pasTable(cells: readonly Cell[]): string {
  const lines = ['| pipeline | policy | PAS (request-weighted) | plotted PAS (per decision) | plotted - request-weighted |', '|---|---|---:|---:|---:|'];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const withPlot = cells.filter((c) => c.plottedAccuracy !== undefined);
  const gains: string[] = [];
  for (const p of [...new Set(withPlot.map((c) => c.pipeline))]) {
    const of = (policy: string) => withPlot.filter((c) => c.pipeline === p && c.policy === policy);
    const m = (policy: string, k: 'accuracy' | 'plottedAccuracy') => mean(of(policy).map((c) => c[k] as number));
    for (const policy of [...new Set(withPlot.filter((c) => c.pipeline === p).map((c) => c.policy))]) {
      const [a, b] = [m(policy, 'accuracy'), m(policy, 'plottedAccuracy')];
      const d = Math.abs(b - a) < 5e-5 ? 0 : b - a;
      lines.push(`| ${p} | ${policy} | ${a.toFixed(4)} | ${b.toFixed(4)} | ${d > 0 ? '+' : ''}${d.toFixed(4)} |`);
    }
    if (of('ipa').length && of('fa2-low').length) {
      const pct = (k: 'accuracy' | 'plottedAccuracy') => `${(100 * (m('ipa', k) / m('fa2-low', k) - 1)).toFixed(1)}%`;
      gains.push(`| ${p} | ${pct('accuracy')} | ${pct('plottedAccuracy')} |`);
    }
  }
  return lines.join('\n') + '\n\nIPA over FA2-low (means over the workloads):\n\n| pipeline | request-weighted PAS | plotted PAS |\n|---|---:|---:|\n' + gains.join('\n') + '\n';
}

/** The derived tables from the committed results (`agreement`: per pipeline against the paper, paper.ts; `pas`: request-weighted against plotted PAS). */
export function docTables(): { perRun: string; energy: string; agreement: string; pas: string } {
  return {
    pas: pasTable(readCells(join(results, 'cells.csv'))),
    agreement: markdownAgreement(pipelineAgreement(readCells(join(results, 'cells.csv')))),
    perRun: perRunTable(readCells(join(results, 'pipeline-settings', 'cells.csv')), readCells(join(results, 'cells.csv'))),
    energy: energyTable(readCells(join(results, 'energy', 'cells.csv'))),
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const t = docTables();
  console.log('<!-- pas -->\n' + t.pas + '<!-- /pas -->\n\n<!-- agreement -->\n' + t.agreement + '<!-- /agreement -->\n\n<!-- per-run -->\n' + t.perRun + '<!-- /per-run -->\n\n<!-- energy -->\n' + t.energy + '<!-- /energy -->');
}
