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

/**
 * What the comparison reads of a cell (a run.ts cell, or a row of a committed `cells.csv`). The
 * paper's numbers were read off its figures, so a cost is compared with `plottedCores` and a PAS
 * with `plottedAccuracy` (what IPA's figure notebook plots for the pipeline, per 10 s decision,
 * `figure-metrics.ts`) where the cell has them, else with `cores` and `accuracy`.
 */
export type CellValues = Pick<CellRow, 'pipeline' | 'workload' | 'policy' | 'cores' | 'accuracy'> & { plottedCores?: number; plottedAccuracy?: number };

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
  /**
   * An inferred mean over the four workloads of one (pipeline, policy, metric), kind `inferred`:
   * not a number the paper states (see its provenance).
   */
  pipelineMean?: { pipeline: string; policy: string; metric: 'cores' | 'accuracy' };
  /** The values an inferred claim could have (e.g. the paper above or below ours by a stated error). */
  candidates?: number[];
  /** The candidate the evidence favours, or null when nothing says which. */
  favoured?: number | null;
}

/** A claim next to what the simulator measured. */
export interface ComparisonRow {
  id: string;
  claim: string;
  paper: string;
  measured: string;
  /**
   * `within` (30% or under the bound; for an inferred claim: of the favoured candidate, or of every
   * candidate when none is favoured), `one of` (inferred, no candidate favoured: within 30% of some
   * but not all), `off` (measured but outside), `n/a` (its cells were not run).
   */
  verdict: 'within' | 'one of' | 'off' | 'n/a';
  source: string;
}

/** Relative tolerance for a stated value. */
export const TOLERANCE = 0.3;

/** The claims of `paper-values.json`. */
export function paperClaims(): PaperClaim[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, 'paper-values.json'), 'utf8')) as { claims: PaperClaim[] }).claims;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A cell's cost or PAS as the paper's figures plot them (`plottedCores`, `plottedAccuracy` when present). */
function valueOf(c: CellValues, field: 'cores' | 'accuracy'): number {
  return field === 'cores' ? (c.plottedCores ?? c.cores) : (c.plottedAccuracy ?? c.accuracy);
}

/** Mean of `field` over the workloads of a (pipeline, policy), or undefined when not run. */
function overWorkloads(cells: readonly CellValues[], pipeline: string, policy: string, field: 'cores' | 'accuracy', workload?: string): number | undefined {
  const xs = cells.filter((c) => c.pipeline === pipeline && c.policy === policy && (workload === undefined || c.workload === workload)).map((c) => valueOf(c, field));
  return xs.length ? mean(xs) : undefined;
}

