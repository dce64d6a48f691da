import { optionFor, replicasFor } from './build.js';
import type { AllocationProblem, StageCandidate, StageOption } from './types.js';

/** Why a fallback was used. */
export type FallbackStatus = 'sla-infeasible' | 'over-capacity';

/** A configuration chosen when no option choice satisfies every constraint. */
export interface Fallback {
  picks: StageOption[];
  status: FallbackStatus;
  /** The load in requests/s the picks sustain (the predicted load for `sla-infeasible`). */
  servedRps: number;
}

/**
 * What to run when the program has no feasible solution (IPA keeps the current configuration;
 * we prefer a configuration that serves as much as possible, and report which case it was):
 *
 * 1. `sla-infeasible`: the load can be sustained within the cluster, but no choice meets the SLA.
 *    Take the choice with the lowest end-to-end latency among those within capacity (fewest SLA
 *    violations while serving everything); ties: higher objective.
 * 2. `over-capacity`: the load cannot be sustained within the cores (or the scaling cap / frozen
 *    replicas). Take the maximum-throughput configuration within capacity: the largest rate `r` for
 *    which every stage has a (variant, batch) whose replicas for `r` fit in the cores together, each
 *    stage taking its fewest-cores candidate at `r` (ties: lower latency, then higher accuracy).
 *    If even one replica per stage does not fit, that minimum is returned anyway.
 *
 * Shared by every solver, so they all fall back to the same configuration.
 */
export function fallback(problem: AllocationProblem): Fallback {
  const sla = minLatencyWithinCapacity(problem);
  if (sla) return { picks: sla, status: 'sla-infeasible', servedRps: problem.lambdaRps };
  return maxThroughputWithinCapacity(problem);
}

/** Case 1: a 2-D Pareto DP over (cores, latency) on the load-sustaining options. */
function minLatencyWithinCapacity(problem: AllocationProblem): StageOption[] | undefined {
  const stages = problem.stages;
  if (stages.some((s) => s.options.length === 0)) return undefined;
  type P = { lat: number; cores: number; val: number; picks: StageOption[] };
  let front: P[] = [{ lat: 0, cores: 0, val: 0, picks: [] }];
  const { beta, gamma } = problem.weights;
  for (const st of stages) {
    const cand: P[] = [];
    for (const p of front) {
      for (const o of st.options) {
        const cores = p.cores + o.cores;
        if (!(cores <= problem.totalCores)) continue;
        cand.push({ lat: p.lat + o.latencyMs, cores, val: p.val - beta * o.cores - gamma * o.batch, picks: [...p.picks, o] });
      }
    }
    cand.sort((a, b) => a.cores - b.cores || a.lat - b.lat || b.val - a.val);
    front = [];
    let bestLat = Infinity;
    for (const c of cand) {
      if (c.lat < bestLat) {
        bestLat = c.lat;
        front.push(c);
      }
    }
    if (front.length === 0) return undefined;
  }
  let best = front[0];
  for (const p of front) if (p.lat < best.lat || (p.lat === best.lat && p.val > best.val)) best = p;
  return best.picks;
}

/** Fewest-cores pick of one stage at rate `r`, or `undefined` if none can reach `r`. */
function cheapestAt(cands: readonly StageCandidate[], r: number): StageOption | undefined {
  let best: StageOption | undefined;
  for (const c of cands) {
    const o = optionFor(c, r);
    if (!o) continue;
    if (
      !best ||
      o.cores < best.cores ||
      (o.cores === best.cores && (o.latencyMs < best.latencyMs || (o.latencyMs === best.latencyMs && o.accuracy > best.accuracy)))
    ) {
      best = o;
    }
  }
  return best;
}

/** Case 2: binary search over the rates where some stage's replica count steps. */
function maxThroughputWithinCapacity(problem: AllocationProblem): Fallback {
  const stages = problem.stages;
  const coresAt = (r: number): { picks: StageOption[]; cores: number } | undefined => {
    const picks: StageOption[] = [];
    let cores = 0;
    for (const st of stages) {
      const p = cheapestAt(st.candidates, r);
      if (!p) return undefined;
      picks.push(p);
      cores += p.cores;
    }
    return { picks, cores };
  };
  // Needed cores are a non-decreasing step function of r that only steps just after a rate
  // k * thr; the rates worth trying are those steps, capped at the predicted load.
  const rates = new Set<number>([0]);
  for (const st of stages) {
    for (const c of st.candidates) {
      for (let k = c.minReplicas; k <= c.maxReplicas; k++) {
        const r = k * c.throughputRps;
        if (r >= problem.lambdaRps) break;
        rates.add(r);
      }
    }
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const fits = (r: number) => {
    const c = coresAt(r);
    return c !== undefined && c.cores <= problem.totalCores ? c : undefined;
  };
  let lo = 0;
  let hi = sorted.length - 1;
  let found = fits(sorted[0]);
  let foundRate = sorted[0];
  if (found) {
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const f = fits(sorted[mid]);
      if (f) {
        lo = mid;
        found = f;
        foundRate = sorted[mid];
      } else {
        hi = mid - 1;
      }
    }
    // Report what the picks actually sustain (at least the searched rate).
    const served = Math.min(...found.picks.map((p) => p.replicas * p.throughputRps));
    return { picks: found.picks, status: 'over-capacity', servedRps: Math.max(foundRate, Math.min(served, problem.lambdaRps)) };
  }
  // Not even the minimum fits: one replica (or the frozen count) of the fewest-cores candidate.
  const picks = stages.map((st) => {
    let best: StageOption | undefined;
    for (const c of st.candidates) {
      const replicas = replicasFor(0, c.throughputRps, c.minReplicas);
      const o: StageOption = { ...c, replicas, cores: replicas * c.coresPerReplica };
      if (!best || o.cores < best.cores || (o.cores === best.cores && o.latencyMs < best.latencyMs)) best = o;
    }
    if (!best) throw new RangeError(`stage "${st.name}" has no candidate (variant, batch) at all`);
    return best;
  });
  return { picks, status: 'over-capacity', servedRps: 0 };
}
