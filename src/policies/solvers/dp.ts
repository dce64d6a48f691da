import { changeDistance, evaluate } from './evaluate.js';
import { optionValue, optionValueWeights } from './option-value.js';
import { isTied, TIE_TOLERANCE, type AllocationProblem, type Solver, type StageOption } from './types.js';

/**
 * One layer of partial solutions (stages 0..s chosen), struct-of-arrays. `parent` indexes the
 * previous layer, `opt` the option chosen at this stage.
 */
interface Layer {
  lat: number[];
  cores: number[];
  /** The additive part of the objective so far (everything but a product accuracy). */
  val: number[];
  /** Product of accuracies so far (1 when the method is additive). */
  prod: number[];
  /** Least-change distance so far. */
  dist: number[];
  parent: number[];
  opt: number[];
}

const emptyLayer = (): Layer => ({ lat: [], cores: [], val: [], prod: [], dist: [], parent: [], opt: [] });

/**
 * `dp`: an exact Pareto-front dynamic program over stages (a multiple-choice knapsack).
 *
 * A partial solution over the first stages is kept only if no other partial solution is at least
 * as good in every dimension that can still matter: latency (lower), cores (lower; only with a
 * finite cluster), the additive objective so far (higher), the accuracy product so far (higher;
 * only for product accuracy, since `alpha * P_prefix * P_rest` grows with `P_prefix` for
 * non-negative accuracies, which keeps the product exact without a log transform that would break on
 * a zero rank-normalised accuracy), and the least-change distance (lower; only with a current
 * configuration). Any completion of a dominated partial is matched by the same completion of its
 * dominator, so the last layer contains an optimal, least-change solution. Partials that cannot meet
 * the SLA or the cores even with the fastest / smallest remaining options are pruned early.
 *
 * A small problem (at most 4096 combinations of options) whose optimum beats every other feasible
 * solution by a clear margin is answered by trying every combination instead (`clearOptimum`):
 * the same choice, found without building fronts and layers.
 */
export const dpSolver: Solver = {
  name: 'dp',
  solve: (problem) => solveDp(problem, true),
};

/**
 * {@link dpSolver} without its shortcut for small problems with a clear optimum: the search alone,
 * for tests that hold the shortcut to it.
 * @internal
 */
export const dpSearchSolver: Solver = {
  name: 'dp',
  solve: (problem) => solveDp(problem, false),
};

