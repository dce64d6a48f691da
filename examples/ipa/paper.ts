/**
 * The paper's stated numbers (`paper-values.json`, each with its provenance) against the measured
 * cells. A number counts as reproduced within 30% (the tolerance for IPA's mean cost); an
 * upper bound ("less than 5%") as reproduced when the measured value stays under it.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRow } from './experiment.js';

/** One stated number of the paper. */
export interface PaperClaim {
  id: string;
  claim: string;
  paper: number;
  unit: string;
  provenance: { kind: string; source: string };
  /**
   * A plotted mean of one cell (`metric` cores or PAS of `policy` on `pipeline` under `workload`):
   * compared within 30%, and in {@link orderAgreement} with the other systems' of the same cell.
   */
  cell?: { pipeline: string; workload: string; policy: string; metric: 'cores' | 'accuracy' };
}

/** A claim next to what the simulator measured. */
export interface ComparisonRow {
  id: string;
  claim: string;
  paper: string;
  measured: string;
  /** `within` (30% or under the bound), `off` (measured but outside), `n/a` (its cells were not run). */
  verdict: 'within' | 'off' | 'n/a';
  source: string;
}

/** Relative tolerance for a stated value. */
export const TOLERANCE = 0.3;

/** The claims of `paper-values.json`. */
export function paperClaims(): PaperClaim[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, 'paper-values.json'), 'utf8')) as { claims: PaperClaim[] }).claims;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean of `field` over the workloads of a (pipeline, policy), or undefined when not run. */
function overWorkloads(cells: readonly CellRow[], pipeline: string, policy: string, field: 'cores' | 'accuracy', workload?: string): number | undefined {
  const xs = cells.filter((c) => c.pipeline === pipeline && c.policy === policy && (workload === undefined || c.workload === workload)).map((c) => c[field]);
  return xs.length ? mean(xs) : undefined;
}

/** Compares every claim with the cells it concerns. */
export function comparePaper(cells: readonly CellRow[]): ComparisonRow[] {
  // IPA's accuracy gain over FA2-low per pipeline (means over workloads), for the abstract's claims.
  const gains = [...new Set(cells.map((c) => c.pipeline))].flatMap((p) => {
    const [ia, fa, ic, fc] = [overWorkloads(cells, p, 'ipa', 'accuracy'), overWorkloads(cells, p, 'fa2-low', 'accuracy'), overWorkloads(cells, p, 'ipa', 'cores'), overWorkloads(cells, p, 'fa2-low', 'cores')];
    return ia && fa && ic && fc ? [{ pipeline: p, gainPct: (ia / fa - 1) * 100, costPct: (ic / fc - 1) * 100 }] : [];
  });
  const best = gains.length ? gains.reduce((a, b) => (b.gainPct > a.gainPct ? b : a)) : undefined;
  const near = (measured: number | undefined, paper: number) => (measured === undefined ? 'n/a' : Math.abs(measured - paper) <= TOLERANCE * paper ? 'within' : 'off');
  return paperClaims().map((c): ComparisonRow => {
    const row = (measured: string, verdict: ComparisonRow['verdict']): ComparisonRow => ({ id: c.id, claim: c.claim, paper: `${c.paper} (${c.unit})`, measured, verdict, source: `${c.provenance.kind}: ${c.provenance.source}` });
    if (c.cell) {
      const { pipeline, workload, policy, metric } = c.cell;
      const m = overWorkloads(cells, pipeline, policy, metric, workload);
      return row(m === undefined ? 'not run' : metric === 'cores' ? `${m.toFixed(1)} cores` : m.toFixed(4), near(m, c.paper));
    }
    switch (c.id) {
      case 'max-accuracy-gain':
        return best ? row(`${best.gainPct.toFixed(1)}% (${best.pipeline})`, near(best.gainPct, c.paper)) : row('not run', 'n/a');
      case 'cost-increase-at-max-gain':
        return best ? row(`${best.costPct.toFixed(1)}% (${best.pipeline})`, best.costPct < c.paper ? 'within' : 'off') : row('not run', 'n/a');
      case 'audio-sent-steady-high-ipa-cores': {
        const m = overWorkloads(cells, 'audio-sent', 'ipa', 'cores', 'steady_high');
        return row(m === undefined ? 'not run' : `${m.toFixed(1)} cores`, near(m, c.paper));
      }
      case 'nlp-rim-flat': {
        const ws = cells.filter((x) => x.pipeline === 'nlp' && x.policy === 'rim');
        if (!ws.length) return row('not run', 'n/a');
        const all = ws.every((x) => near(x.cores, c.paper) === 'within');
        return row(ws.map((x) => `${x.workload} ${x.cores.toFixed(1)}`).join(', '), all ? 'within' : 'off');
      }
      case 'nlp-bursty-ipa-cores': {
        const m = overWorkloads(cells, 'nlp', 'ipa', 'cores', 'bursty');
        return row(m === undefined ? 'not run' : `${m.toFixed(1)} cores`, near(m, c.paper));
      }
      default:
        return row('no rule to measure it', 'n/a');
    }
  });
}

/**
 * How often the simulated systems keep the paper's order, over every pair of systems with a plotted
 * mean (`cell` claims) of the same (pipeline, workload, metric): the ">= 90% of pairs".
 * `undefined` when no cell has two systems with values.
 */
export function orderAgreement(cells: readonly CellRow[], claims: readonly PaperClaim[] = paperClaims()): { agree: number; pairs: number } | undefined {
  const groups = new Map<string, { policy: string; paper: number }[]>();
  for (const c of claims) {
    if (!c.cell) continue;
    const k = `${c.cell.pipeline}/${c.cell.workload}/${c.cell.metric}`;
    groups.set(k, [...(groups.get(k) ?? []), { policy: c.cell.policy, paper: c.paper }]);
  }
  let agree = 0;
  let pairs = 0;
  for (const [k, xs] of groups) {
    const [pipeline, workload, metric] = k.split('/') as [string, string, 'cores' | 'accuracy'];
    const here = (policy: string) => overWorkloads(cells, pipeline, policy, metric, workload);
    for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        const [a, b] = [here(xs[i].policy), here(xs[j].policy)];
        if (a === undefined || b === undefined) continue;
        pairs++;
        if (Math.sign(xs[i].paper - xs[j].paper) === Math.sign(a - b)) agree++;
      }
    }
  }
  return pairs ? { agree, pairs } : undefined;
}

/** The comparison as a markdown table. */
export function markdownComparison(rows: readonly ComparisonRow[]): string {
  const lines = ['| claim | paper | here | verdict |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.claim} | ${r.paper} | ${r.measured} | ${r.verdict} |`);
  lines.push('', 'Sources:', '', ...rows.map((r) => `- ${r.id}: ${r.source}`));
  return lines.join('\n') + '\n';
}
