import { InputError, type InputIssue } from '../errors.js';
import { closest } from '../util/closest.js';
import { meanCI, type MeanCI } from './mean-ci.js';
import { paretoFront, parseObjectives, type Objective } from './pareto.js';
import { ID_COLUMNS, METRIC_COLUMNS, WALL_CLOCK_COLUMNS } from './row.js';

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Metric columns to summarise (default {@link DEFAULT_COMPARE_METRICS}). */
  metrics?: readonly string[];
  /** A policy label: every other policy gets paired differences against it. */
  baseline?: string;
  /** Columns whose values form a group (default: policy, workload and every parameter column). */
  by?: readonly string[];
  /** Objectives of a Pareto front over the group means, within each group of `by` less `policy`: objects or `"accuracy:max,costCores:min"`. */
  pareto?: readonly Objective[] | string;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
}

/** One group (by default a policy under a workload) and its metrics across seeds. */
export interface ComparisonGroup {
  /** The group's value of each `by` column. */
  key: Record<string, unknown>;
  /** The key as text: `ipa, bursty, cluster.cores=16`. */
  label: string;
  /** Rows in the group. */
  runs: number;
  /** Mean, sd, n and confidence interval of each metric. */
  metrics: Record<string, MeanCI>;
  /** Whether the group is on its Pareto front (when objectives were given). */
  paretoOptimal?: boolean;
}

/**
 * Paired differences `group - baseline` over the seeds both have (common random numbers: the same
 * seed gives both policies the same arrivals, so the difference has far less noise than either).
 */
export interface PairedDifference {
  key: Record<string, unknown>;
  label: string;
  /** Label of the baseline group it is paired with. */
  baselineLabel: string;
  /** Mean, sd, n (common seeds) and confidence interval of the per-seed difference of each metric. */
  metrics: Record<string, MeanCI>;
}

/** A Pareto front within one group of the non-policy `by` columns (e.g. one workload). */
export interface ParetoSet {
  within: Record<string, unknown>;
  label: string;
  /** Labels of the groups on the front, in group order. */
  members: string[];
}

/** What {@link compare} returns: plain data for notebooks, and the input of {@link formatComparison}. */
export interface Comparison {
  by: string[];
  metrics: string[];
  level: number;
  baseline?: string;
  groups: ComparisonGroup[];
  paired: PairedDifference[];
  pareto?: { objectives: Objective[]; fronts: ParetoSet[] };
}

/** Metrics compared when none are named. */
export const DEFAULT_COMPARE_METRICS = ['slaViolationRate', 'latencyP99Ms', 'accuracy', 'costCores', 'energyJ'] as const;

/** Columns of `rows` that are sweep parameters: neither ids, metrics nor wall-clock columns. */
export function paramColumnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const known = new Set<string>([...ID_COLUMNS, ...METRIC_COLUMNS, ...WALL_CLOCK_COLUMNS]);
  const out = new Set<string>();
  for (const r of rows) for (const c of Object.keys(r)) if (!known.has(c)) out.add(c);
  return [...out];
}

/**
 * Compares the rows of a sweep (from `readRows`): per group (policy and workload by default) and
 * metric, the mean across seeds with its Student-t confidence interval; with a `baseline`, paired
 * differences against it over common seeds; with `pareto` objectives, the non-dominated groups.
 *
 * ```ts
 * const c = compare(readRows('out'), { baseline: 'ipa', pareto: 'accuracy:max,costCores:min' });
 * c.groups.map((g) => [g.label, g.metrics.latencyP99Ms.mean, g.metrics.latencyP99Ms.halfWidth]);
 * ```
 */
