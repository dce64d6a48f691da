import type { TopLevelSpec } from './plots/vega-lite-spec.js';
import type { LatencyQuantiles } from '../metrics/latency-quantiles.js';
import type { Series } from '../metrics/types.js';
import { accuracyPlot } from './plots/accuracy-plot.js';
import { latencyCdfPlot } from './plots/latency-cdf-plot.js';
import { latencyPlot } from './plots/latency-plot.js';
import { loadCoresPlot } from './plots/load-cores-plot.js';
import { paramPlot } from './plots/param-plot.js';
import { paretoPlot } from './plots/pareto-plot.js';
import { powerPlot } from './plots/power-plot.js';
import type { LabelledLatencyQuantiles } from './plots/latency-cdf-plot.js';
import type { LabelledSeries } from './plots/types.js';
import { compare, paramColumnsOf } from './compare.js';
import type { MeanCI } from './mean-ci.js';

/** A row as the report reads it: a sweep row (see `SweepRow`) or any record with its columns. */
export type ReportRow = Record<string, unknown>;

/** One group of runs (a policy under a workload, with its parameter values) and its metrics across seeds. */
export interface ReportGroup {
  policy: string;
  workload: string;
  /** Values of the sweep's parameter columns. */
  params: Record<string, unknown>;
  /** The policy, then its parameter values: the name of its lines and points in the figures. */
  label: string;
  runs: number;
  /** Mean and 95% CI across seeds of each metric (from `compare`). */
  metrics: Record<string, MeanCI>;
  /** On the accuracy (max) / cores (min) Pareto front of its workload. */
  paretoOptimal: boolean;
  /** With a baseline: the difference from the baseline's group, paired by seed (common random numbers). */
  paired?: Record<string, MeanCI>;
}

/** A metric column of the report's tables, with how to show it. */
export interface ReportMetric {
  column: string;
  title: string;
  /** `percent` shows a rate in [0, 1] as %, otherwise the number of decimals. */
  format: 'percent' | number;
  /** Factor applied before showing (e.g. 1e-3 for J -> kJ); default 1. */
  scale?: number;
}

/** The metrics the tables show, in order. */
export const REPORT_METRICS: readonly ReportMetric[] = [
  { column: 'slaViolationRate', title: 'SLA violations', format: 'percent' },
  { column: 'latencyP99Ms', title: 'p99 latency (ms)', format: 1 },
  { column: 'latencyMeanMs', title: 'mean latency (ms)', format: 1 },
  { column: 'accuracy', title: 'accuracy', format: 4 },
  { column: 'costCores', title: 'cores', format: 2 },
  { column: 'energyJ', title: 'energy (kJ)', format: 1, scale: 1e-3 },
  { column: 'dropped', title: 'dropped', format: 1 },
];

/** What a report is made from: a sweep's rows and series, or one run's. */
export interface ReportInput {
  /** Heading: the sweep's name or the scenario's. */
  title: string;
  /** Where the results came from (shown in the header). */
  source?: string;
  /** One tidy row per run (a sweep's `rows.jsonl`). */
  rows: readonly ReportRow[];
  /** Time series by `runId`; time plots are left out for runs without one. */
  series?: Readonly<Record<string, Series>>;
  /**
   * Per-request latency quantile grids by `runId` (a sweep saves one with each series): the latency
   * CDF is drawn from them, and left out for runs without one.
   */
  latency?: Readonly<Record<string, LatencyQuantiles>>;
  /** SLA in ms for the latency plots' line. */
  slaMs?: number;
  /** A policy label: the tables add each other policy's difference from it, paired by seed. */
  baseline?: string;
  /** infersim version that made the report. */
  version: string;
  /** ISO date of the report (given, so a report is a pure function of its input). */
  generatedAt: string;
}

/** One figure of a report: a Vega-Lite spec with its title and caption. */
export interface ReportFigure {
  /** Unique within the report; also the SVG's file name. */
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** Everything a report page shows, as data (rendered to HTML by `reportHtml`). */
export interface ReportModel {
  title: string;
  source?: string;
  version: string;
  generatedAt: string;
  runs: number;
  seeds: (string | number)[];
  policies: string[];
  workloads: string[];
  params: string[];
  metrics: readonly ReportMetric[];
  /** Per policy x workload x parameters, in order of first appearance. */
  groups: ReportGroup[];
  /** The baseline policy of the paired differences, if any. */
  baseline?: string;
  figures: ReportFigure[];
  /** Remarks on what was left out or chosen (e.g. which seed the time plots show). */
  notes: string[];
}

/** Panel size of the report's figures: wider than the default, the page has room. */
const FIG = { width: 760, height: 220 };

/** At most this many lines per time plot: tableau10 has ten colours, and more is unreadable. */
const MAX_LINES = 10;

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

function distinct<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Builds a report's content from rows and series: the tables (per policy x workload x parameters:
 * mean and 95% CI of each metric over seeds, from `compare`; with a baseline, paired differences), the figures per workload (load and cores, accuracy,
 * p99 against the SLA, power, latency CDF, and the accuracy/cores Pareto front across groups) and
 * the header's provenance. Browser-safe and pure; `writeReport` in `infersim/node` renders it.
 *
 * @example
 * ```ts
 * import { buildReport, reportHtml } from 'infersim';
 * const model = buildReport({ title: 'my sweep', rows, series, version: '0.1.0', generatedAt: new Date().toISOString() });
 * model.groups.map((g) => [g.label, g.metrics.latencyP99Ms.mean]);
 * ```
 */
