/**
 * Exhaustive search for Loki's problem: the reference the MILP is tested against, and a solver for
 * small instances.
 *
 * @module
 */
import { ACCURACY_TIE, evaluateLoki, LOKI_TOLERANCE, type LokiAssignment, type LokiEvaluation, type LokiPhase, type LokiProblem } from './loki-model.js';

/** One stage's choice: a replica count and batch option per deployment, with what it implies. */
interface StageCombo {
  replicas: number[];
  batch: number[];
  workers: number;
  latencyMs: number;
  /** Use of each finite resource of the problem. */
  use: number[];
  /** Top-k capacity sums (most accurate first), each capped at the stage's load. */
  cumulative: number[];
}

/**
 * Every choice of one stage (per deployment: no replicas, or 1 to `maxReplicas` replicas at one
 * batch size), without those another choice dominates: no slower, no more resources or workers, and
 * at least the capacity for the most accurate k variants for every k (capped at the stage's load,
 * as no more can be used). Such a choice serves at least as much, most accurate first, for any
 * other stages (greedy shares first-order dominate), so dropping the dominated ones is exact.
 */
function stageFront(problem: LokiProblem, s: number, strict: boolean): StageCombo[] {
  const st = problem.stages[s];
  const choices = st.deployments.map((d) => {
    const out: { n: number; i: number }[] = [{ n: 0, i: -1 }];
    d.batches.forEach((b, i) => {
      for (let n = 1; n <= b.maxReplicas; n++) out.push({ n, i });
    });
    return out;
  });
  const combos: StageCombo[] = [];
  const idx = new Array<number>(choices.length).fill(0);
  const V = st.variants.length;
  for (;;) {
    const replicas = idx.map((c, k) => choices[k][c].n);
    const batch = idx.map((c, k) => choices[k][c].i);
    let workers = 0;
    let latencyMs = 0;
    const use = problem.capacity.map(() => 0);
    const cap = new Array<number>(V).fill(0);
    st.deployments.forEach((d, k) => {
      if (replicas[k] === 0) return;
      const b = d.batches[batch[k]];
      workers += replicas[k];
      latencyMs = Math.max(latencyMs, b.latencyMs);
      cap[d.variantIndex] += replicas[k] * b.throughputRps;
      problem.capacity.forEach((c, i) => {
        if (c.device === d.device) use[i] += replicas[k] * d[c.resource];
      });
    });
    const total = cap.reduce((a, b) => a + b, 0);
    const ok =
      workers >= 1 &&
      latencyMs <= problem.latencyBudgetMs * (1 + 1e-9) &&
      use.every((u, i) => u <= problem.capacity[i].limit + 1e-9) &&
      (!strict || total * (1 + LOKI_TOLERANCE) >= st.loadRps);
    if (ok) {
      let run = 0;
      const cumulative = cap.map((c) => (run += c * (1 + LOKI_TOLERANCE))).map((c) => Math.min(c, st.loadRps));
      combos.push({ replicas, batch, workers, latencyMs, use, cumulative });
    }
    let k = 0;
    while (k < idx.length && ++idx[k] === choices[k].length) idx[k++] = 0;
    if (k === idx.length) break;
  }
  const dominates = (a: StageCombo, b: StageCombo) =>
    a.workers <= b.workers && a.latencyMs <= b.latencyMs && a.use.every((u, i) => u <= b.use[i]) && a.cumulative.every((c, i) => c >= b.cumulative[i]);
  // Sorted so that a dominating combo comes first (it is no worse in every sort key).
  combos.sort((a, b) => a.workers - b.workers || a.latencyMs - b.latencyMs || b.cumulative.reduce((x, y) => x + y, 0) - a.cumulative.reduce((x, y) => x + y, 0));
  const kept: StageCombo[] = [];
  for (const c of combos) if (!kept.some((q) => dominates(q, c))) kept.push(c);
  return kept;
}

/**
 * The exhaustive search: per stage, every choice of replicas and batch sizes (pruned by exact
 * dominance, see `stageFront`); then every combination of the stages' choices within the latency
 * budget of each path and the capacity of each resource, each evaluated exactly ({@link
 * evaluateLoki}). Picks as the MILP does: for `hardware`, the fewest workers, then the lowest latency
 * sum; for `accuracy`, the highest accuracy, then among those within {@link ACCURACY_TIE} of it the
 * fewest workers, then latency; for `max-served`, the largest served share first. `null` when
 * nothing is feasible (in `hardware` and `accuracy`, all the load must be served).
 *
 * @throws RangeError when more than `limit` combinations would be evaluated.
 */
export function exhaustiveLoki(problem: LokiProblem, phase: LokiPhase, limit = 2e6): LokiAssignment | null {
  const strict = phase !== 'max-served';
  const fronts = problem.stages.map((_, s) => stageFront(problem, s, strict));
  if (fronts.some((f) => f.length === 0)) return null;
  const size = fronts.reduce((a, f) => a * f.length, 1);
  if (size > limit) throw new RangeError(`exhaustive Loki search: ${size} combinations exceed the limit of ${limit}`);
  const S = problem.stages.length;
  const onPath = problem.stages.map((_, s) => problem.paths.flatMap((p, pi) => (p.stages.includes(s) ? [pi] : [])));
  const visit = (f: (a: LokiAssignment, e: LokiEvaluation) => void) => {
    const pick = new Array<StageCombo>(S);
    const pathLat = problem.paths.map(() => 0);
    const use = problem.capacity.map(() => 0);
    const rec = (s: number): void => {
      if (s === S) {
        const a: LokiAssignment = { replicas: pick.map((c) => c.replicas), batch: pick.map((c) => c.batch) };
        const e = evaluateLoki(problem, a);
        if (e.feasible && (!strict || e.served >= 1 - 1e-12)) f(a, e);
        return;
      }
      for (const c of fronts[s]) {
        let ok = true;
        for (const pi of onPath[s]) if (pathLat[pi] + c.latencyMs > problem.latencyBudgetMs * (1 + 1e-9)) ok = false;
        for (let i = 0; i < use.length && ok; i++) if (use[i] + c.use[i] > problem.capacity[i].limit + 1e-9) ok = false;
        if (!ok) continue;
        for (const pi of onPath[s]) pathLat[pi] += c.latencyMs;
        for (let i = 0; i < use.length; i++) use[i] += c.use[i];
        pick[s] = c;
        rec(s + 1);
        for (const pi of onPath[s]) pathLat[pi] -= c.latencyMs;
        for (let i = 0; i < use.length; i++) use[i] -= c.use[i];
      }
    };
    rec(0);
  };
  // Pass 1: the best served share and accuracy; pass 2: the fewest workers, then latency, among
  // the solutions that reach them (accuracy within ACCURACY_TIE).
  let bestServed = -Infinity;
  let bestAcc = -Infinity;
  if (phase !== 'hardware') {
    visit((_, e) => {
      if (e.served > bestServed + 1e-9) {
        bestServed = e.served;
        bestAcc = e.accuracy;
      } else if (e.served >= bestServed - 1e-9 && e.accuracy > bestAcc) bestAcc = e.accuracy;
    });
  }
  let best: LokiAssignment | null = null;
  let bestE: LokiEvaluation | undefined;
  visit((a, e) => {
    if (phase !== 'hardware' && (e.served < bestServed - 1e-9 || e.accuracy < bestAcc - ACCURACY_TIE)) return;
    if (!bestE || e.workers < bestE.workers || (e.workers === bestE.workers && e.latencySumMs < bestE.latencySumMs - 1e-9)) {
      best = a;
      bestE = e;
    }
  });
  return best;
}
