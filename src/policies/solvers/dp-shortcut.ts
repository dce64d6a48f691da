import { wallMs } from '../../util/wall-clock.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { candidateTables, optionFor, replicasFor, type CandidateTemplate, type FixedParams, type LoadParams } from './build.js';
import { clearOptimum } from './dp.js';
import { optionValue, optionValueWeights, type OptionValueWeights } from './option-value.js';
import { allocationOf, type Allocation } from './solve.js';
import type { StageOption } from './types.js';

/**
 * The `dp` solver's shortcut for a clear optimum (`clearOptimum` in `dp.ts`) taken straight from a
 * {@link problemBuilder}'s candidate table: per decision it works out the options' numbers without
 * building the problem's candidate and option objects, and builds option objects only for its
 * picks. Returns, for a load, what `solveAllocation(problemBuilder(pipeline, p)(load), dpSolver)`
 * returns when the dp takes its shortcut (the same picks, objects equal field by field, the same
 * scores), and `undefined` when it would not (then build the problem and solve it).
 *
 * The numbers are the problem's, computed by the same expressions in the same order: an option's
 * latency `p99 + queue`, replicas, cores, power with its cores' idle power, and the search's
 * objective term (`optionValue`).
 *
 * A planner decides for one policy, load after load: it keeps the clear optima it found with what
 * they prove for other loads (see `Reference`), and answers a load one of them covers from it,
 * without the options' numbers or the enumeration (on an IPA Twitter day, ~4 decisions in 5).
 * @internal
 */
export function dpShortcutPlanner(pipeline: PipelineProfile, p: FixedParams): DpShortcutPlanner {
  const { tables, candidateAt, slaAt, queueAt, powerAt, idleWPerCore } = candidateTables(pipeline, p);
  const S = tables.length;
  const w = optionValueWeights(p.weights, p.accuracyMethod, S);
  // Per stage, rows of the options' numbers (an option per template at most) and the template of
  // each option (options are the sustainable candidates, in order), written over by every decision:
  // the first `counts[s]` entries are this decision's.
  const rows = () => tables.map((table) => new Array<number>(table.length).fill(0));
  const lat = rows();
  const val = rows();
  const cores = rows();
  const acc = rows();
  const from = rows();
  const reps = rows();
  const counts = new Array<number>(S).fill(0);
  // Without the power term an option's value depends on the load only through its replicas, which
  // is what lets a clear optimum be reused (see `Reference`); values that cannot overflow whatever
  // the replicas keep every option's value finite at another load.
  const reusable = !((p.weights.delta ?? 0) > 0) && tables.every((table) => table.every((t) => boundedValue(w, t)));
  // The latest references, newest first: each one's proof stands alone, so any that covers a load
  // gives that load's clear optimum.
  const refs: Reference[] = [];
  const scored = (lambdaRps: number, sla: number, cap: number, load: LoadParams) =>
    // The problem as the allocation's scoring reads it (its weights and accuracy method).
    ({ stages: [], lambdaRps, slaMs: sla, totalCores: cap, weights: p.weights, accuracyMethod: p.accuracyMethod, current: load.current });
  const planner = Object.assign((load: LoadParams): Allocation | undefined => {
    const t0 = wallMs();
    const lambdaRps = load.lambdaRps;
    if (S === 0) return undefined;
    const sla0 = slaAt(lambdaRps);
    const cap0 = load.totalCores ?? Infinity;
    if (lambdaRps > 0) {
      for (let k = 0; k < refs.length; k++) {
        const ref = refs[k];
        if (!(lambdaRps > ref.above && lambdaRps <= ref.upTo && lambdaRps <= ref.lambdaRps && sla0 === ref.sla && cap0 === ref.cap)) continue;
        // The reference's pick, still feasible? Summed stage by stage from 0, as `clearOptimum` sums.
        const picks: StageOption[] = new Array(S);
        let sumLat = 0;
        let sumCores = 0;
        for (let s = 0; s < S; s++) {
          const o = optionFor(candidateAt(tables[s][ref.picks[s]], lambdaRps), lambdaRps)!;
          picks[s] = o;
          sumLat = sumLat + o.latencyMs;
          sumCores = sumCores + o.cores;
        }
        if (!(sumLat <= sla0 && sumCores <= cap0)) continue;
        // The most recently useful first: loads stay near each other from one decision to the next.
        for (let i = k; i > 0; i--) refs[i] = refs[i - 1];
        refs[0] = ref;
        planner.reused++;
        return allocationOf(scored(lambdaRps, sla0, cap0, load), picks, 'optimal', lambdaRps, wallMs() - t0);
      }
    }
    // Loads above `absentAbove` keep the templates that are no option now (too many replicas) out.
    let absentAbove = -Infinity;
    for (let s = 0; s < S; s++) {
      const table = tables[s];
      const l = lat[s];
      const v = val[s];
      const c = cores[s];
      const a = acc[s];
      const f = from[s];
      const r = reps[s];
      let n = 0;
      for (let i = 0; i < table.length; i++) {
        const t = table[i];
        const replicas = replicasFor(lambdaRps, t.throughputRps, t.minReplicas);
        if (replicas > t.maxReplicas) {
          if (t.maxReplicas >= t.minReplicas) absentAbove = Math.max(absentAbove, t.maxReplicas * t.throughputRps);
          continue;
        }
        const optionCores = replicas * t.v.cores;
        const power = powerAt(t, lambdaRps);
        const powerW = idleWPerCore ? power + optionCores * idleWPerCore : power;
        l[n] = t.p99Ms + queueAt(t, lambdaRps);
        v[n] = optionValue(w, t.accuracy, optionCores, t.batch, powerW);
        c[n] = optionCores;
        a[n] = t.accuracy;
        f[n] = i;
        r[n] = replicas;
        n++;
      }
      if (n === 0) return undefined;
      counts[s] = n;
    }
    const choice = clearOptimum(lat, val, cores, acc, w.product ? p.weights.alpha : 0, sla0, cap0, counts);
    if (choice === undefined) return undefined;
    const picks: StageOption[] = new Array(S);
    for (let s = 0; s < S; s++) picks[s] = optionFor(candidateAt(tables[s][from[s][choice[s]]], lambdaRps), lambdaRps)!;
    if (reusable && lambdaRps > 0) {
      refs.unshift(reference(tables, reps, from, counts, choice, absentAbove, lambdaRps, sla0, cap0));
      if (refs.length > MAX_REFERENCES) refs.pop();
    }
    return allocationOf(scored(lambdaRps, sla0, cap0, load), picks, 'optimal', lambdaRps, wallMs() - t0);
  }, { reused: 0 });
  return planner;
}