export function compare(rows: readonly Record<string, unknown>[], options: CompareOptions = {}): Comparison {
  const level = options.level ?? 0.95;
  const params = paramColumnsOf(rows);
  const by = [...(options.by ?? ['policy', 'workload', ...params])];
  const objectives = typeof options.pareto === 'string' ? parseObjectives(options.pareto) : [...(options.pareto ?? [])];
  const asked = [...(options.metrics ?? DEFAULT_COMPARE_METRICS.filter((m) => rows.some((r) => m in r)))];
  const metrics = [...new Set([...asked, ...objectives.map((o) => o.metric)])];
  check(rows, by, metrics, options.baseline, level);

  // Rows of one group that share a seed differ in a parameter left out of `by`: pairing must match it too.
  const pairColumns = ['seed', ...params.filter((p) => !by.includes(p))];
  const keyOf = (r: Record<string, unknown>, cols: readonly string[]): string => JSON.stringify(cols.map((c) => r[c] ?? null));

  const groupRows = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = keyOf(r, by);
    const list = groupRows.get(k);
    if (list) list.push(r);
    else groupRows.set(k, [r]);
  }
  const groups: ComparisonGroup[] = [...groupRows.values()].map((list) => {
    const key = Object.fromEntries(by.map((c) => [c, list[0][c]]));
    return { key, label: labelOf(key), runs: list.length, metrics: Object.fromEntries(metrics.map((m) => [m, meanCI(list.map((r) => r[m]), level)])) };
  });

  const paired: PairedDifference[] = [];
  if (options.baseline !== undefined) {
    for (const [k, list] of groupRows) {
      if (list[0].policy === options.baseline) continue;
      const baseKey = keyOf({ ...list[0], policy: options.baseline }, by);
      const baseRows = groupRows.get(baseKey);
      if (!baseRows) continue;
      const base = new Map(baseRows.map((r) => [keyOf(r, pairColumns), r]));
      const diffs: Record<string, number[]> = Object.fromEntries(metrics.map((m) => [m, []]));
      for (const r of list) {
        const b = base.get(keyOf(r, pairColumns));
        if (!b) continue;
        for (const m of metrics) {
          const x = r[m];
          const y = b[m];
          if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) diffs[m].push(x - y);
        }
      }
      const g = groups.find((x) => keyOf(x.key, by) === k)!;
      paired.push({
        key: g.key,
        label: g.label,
        baselineLabel: labelOf(Object.fromEntries(by.map((c) => [c, baseRows[0][c]]))),
        metrics: Object.fromEntries(metrics.map((m) => [m, meanCI(diffs[m], level)])),
      });
    }
  }

  const out: Comparison = { by, metrics, level, baseline: options.baseline, groups, paired };
  if (objectives.length) {
    const within = by.filter((c) => c !== 'policy');
    const sets = new Map<string, ComparisonGroup[]>();
    for (const g of groups) {
      const k = keyOf(g.key, within);
      const list = sets.get(k);
      if (list) list.push(g);
      else sets.set(k, [g]);
    }
    const fronts: ParetoSet[] = [];
    for (const list of sets.values()) {
      const points = list.map((g) => objectives.map((o) => g.metrics[o.metric].mean));
      const front = new Set(paretoFront(points, objectives.map((o) => o.direction)));
      list.forEach((g, i) => (g.paretoOptimal = front.has(i)));
      const w = Object.fromEntries(within.map((c) => [c, list[0].key[c]]));
      fronts.push({ within: w, label: labelOf(w), members: list.filter((_, i) => front.has(i)).map((g) => g.label) });
    }
    out.pareto = { objectives, fronts };
  }
  return out;
}

/** `ipa, bursty, cluster.cores=16`: policy and workload by value, other columns as `name=value`. */
function labelOf(key: Record<string, unknown>): string {
  const parts = Object.entries(key).map(([c, v]) => {
    const text = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    return c === 'policy' || c === 'workload' ? text : `${c}=${text}`;
  });
  return parts.length ? parts.join(', ') : 'all';
}

function check(rows: readonly Record<string, unknown>[], by: string[], metrics: string[], baseline: string | undefined, level: number): void {
  const issues: InputIssue[] = [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (rows.length === 0) issues.push({ path: 'rows', expected: 'at least one row', received: 'none' });
  for (const c of by) {
    if (rows.length && !columns.includes(c)) issues.push({ path: 'by', expected: `a column of the rows`, received: JSON.stringify(c), hint: hint(c, columns) });
  }
  for (const m of metrics) {
    if (rows.length && !columns.includes(m)) issues.push({ path: 'metrics', expected: 'a metric column of the rows', received: JSON.stringify(m), hint: hint(m, columns) });
  }
  if (baseline !== undefined) {
    const policies = [...new Set(rows.map((r) => String(r.policy)))];
    if (!by.includes('policy')) issues.push({ path: 'by', expected: 'to include "policy" when a baseline policy is given', received: JSON.stringify(by) });
    if (rows.length && !policies.includes(baseline)) issues.push({ path: 'baseline', expected: `a policy of the rows: ${policies.map((p) => JSON.stringify(p)).join(', ')}`, received: JSON.stringify(baseline), hint: hint(baseline, policies) });
  }
  if (!(level > 0 && level < 1)) issues.push({ path: 'level', expected: 'a confidence level in (0, 1)', received: String(level) });
  if (issues.length) throw new InputError(issues);
}

function hint(word: string, candidates: string[]): string | undefined {
  const near = closest(word, candidates);
  return near ? `did you mean "${near}"?` : undefined;
}