/** Compares every claim with the cells it concerns. */
export function comparePaper(cells: readonly CellValues[]): ComparisonRow[] {
  // IPA's accuracy gain over FA2-low per pipeline (means over workloads), for the abstract's claims.
  const gains = [...new Set(cells.map((c) => c.pipeline))].flatMap((p) => {
    const [ia, fa, ic, fc] = [overWorkloads(cells, p, 'ipa', 'accuracy'), overWorkloads(cells, p, 'fa2-low', 'accuracy'), overWorkloads(cells, p, 'ipa', 'cores'), overWorkloads(cells, p, 'fa2-low', 'cores')];
    return ia && fa && ic && fc ? [{ pipeline: p, gainPct: (ia / fa - 1) * 100, costPct: (ic / fc - 1) * 100 }] : [];
  });
  const best = gains.length ? gains.reduce((a, b) => (b.gainPct > a.gainPct ? b : a)) : undefined;
  const near = (measured: number | undefined, paper: number) => (measured === undefined ? 'n/a' : Math.abs(measured - paper) <= TOLERANCE * paper ? 'within' : 'off');
  return paperClaims().map((c): ComparisonRow => {
    const row = (measured: string, verdict: ComparisonRow['verdict']): ComparisonRow => ({ id: c.id, claim: c.claim, paper: `${c.paper} (${c.unit})`, measured, verdict, source: `${c.provenance.kind}: ${c.provenance.source}` });
    if (c.pipelineMean) {
      const { pipeline, policy, metric } = c.pipelineMean;
      const m = overWorkloads(cells, pipeline, policy, metric);
      if (m === undefined) return row('not run', 'n/a');
      const v = inferredVerdict(m, c);
      const paper = c.favoured === undefined || c.favoured === null ? (c.candidates ?? [c.paper]).join(' or ') : `${c.favoured}`;
      return { ...row(`${m.toFixed(metric === 'cores' ? 1 : 4)} (${v.errors})`, v.verdict), paper: `${paper} (${c.unit}; inferred)` };
    }
    if (c.cell) {
      const { pipeline, workload, policy, metric } = c.cell;
      const m = overWorkloads(cells, pipeline, policy, metric, workload);
      return row(m === undefined ? 'not run' : metric === 'cores' ? `${m.toFixed(1)} cores` : m.toFixed(4), near(m, c.paper));
    }
    switch (c.id) {
      case 'max-accuracy-gain':
      case 'max-accuracy-gain-v3':
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
        const all = ws.every((x) => near(valueOf(x, 'cores'), c.paper) === 'within');
        return row(ws.map((x) => `${x.workload} ${valueOf(x, 'cores').toFixed(1)}`).join(', '), all ? 'within' : 'off');
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

/** Relative error of `here` against each candidate of an inferred claim, and its verdict. */
export function inferredVerdict(here: number, c: Pick<PaperClaim, 'paper' | 'candidates' | 'favoured'>): { verdict: ComparisonRow['verdict']; errors: string } {
  const candidates = c.candidates ?? [c.paper];
  const err = (x: number) => (here - x) / x;
  const within = (x: number) => Math.abs(err(x)) <= TOLERANCE;
  const pct = (x: number) => `${err(x) >= 0 ? '+' : ''}${(100 * err(x)).toFixed(0)}% vs ${x}${x === c.favoured ? ' (favoured)' : ''}`;
  const errors = candidates.map(pct).join(', ');
  if (c.favoured !== undefined && c.favoured !== null) return { verdict: within(c.favoured) ? 'within' : 'off', errors };
  const n = candidates.filter(within).length;
  return { verdict: n === candidates.length ? 'within' : n > 0 ? 'one of' : 'off', errors };
}

/**
 * How often the simulated systems keep the paper's order, over every pair of systems with a plotted
 * mean (`cell` claims) of the same (pipeline, workload, metric): the ">= 90% of pairs".
 * `undefined` when no cell has two systems with values.
 */
export function orderAgreement(cells: readonly CellValues[], claims: readonly PaperClaim[] = paperClaims()): { agree: number; pairs: number } | undefined {
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

/** Per pipeline: the pair orders kept and IPA's cost error per workload against the plotted means. */
export interface PipelineAgreement {
  pipeline: string;
  /** Pairs of systems (same workload) whose order of mean cores is the paper's, of those with both values. */
  cost: { agree: number; pairs: number };
  /** The same for mean PAS. */
  accuracy: { agree: number; pairs: number };
  /** IPA's mean cores against the paper's, per workload with a plotted value: (here - paper) / paper. */
  ipaCostError: { workload: string; paper: number; here: number; error: number }[];
  /** IPA's mean cores over the workloads against an inferred target (`pipelineMean` claims), if any. */
  ipaMeanCost?: { here: number; verdict: ComparisonRow['verdict']; errors: string };
}

/**
 * The per-pipeline targets, from the `cell` claims: for every (workload, metric) the pairs of
 * systems with a plotted mean whose simulated order is the paper's (a tie in the paper counts as
 * kept when the simulated values are within 2% of each other), and IPA's relative cost error per
 * workload. Pipelines without any plotted mean are left out.
 */
export function pipelineAgreement(cells: readonly CellValues[], claims: readonly PaperClaim[] = paperClaims()): PipelineAgreement[] {
  const out: PipelineAgreement[] = [];
  const claimed = new Set(claims.flatMap((c) => (c.cell ? [c.cell.pipeline] : c.pipelineMean ? [c.pipelineMean.pipeline] : [])));
  // In the cells' order (run.ts: video, audio-qa, audio-sent, sum-qa, nlp), then any others claimed.
  for (const pipeline of new Set([...cells.map((c) => c.pipeline).filter((p) => claimed.has(p)), ...claimed])) {
    const row: PipelineAgreement = { pipeline, cost: { agree: 0, pairs: 0 }, accuracy: { agree: 0, pairs: 0 }, ipaCostError: [] };
    const inferred = claims.find((c) => c.pipelineMean?.pipeline === pipeline && c.pipelineMean.policy === 'ipa' && c.pipelineMean.metric === 'cores');
    const ipaMean = overWorkloads(cells, pipeline, 'ipa', 'cores');
    if (inferred && ipaMean !== undefined) row.ipaMeanCost = { here: ipaMean, ...inferredVerdict(ipaMean, inferred) };
    for (const metric of ['cores', 'accuracy'] as const) {
      const mine = claims.filter((c) => c.cell?.pipeline === pipeline && c.cell.metric === metric);
      for (const workload of [...new Set(mine.map((c) => c.cell!.workload))]) {
        const xs = mine.filter((c) => c.cell!.workload === workload).flatMap((c) => {
          const here = overWorkloads(cells, pipeline, c.cell!.policy, metric, workload);
          return here === undefined ? [] : [{ policy: c.cell!.policy, paper: c.paper, here }];
        });
        const tally = metric === 'cores' ? row.cost : row.accuracy;
        for (let i = 0; i < xs.length; i++) {
          for (let j = i + 1; j < xs.length; j++) {
            tally.pairs++;
            const paperSign = Math.sign(xs[i].paper - xs[j].paper);
            const near = Math.abs(xs[i].here - xs[j].here) <= 0.02 * Math.max(xs[i].here, xs[j].here);
            if (paperSign === 0 ? near : paperSign === Math.sign(xs[i].here - xs[j].here)) tally.agree++;
          }
        }
        const ipa = xs.find((x) => x.policy === 'ipa');
        if (metric === 'cores' && ipa) row.ipaCostError.push({ workload, paper: ipa.paper, here: ipa.here, error: (ipa.here - ipa.paper) / ipa.paper });
      }
    }
    out.push(row);
  }
  return out;
}

/** {@link pipelineAgreement} as a markdown table (orders in %, IPA's cost error per workload). */
export function markdownAgreement(rows: readonly PipelineAgreement[]): string {
  const pct = (t: { agree: number; pairs: number }) => (t.pairs ? `${((100 * t.agree) / t.pairs).toFixed(0)}% (${t.agree}/${t.pairs})` : 'no pairs');
  const lines = ['| pipeline | cost order kept | PAS order kept | IPA cost error per workload (stated cells) | IPA mean cost vs inferred target | verdict (30%) |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const errs = r.ipaCostError.map((e) => `${e.workload} ${e.error >= 0 ? '+' : ''}${(100 * e.error).toFixed(0)}% (${e.here.toFixed(1)} vs ${e.paper})`).join(', ') || 'no plotted IPA cost';
    const mean = r.ipaMeanCost ? `${r.ipaMeanCost.here.toFixed(1)}: ${r.ipaMeanCost.errors}` : 'no inferred target';
    lines.push(`| ${r.pipeline} | ${pct(r.cost)} | ${pct(r.accuracy)} | ${errs} | ${mean} | ${r.ipaMeanCost?.verdict ?? 'n/a'} |`);
  }
  return lines.join('\n') + '\n';
}

/** The comparison as a markdown table. */
export function markdownComparison(rows: readonly ComparisonRow[]): string {
  const lines = ['| claim | paper | here | verdict |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.claim} | ${r.paper} | ${r.measured} | ${r.verdict} |`);
  lines.push('', 'Sources:', '', ...rows.map((r) => `- ${r.id}: ${r.source}`));
  return lines.join('\n') + '\n';
}