function solveDp(problem: AllocationProblem, shortcut: boolean): number[] | null {
  const stages = problem.stages;
  const S = stages.length;
  if (S === 0) return [];
  for (let s = 0; s < S; s++) if (stages[s].options.length === 0) return null;
  const alpha = problem.weights.alpha;
  const w = optionValueWeights(problem.weights, problem.accuracyMethod, S);
  const product = w.product;
  const useCores = Number.isFinite(problem.totalCores);
  const useDist = problem.current !== undefined;
  const sla = problem.slaMs;
  const cap = problem.totalCores;

  // Plain loops and module-level helpers rather than callbacks and closures made every solve: on
  // IPA's small video problems those cost as much as the search (closures also pay a naming call
  // each under tsx, the bench's and the notebooks' runner).
  const optVal: number[][] = new Array(S);
  const optDist: number[][] = new Array(S);
  const optLat: number[][] = new Array(S);
  const minCoresFrom = new Array<number>(S + 1).fill(0);
  for (let s = 0; s < S; s++) {
    const opts = stages[s].options;
    const v: number[] = new Array(opts.length);
    const l: number[] = new Array(opts.length);
    for (let o = 0; o < opts.length; o++) {
      const x = opts[o];
      v[o] = optionValue(w, x.accuracy, x.cores, x.batch, x.powerW);
      l[o] = x.latencyMs;
    }
    optVal[s] = v;
    optLat[s] = l;
  }

  // A small problem with one clear optimum (IPA's video problems, nearly always) needs no search.
  const clear = shortcut ? clearOptimum(optLat, optVal, optionNumbers(stages, 'cores'), optionNumbers(stages, 'accuracy'), product ? alpha : 0, sla, cap) : undefined;
  if (clear !== undefined) return clear;

  for (let s = 0; s < S; s++) {
    const opts = stages[s].options;
    const cur = useDist ? problem.current![s] : undefined;
    const d: number[] = new Array(opts.length);
    for (let o = 0; o < opts.length; o++) d[o] = useDist ? changeDistance(opts[o], cur) : 0;
    optDist[s] = d;
  }
  for (let s = S - 1; s >= 0; s--) {
    const opts = stages[s].options;
    let least = opts[0].cores;
    for (let o = 1; o < opts.length; o++) if (opts[o].cores < least) least = opts[o].cores;
    minCoresFrom[s] = minCoresFrom[s + 1] + least;
  }
  // Bounds are for pruning, not the feasibility test: a hair of slack keeps float reassociation
  // ((a + b) + c vs a + (b + c)) from pruning a partial that finishes exactly on the SLA.
  const slaSlack = sla + 1e-9 * Math.abs(sla);
  const capSlack = cap + 1e-9 * Math.abs(cap);

  // Backward (latency, value) and (latency, product) fronts of every suffix: the best value or
  // product any completion can reach within a latency budget, ignoring cores and the other term.
  const valFronts = suffixFronts(optLat, optVal, slaSlack, 'sum');
  const prodFronts = product ? suffixFronts(optLat, optionNumbers(stages, 'accuracy'), slaSlack, 'product') : undefined;
  if (valFronts[0].lat.length === 0) return null;
  const bounds: Bounds = { valFronts, prodFronts, alpha, slaSlack };

  // The incumbent: the best complete feasible solution seen, from completing partials along the
  // backward fronts; partials whose bound falls below it (beyond the tie tolerance) are pruned.
  let incumbent = tryComplete(problem, valFronts, slaSlack, 0, undefined, -1, 0, -Infinity);
  if (prodFronts) incumbent = tryComplete(problem, prodFronts, slaSlack, 0, undefined, -1, 0, incumbent);
  let pruneBelow = pruneLevel(incumbent);

  let prev: Layer = { lat: [0], cores: [0], val: [0], prod: [1], dist: [0], parent: [-1], opt: [-1] };
  const layers: Layer[] = [];
  for (let s = 0; s < S; s++) {
    const opts = stages[s].options;
    const lats = optLat[s];
    const vals = optVal[s];
    const dists = optDist[s];
    const minCoresAfter = minCoresFrom[s + 1];
    const cand = emptyLayer();
    for (let i = 0; i < prev.lat.length; i++) {
      const pl = prev.lat[i];
      const pc = prev.cores[i];
      const pv = prev.val[i];
      for (let o = 0; o < opts.length; o++) {
        const lat = pl + lats[o];
        const cores = pc + opts[o].cores;
        if (useCores && cores + minCoresAfter > capSlack) continue;
        const val = pv + vals[o];
        const prod = product ? prev.prod[i] * opts[o].accuracy : 1;
        if (upperBound(bounds, s + 1, lat, val, prod) < pruneBelow) continue;
        cand.lat.push(lat);
        cand.cores.push(cores);
        cand.val.push(val);
        cand.prod.push(prod);
        cand.dist.push(prev.dist[i] + dists[o]);
        cand.parent.push(i);
        cand.opt.push(o);
      }
    }
    if (cand.lat.length === 0) return null;
    prev = paretoFilter(cand, useCores, product, useDist);
    layers.push(prev);
    if (s < S - 1) {
      // Complete the most promising partial to raise the incumbent early.
      let bestI = 0;
      let bestUb = -Infinity;
      for (let i = 0; i < prev.lat.length; i++) {
        const ub = upperBound(bounds, s + 1, prev.lat[i], prev.val[i], prev.prod[i]);
        if (ub > bestUb) {
          bestUb = ub;
          bestI = i;
        }
      }
      incumbent = tryComplete(problem, valFronts, slaSlack, s + 1, layers, bestI, prev.lat[bestI], incumbent);
      if (prodFronts) incumbent = tryComplete(problem, prodFronts, slaSlack, s + 1, layers, bestI, prev.lat[bestI], incumbent);
      pruneBelow = pruneLevel(incumbent);
    }
  }

  // The last layer: exact feasibility, best objective, then least change among ties.
  let best = -1;
  let bestObj = -Infinity;
  for (let i = 0; i < prev.lat.length; i++) {
    if (!(prev.lat[i] <= sla) || !(prev.cores[i] <= cap)) continue;
    const obj = (product ? alpha * prev.prod[i] : 0) + prev.val[i];
    if (obj > bestObj) {
      bestObj = obj;
      best = i;
    }
  }
  if (best < 0) return null;
  if (useDist) {
    for (let i = 0; i < prev.lat.length; i++) {
      if (!(prev.lat[i] <= sla) || !(prev.cores[i] <= cap)) continue;
      if (isTied((product ? alpha * prev.prod[i] : 0) + prev.val[i], bestObj) && prev.dist[i] < prev.dist[best]) best = i;
    }
  }
  const choice = new Array<number>(S);
  prefixInto(choice, layers, S - 1, best);
  return choice;
}