/** What {@link dpShortcutPlanner} returns: the planner, and how many of its answers reused a reference. @internal */
export type DpShortcutPlanner = ((load: LoadParams) => Allocation | undefined) & { reused: number };

/** How many {@link Reference}s a planner keeps (loads drift back and forth over a day). */
const MAX_REFERENCES = 64;

/**
 * A clear optimum found at a load `lambdaRps > 0` (the reference), and what it proves for another
 * load `l` with `0 < l <= lambdaRps`, `above < l <= upTo`, the same SLA and the same cores, when the
 * objective has no power term:
 *
 * - Every template keeps its replica count on `(above, upTo]` (`replicasFor` is the smallest `n >=
 *   min` with `n * thr >= l`), so the options are the same, with the same cores and values (a value
 *   depends on the load only through the replicas); the templates that were no option (too many
 *   replicas) stay none.
 * - No option is faster at `l`: an option's latency is its p99 plus the batch wait `(b - 1) / l`
 *   (capped), which does not shrink as the load falls, and sums round monotonically. So a
 *   combination over the SLA at the reference is over it at `l`.
 *
 * So every combination feasible at `l` was feasible at the reference with the same objective: if
 * the reference's pick is still feasible, it is still the best and beats every other by at least
 * the reference's margin, and `clearOptimum` would choose it again. Its options are built at `l`.
 */
interface Reference {
  lambdaRps: number;
  above: number;
  upTo: number;
  sla: number;
  cap: number;
  /** Per stage, the template of the pick. */
  picks: number[];
}

/**
 * The {@link Reference} of a clear optimum `choice` at `lambdaRps`, from the decision's rows (the
 * first `counts[s]` entries per stage: replicas and template of each option) and the load above
 * which the templates that were no option stay none.
 */
function reference(
  tables: readonly CandidateTemplate[][],
  reps: readonly number[][],
  from: readonly number[][],
  counts: readonly number[],
  choice: readonly number[],
  absentAbove: number,
  lambdaRps: number,
  sla: number,
  cap: number,
): Reference {
  const S = tables.length;
  let above = absentAbove;
  let upTo = Infinity;
  for (let s = 0; s < S; s++) {
    for (let o = 0; o < counts[s]; o++) {
      const t = tables[s][from[s][o]];
      const thr = t.throughputRps;
      const n = reps[s][o];
      upTo = Math.min(upTo, n * thr);
      // (A throughput that is not positive leaves no interval: NaN fails every comparison.)
      if (!(thr > 0)) above = NaN;
      else if (n > t.minReplicas) above = Math.max(above, (n - 1) * thr);
    }
  }
  const picks = new Array<number>(S);
  for (let s = 0; s < S; s++) picks[s] = from[s][choice[s]];
  return { lambdaRps, above, upTo, sla, cap, picks };
}

/**
 * Whether a template's value stays finite whatever its replica count (up to its maximum): the sum
 * of its terms' magnitudes is far from overflowing.
 */
function boundedValue(w: OptionValueWeights, t: CandidateTemplate): boolean {
  const bound = Math.abs(w.accWeight * t.accuracy) + Math.abs(w.beta) * t.maxReplicas * t.v.cores + Math.abs(w.gamma * t.batch);
  return bound < 1e300;
}