export function buildReport(input: ReportInput): ReportModel {
  const rows = input.rows;
  const params = paramColumnsOf(rows);
  const groups = reportGroups(rows, params, input.baseline);
  const workloads = distinct(rows.map((r) => String(r.workload ?? '')));
  const notes: string[] = [];
  const figures: ReportFigure[] = [];
  const series = input.series ?? {};
  const latency = input.latency ?? {};
  let shownSeed: string | undefined;
  let cdfLeftOut = false;

  for (const workload of workloads) {
    const inWorkload = groups.filter((g) => g.workload === workload);
    const wl = workloads.length > 1 ? `, ${workload}` : '';
    // Ids name the workload only when there are several, to keep file names short.
    const base = workloads.length > 1 ? `${slug(workload)}-` : '';
    // One run per group for the time plots: the first seed that has a series.
    const lines: LabelledSeries[] = [];
    const grids: LabelledLatencyQuantiles[] = [];
    for (const g of inWorkload) {
      const row = rows.find(
        (r) => String(r.workload) === workload && String(r.policy) === g.policy && params.every((p) => JSON.stringify(r[p] ?? null) === JSON.stringify(g.params[p])) && series[String(r.runId)],
      );
      if (row) {
        lines.push({ label: g.label, series: series[String(row.runId)] });
        shownSeed ??= String(row.seed);
        const q = latency[String(row.runId)];
        if (q && q.count > 0) grids.push({ label: g.label, latency: q });
      }
    }
    if (lines.length > MAX_LINES) {
      notes.push(`${workload}: time plots show the first ${MAX_LINES} of ${lines.length} groups.`);
      lines.length = MAX_LINES;
    }
    grids.splice(MAX_LINES);
    if (lines.length > 0) {
      const maxP99 = Math.max(...lines.flatMap((l) => l.series.p99LatencyMs.filter(Number.isFinite)));
      const logY = input.slaMs !== undefined && maxP99 > 20 * input.slaMs;
      figures.push(
        { id: `${base}load-cores`, title: `Load and cores${wl}`, caption: 'Arrival rate (top) and cores allocated per policy (bottom), per series interval.', spec: loadCoresPlot(lines, FIG) },
        { id: `${base}accuracy`, title: `Accuracy${wl}`, caption: 'Mean accuracy (PAS) of the requests completed in each interval.', spec: accuracyPlot(lines, FIG) },
        {
          id: `${base}p99`,
          title: `p99 latency${wl}`,
          caption: `p99 end-to-end latency of the requests completed in each interval${input.slaMs !== undefined ? `, against the SLA (${input.slaMs} ms)` : ''}${logY ? '; log scale' : ''}.`,
          spec: latencyPlot(lines, { ...FIG, slaMs: input.slaMs, logY }),
        },
      );
      if (lines.some((l) => l.series.powerW.some((w) => w > 0))) {
        figures.push({ id: `${base}power`, title: `Power${wl}`, caption: 'Mean power (idle + dynamic) in each interval.', spec: powerPlot(lines, FIG) });
      }
      // Per-request latencies only: a CDF of per-interval means would understate the tail.
      if (grids.length > 0) {
        figures.push({
          id: `${base}latency-cdf`,
          title: `Latency distribution${wl}`,
          caption: `CDF of end-to-end latency of the requests completed after the warm-up, per request, for the run the time plots show; drawn from its quantiles in steps of 0.001, so at 0.99 it reads that run's p99.${streamingNote(grids)}`,
          spec: latencyCdfPlot(grids, { ...FIG, slaMs: input.slaMs }),
        });
      } else cdfLeftOut = true;
    }
    figures.push(...paramFigures(rows.filter((r) => String(r.workload ?? '') === workload), params, base, wl));
    const points = inWorkload
      .filter((g) => Number.isFinite(g.metrics.accuracy?.mean) && Number.isFinite(g.metrics.costCores?.mean))
      .map((g) => ({ policy: g.label, accuracy: g.metrics.accuracy.mean, costCores: g.metrics.costCores.mean, latencyP99Ms: g.metrics.latencyP99Ms?.mean, runs: g.runs }));
    if (points.length >= 2) {
      figures.push({
        id: `${base}pareto`,
        title: `Accuracy against cores${wl}`,
        caption: 'Mean over seeds per group; outlined points are the Pareto front (higher accuracy, fewer cores).',
        spec: paretoPlot(points, {
          ...FIG,
          height: 320,
          x: { field: 'costCores', goal: 'min', title: 'cores (time average)' },
          y: { field: 'accuracy', goal: 'max', title: 'accuracy' },
          tooltip: ['latencyP99Ms', 'runs'],
        }),
      });
    }
  }
  if (cdfLeftOut) notes.push('No per-request latency distribution in the results (a sweep saves one with "output": { "series": true }; `infersim run --json --full` prints one): the latency CDF is left out.');
  if (input.slaMs === undefined && figures.length > 0) notes.push('No SLA known for these results (a run result does not carry its scenario): pass --sla-ms to draw it.');
  if (Object.keys(series).length === 0) notes.push('No time series in the results (a sweep writes them with "output": { "series": true }): time plots are left out.');
  else if (shownSeed !== undefined && distinct(rows.map((r) => String(r.seed))).length > 1) notes.push(`Time plots show one run per group: the first seed with a saved series (seed ${shownSeed} where all have it).`);

  return {
    title: input.title,
    source: input.source,
    version: input.version,
    generatedAt: input.generatedAt,
    runs: rows.length,
    seeds: distinct(rows.map((r) => r.seed)).filter((s): s is string | number => typeof s === 'string' || typeof s === 'number'),
    policies: distinct(rows.map((r) => String(r.policy ?? ''))),
    workloads,
    params,
    metrics: REPORT_METRICS,
    groups,
    baseline: input.baseline,
    figures,
    notes,
  };
}