/** Most combinations {@link clearOptimum} enumerates. */
const CLEAR_OPTIMUM_MAX_COMBINATIONS = 4096;

/**
 * The choice of a small problem (at most {@link CLEAR_OPTIMUM_MAX_COMBINATIONS} combinations of
 * options) whose best feasible objective beats every other feasible one by more than a margin far
 * above the tie tolerance (1e-9 of its size), found by trying every combination; `undefined` when
 * the problem is larger, nothing is feasible, or the best is not that clear (then the search runs).
 *
 * The same choice as the search, to the bit: each combination's latency, cores, value and accuracy
 * product add up stage by stage from 0 (1), in the order the search's layers add them, and its
 * feasibility and objective are the search's final tests; the search is exact, and with one solution
 * tied with the best (itself) neither its pruning (by bounds within the tie tolerance) nor its
 * least-change tie-break can choose another.
 *
 * Per stage and option: `lat` its SLA term, `val` its additive objective term (as the search's), `cores`
 * and `acc` its cores and accuracy.
 *
 * @param productAlpha - alpha for a product objective (its accuracy product term), else 0
 * @param counts - per stage, how many leading entries of its rows are options (default: all), so a
 *   caller can reuse longer rows from one decision to the next
 * @internal
 */
export function clearOptimum(
  lat: readonly (readonly number[])[],
  val: readonly (readonly number[])[],
  cores: readonly (readonly number[])[],
  acc: readonly (readonly number[])[],
  productAlpha: number,
  sla: number,
  cap: number,
  counts?: readonly number[],
): number[] | undefined {
  const S = lat.length;
  const n = counts ?? lat.map((l) => l.length);
  let combinations = 1;
  for (let s = 0; s < S; s++) {
    combinations *= n[s];
    if (combinations > CLEAR_OPTIMUM_MAX_COMBINATIONS) return undefined;
  }
  const product = productAlpha !== 0;
  const last = S - 1;
  const lastLat = lat[last];
  const lastVal = val[last];
  const lastCores = cores[last];
  const lastAcc = acc[last];
  // With finite values (anything else goes to the search), a prefix whose best completion cannot
  // beat the runner-up changes neither the best nor the runner-up: it is skipped (additive
  // objectives; a sum rounds monotonically, so no completion exceeds the prefix plus the best value).
  let lastBest = -Infinity;
  for (let s = 0; s < S; s++) for (let o = 0; o < n[s]; o++) if (!Number.isFinite(val[s][o])) return undefined;
  const lastCount = n[last];
  for (let o = 0; o < lastCount; o++) if (lastVal[o] > lastBest) lastBest = lastVal[o];
  // The prefix over stages 0..S-2 (an odometer `pick`) with its running sums at index s + 1, added
  // stage by stage; the last stage's options are tried in a plain loop after it.
  const pick = new Array<number>(S).fill(0);
  const sumLat = new Array<number>(S).fill(0);
  const sumCores = new Array<number>(S).fill(0);
  const sumVal = new Array<number>(S).fill(0);
  const sumProd = new Array<number>(S).fill(1);
  let best: number[] | undefined;
  let bestObj = -Infinity;
  let secondObj = -Infinity;
  let s = 0;
  for (;;) {
    for (; s < last; s++) {
      const o = pick[s];
      sumLat[s + 1] = sumLat[s] + lat[s][o];
      sumCores[s + 1] = sumCores[s] + cores[s][o];
      sumVal[s + 1] = sumVal[s] + val[s][o];
      sumProd[s + 1] = product ? sumProd[s] * acc[s][o] : 1;
    }
    const pl = sumLat[last];
    const pc = sumCores[last];
    const pv = sumVal[last];
    const pp = sumProd[last];
    if (product || pv + lastBest > secondObj) {
      for (let o = 0; o < lastCount; o++) {
        if (!(pl + lastLat[o] <= sla) || !(pc + lastCores[o] <= cap)) continue;
        const obj = (product ? productAlpha * (pp * lastAcc[o]) : 0) + (pv + lastVal[o]);
        if (obj > bestObj) {
          secondObj = bestObj;
          bestObj = obj;
          pick[last] = o;
          best = pick.slice();
        } else if (obj > secondObj) secondObj = obj;
        else if (obj !== obj) return undefined;
      }
    }
    // The next prefix: advance the last stage before S - 1 with options left, resetting those after it.
    s = last - 1;
    while (s >= 0 && pick[s] === n[s] - 1) pick[s--] = 0;
    if (s < 0) break;
    pick[s]++;
  }
  if (best === undefined || !(bestObj - secondObj > 1e-9 * Math.max(1, Math.abs(bestObj)))) return undefined;
  return best;
}

