import { InputError, type InputIssue } from '../errors.js';

/** Whether an objective is to be made large (`max`, e.g. accuracy) or small (`min`, e.g. cores, Joules). */
export type Direction = 'min' | 'max';

/** An objective of a Pareto front: a metric (row column) and its direction. */
export interface Objective {
  metric: string;
  direction: Direction;
}

/**
 * Whether point `a` dominates `b`: no worse in every objective and strictly better in one.
 * `directions[k]` says which way objective k improves.
 */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let better = false;
  for (let k = 0; k < directions.length; k++) {
    const d = directions[k] === 'max' ? a[k] - b[k] : b[k] - a[k];
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * Indices (ascending) of the points no other point dominates: the Pareto front. Points with a
 * non-finite coordinate are never on it. Equal points do not dominate each other, so duplicates
 * on the front all stay.
 *
 * Sorts by the first objective (best first, then lexicographically by the others), so a point can
 * only be dominated by one before it, and only the front found so far needs checking: O(n·f·m) for
 * a front of f points, instead of comparing all pairs.
 */
export function paretoFront(points: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  const sign = directions.map((d) => (d === 'max' ? -1 : 1));
  const order = points
    .map((_, i) => i)
    .filter((i) => points[i].length >= directions.length && directions.every((_, k) => Number.isFinite(points[i][k])));
  order.sort((i, j) => {
    for (let k = 0; k < directions.length; k++) {
      const d = sign[k] * (points[i][k] - points[j][k]);
      if (d !== 0) return d;
    }
    return i - j;
  });
  const front: number[] = [];
  for (const i of order) {
    if (!front.some((f) => dominates(points[f], points[i], directions))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}

/**
 * Parses `"accuracy:max,costCores:min"` into objectives (the CLI's `--pareto`); a metric without a
 * direction is an error, since guessing it wrong inverts the front.
 */
export function parseObjectives(text: string): Objective[] {
  const issues: InputIssue[] = [];
  const out: Objective[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [metric, direction, ...rest] = part.split(':');
    if (!metric || (direction !== 'min' && direction !== 'max') || rest.length) {
      issues.push({ path: '--pareto', expected: 'metric:max or metric:min, comma-separated (e.g. accuracy:max,costCores:min)', received: JSON.stringify(part) });
    } else out.push({ metric, direction });
  }
  if (!issues.length && out.length === 0) issues.push({ path: '--pareto', expected: 'at least one objective', received: JSON.stringify(text) });
  if (issues.length) throw new InputError(issues);
  return out;
}