/** The metrics drawn against a swept parameter, in this order, when the rows have them. */
const PARAM_PLOT_METRICS = ['slaViolationRate', 'latencyP99Ms', 'costCores', 'accuracy'];

/**
 * Per swept parameter with at least two values: the key metrics against it, mean and 95% CI across
 * seeds, one line per policy (and values of the other parameters, which would otherwise be mixed).
 */
function paramFigures(rows: readonly ReportRow[], params: string[], base: string, wl: string): ReportFigure[] {
  const out: ReportFigure[] = [];
  for (const param of params) {
    const values = distinct(rows.map((r) => JSON.stringify(r[param] ?? null))).filter((v) => v !== 'null');
    if (values.length < 2) continue;
    const others = params.filter((p) => p !== param);
    const lined = rows.map((r) => ({ ...r, line: plotLabel(String(r.policy), Object.fromEntries(others.map((p) => [p, r[p] ?? null]))) }));
    const metrics = PARAM_PLOT_METRICS.filter((m) => rows.some((r) => typeof r[m] === 'number'));
    if (metrics.length === 0) continue;
    const metricTitles = Object.fromEntries(REPORT_METRICS.map((m) => [m.column, m.title]));
    out.push({
      id: `${base}param-${slug(param)}`,
      title: `Metrics against ${param}${wl}`,
      caption: `Mean over seeds per policy, with 95% confidence intervals, at each value of ${param}.`,
      spec: paramPlot(lined, { param, metrics, metricTitles, by: 'line', width: FIG.width, height: 180 }),
    });
  }
  return out;
}

/**
 * The table's groups from `compare`: means and CIs per policy x workload x parameters, the
 * accuracy/cores Pareto front per workload, and paired differences against the baseline.
 */
function reportGroups(rows: readonly ReportRow[], params: string[], baseline: string | undefined): ReportGroup[] {
  if (rows.length === 0) return [];
  const present = REPORT_METRICS.map((m) => m.column).filter((c) => rows.some((r) => c in r));
  const pareto = present.includes('accuracy') && present.includes('costCores') ? 'accuracy:max,costCores:min' : undefined;
  const c = compare(rows, { metrics: present, baseline, pareto });
  return c.groups.map((g) => {
    const own = Object.fromEntries(params.map((p) => [p, g.key[p] ?? null]));
    const policy = String(g.key.policy);
    return {
      policy,
      workload: String(g.key.workload),
      params: own,
      label: plotLabel(policy, own),
      runs: g.runs,
      metrics: g.metrics,
      paretoOptimal: g.paretoOptimal ?? false,
      paired: c.paired.find((p) => p.label === g.label)?.metrics,
    };
  });
}

/** `ipa` or `ipa (cluster.cores=16)`: the workload is left out, since figures are per workload. */
function plotLabel(policy: string, params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? `${policy} (${parts.join(', ')})` : policy;
}

/** What the CDF caption says of grids from streaming runs' histograms (approximate within a bound). */
function streamingNote(grids: readonly LabelledLatencyQuantiles[]): string {
  const bound = Math.max(0, ...grids.map((g) => g.latency.relativeError ?? 0));
  return bound > 0 ? ` Streaming runs' quantiles come from their latency histogram, within ${+(bound * 100).toPrecision(3)} % of the exact ones.` : '';
}