/** Per stage, one field of each option. */
function optionNumbers(stages: AllocationProblem['stages'], field: 'cores' | 'accuracy'): number[][] {
  const out: number[][] = new Array(stages.length);
  for (let s = 0; s < stages.length; s++) {
    const opts = stages[s].options;
    const a: number[] = new Array(opts.length);
    for (let o = 0; o < opts.length; o++) a[o] = opts[o][field];
    out[s] = a;
  }
  return out;
}

/** What a partial's upper bound needs: the suffix fronts and the objective's product weight. */
interface Bounds {
  valFronts: SuffixFront[];
  prodFronts: SuffixFront[] | undefined;
  alpha: number;
  slaSlack: number;
}

/** Upper bound of the final objective from a partial over stages < s, or -Infinity if it cannot finish. */
function upperBound(b: Bounds, s: number, lat: number, val: number, prod: number): number {
  const budget = b.slaSlack - lat;
  const v = bestWithin(b.valFronts[s], budget);
  if (v === -Infinity) return -Infinity;
  return val + v + (b.prodFronts ? b.alpha * prod * bestWithin(b.prodFronts[s], budget) : 0);
}

/** Bounds below this cannot reach the incumbent, even tied (with room for rounding): pruned. */
function pruneLevel(incumbent: number): number {
  return incumbent - TIE_TOLERANCE * Math.max(1, Math.abs(incumbent)) * 4;
}

/** The option indices of stages 0..s along layer `s`'s partial `i` (written into `out[0..s]`). */
function prefixInto(out: number[], layers: Layer[], s: number, i: number): void {
  for (let t = s; t >= 0; t--) {
    out[t] = layers[t].opt[i];
    i = layers[t].parent[i];
  }
}

/**
 * The incumbent after completing a partial (stages < s: layer `s - 1`'s partial `i`, or none when
 * s = 0) along `fronts`' best completion within the SLA: the completed solution's objective when it
 * is feasible and beats `incumbent`, else `incumbent`.
 */
function tryComplete(problem: AllocationProblem, fronts: SuffixFront[], slaSlack: number, s: number, layers: Layer[] | undefined, i: number, lat: number, incumbent: number): number {
  const stages = problem.stages;
  const choice = new Array<number>(stages.length);
  if (!completeInto(choice, fronts, s, slaSlack - lat)) return incumbent;
  if (s > 0) prefixInto(choice, layers!, s - 1, i);
  const picks = new Array<StageOption>(stages.length);
  for (let t = 0; t < stages.length; t++) picks[t] = stages[t].options[choice[t]];
  const e = evaluate(problem, picks);
  return e.latencyMs <= problem.slaMs && e.cores <= problem.totalCores && e.objective > incumbent ? e.objective : incumbent;
}

/** A 2-D front of a suffix of stages: latency ascending, value strictly ascending. */
interface SuffixFront {
  lat: number[];
  val: number[];
  /** Option chosen at the suffix's first stage, and the index into the next suffix's front. */
  opt: number[];
  next: number[];
}

/**
 * Backward fronts: `fronts[s]` holds the non-dominated (latency, value) of stages s..S-1, where
 * values add (`sum`) or multiply (`product`, for non-negative factors); `fronts[S]` is the empty
 * suffix. Points over `maxLat` are dropped.
 *
 * The front is the staircase of the candidate points (option o of stage s, point j of the next
 * front) ordered by (latency asc, value desc, generation order asc): a point is kept when its value
 * beats every point before it. Computed without sorting every point: an option weakly dominated by
 * an earlier one only yields points that come after, and are no better than, the earlier option's
 * points (sums and products of non-negative factors are monotone, rounding included), so it is
 * skipped; the rest are bucketed by distinct latency (a native numeric sort of the latencies), each
 * bucket keeps its best value (first generated among equals), and the buckets in latency order give
 * the staircase. The same points as sorting everything, chosen the same way.
 *
 * `fronts[0]`, the whole pipeline's, holds only its point of highest value ({@link topPoint}): the
 * search reads nothing else of it.
 */
function suffixFronts(lat: number[][], val: number[][], maxLat: number, combine: 'sum' | 'product'): SuffixFront[] {
  const S = lat.length;
  const fronts = new Array<SuffixFront>(S + 1);
  fronts[S] = { lat: [0], val: [combine === 'sum' ? 0 : 1], opt: [-1], next: [-1] };
  for (let s = S - 1; s >= 1; s--) fronts[s] = staircaseOfAll(lat[s], val[s], fronts[s + 1], maxLat, combine);
  fronts[0] = S > 0 ? topPoint(lat[0], val[0], fronts[1], maxLat, combine) : fronts[S];
  return fronts;
}

/**
 * The whole pipeline's front reduced to the one point read from it: completing from stage 0 within
 * the SLA (the initial incumbent), whose budget is the front's whole latency range, takes its
 * highest value. That is the point of highest value, ties going to the lower latency and then to
 * the earlier point (the staircase's last point), found in one pass without the staircase (the
 * front of the whole pipeline is its largest: every option of stage 0 with every point after it).
 * Values that are not numbers (none from valid profiles) take the staircase, whose ties order them.
 */
function topPoint(ls: number[], vs: number[], nx: SuffixFront, maxLat: number, combine: 'sum' | 'product'): SuffixFront {
  let bo = -1;
  let bj = -1;
  let bl = 0;
  let bv = -Infinity;
  for (let o = 0; o < ls.length; o++) {
    if (dominatedByEarlier(ls, vs, o)) continue;
    for (let j = 0; j < nx.lat.length; j++) {
      const l = ls[o] + nx.lat[j];
      if (l > maxLat) break;
      const v = combine === 'sum' ? vs[o] + nx.val[j] : vs[o] * nx.val[j];
      if (v !== v) return staircaseOfAll(ls, vs, nx, maxLat, combine);
      if (v > bv || (v === bv && bo >= 0 && l < bl)) {
        bo = o;
        bj = j;
        bl = l;
        bv = v;
      }
    }
  }
  return bo < 0 ? { lat: [], val: [], opt: [], next: [] } : { lat: [bl], val: [bv], opt: [bo], next: [bj] };
}

/**
 * The front of a stage's options (latencies `ls`, values `vs`) followed by the next suffix's front
 * `nx`: every point within `maxLat` but those of weakly dominated options, as a staircase.
 */
function staircaseOfAll(ls: number[], vs: number[], nx: SuffixFront, maxLat: number, combine: 'sum' | 'product'): SuffixFront {
  const cl: number[] = [];
  const cv: number[] = [];
  const co: number[] = [];
  const cn: number[] = [];
  for (let o = 0; o < ls.length; o++) {
    if (dominatedByEarlier(ls, vs, o)) continue;
    for (let j = 0; j < nx.lat.length; j++) {
      const l = ls[o] + nx.lat[j];
      if (l > maxLat) break; // nx is sorted by latency
      cl.push(l);
      cv.push(combine === 'sum' ? vs[o] + nx.val[j] : vs[o] * nx.val[j]);
      co.push(o);
      cn.push(j);
    }
  }
  return staircase(cl, cv, co, cn);
}

/**
 * The (latency asc, value strictly asc) staircase of points, ties in latency going to the higher
 * value and then to the earlier point: what sorting by (lat asc, val desc, index asc) and keeping
 * each point whose value beats all before it gives, without a comparator sort.
 */
function staircase(cl: number[], cv: number[], co: number[], cn: number[]): SuffixFront {
  const n = cl.length;
  const f: SuffixFront = { lat: [], val: [], opt: [], next: [] };
  if (n === 0) return f;
  // Copied by a loop: Float64Array.from(array) goes through the array's iterator.
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = cl[i];
  sorted.sort();
  // Distinct latencies ascending (=== treats -0 and 0 as one, as the comparator did).
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const bestOf = new Int32Array(m).fill(-1);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = m - 1;
    const l = cl[i];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < l) lo = mid + 1;
      else hi = mid;
    }
    const b = bestOf[lo];
    if (b < 0 || cv[i] > cv[b]) bestOf[lo] = i;
  }
  let best = -Infinity;
  for (let k = 0; k < m; k++) {
    const i = bestOf[k];
    if (cv[i] > best) {
      best = cv[i];
      f.lat.push(cl[i]);
      f.val.push(cv[i]);
      f.opt.push(co[i]);
      f.next.push(cn[i]);
    }
  }
  return f;
}

/** The best value of a front within a latency budget (-Infinity if none fits). */
function bestWithin(f: SuffixFront, budget: number): number {
  let lo = 0;
  let hi = f.lat.length - 1;
  if (hi < 0 || f.lat[0] > budget) return -Infinity;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f.lat[mid] <= budget) lo = mid;
    else hi = mid - 1;
  }
  return f.val[lo];
}

/**
 * Writes into `out[s..S-1]` the option indices along the front's best point of stages s..S-1 within
 * the budget; false (nothing written) when no point fits.
 */
function completeInto(out: number[], fronts: SuffixFront[], s: number, budget: number): boolean {
  const f = fronts[s];
  if (f.lat.length === 0 || f.lat[0] > budget) return false;
  let lo = 0;
  let hi = f.lat.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f.lat[mid] <= budget) lo = mid;
    else hi = mid - 1;
  }
  for (let t = s, j = lo; t < fronts.length - 1; t++) {
    out[t] = fronts[t].opt[j];
    j = fronts[t].next[j];
  }
  return true;
}

/** Appends candidate `i` of `c` to `out`. */
function keep(out: Layer, c: Layer, i: number): void {
  out.lat.push(c.lat[i]);
  out.cores.push(c.cores[i]);
  out.val.push(c.val[i]);
  out.prod.push(c.prod[i]);
  out.dist.push(c.dist[i]);
  out.parent.push(c.parent[i]);
  out.opt.push(c.opt[i]);
}

/**
 * Keeps the non-dominated candidates. Sorted by (latency asc, value desc, cores asc, product desc,
 * distance asc), a candidate can only be dominated by one kept before it, and a later candidate
 * dominates an earlier one only if they are equal in every dimension (then the earlier one stays).
 */
function paretoFilter(c: Layer, useCores: boolean, useProd: boolean, useDist: boolean): Layer {
  const n = c.lat.length;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort(
    (a, b) =>
      c.lat[a] - c.lat[b] ||
      c.val[b] - c.val[a] ||
      c.cores[a] - c.cores[b] ||
      c.prod[b] - c.prod[a] ||
      c.dist[a] - c.dist[b] ||
      a - b,
  );
  const out = emptyLayer();
  if (!useCores && !useProd && !useDist) {
    // Two dimensions: a candidate survives iff its value beats every faster one.
    let bestVal = -Infinity;
    for (const i of idx) {
      if (c.val[i] > bestVal) {
        bestVal = c.val[i];
        keep(out, c, i);
      }
    }
    return out;
  }
  for (const i of idx) {
    let dominated = false;
    for (let k = out.lat.length - 1; k >= 0; k--) {
      if (
        out.val[k] >= c.val[i] &&
        (!useCores || out.cores[k] <= c.cores[i]) &&
        (!useProd || out.prod[k] >= c.prod[i]) &&
        (!useDist || out.dist[k] <= c.dist[i])
      ) {
        dominated = true;
        break;
      }
    }
    if (!dominated) keep(out, c, i);
  }
  return out;
}

/**
 * Whether option `o` (latencies `ls`, values `vs`) is weakly dominated by an earlier option: then it
 * only yields points that come after, and are no better than, that option's, so fronts skip it.
 */
function dominatedByEarlier(ls: number[], vs: number[], o: number): boolean {
  for (let q = 0; q < o; q++) if (ls[q] <= ls[o] && vs[q] >= vs[o]) return true;
  return false;
}
