import type { AccuracyMethod, AllocationProblem, StageOption } from './types.js';

/** The metrics of one pick per stage, computed the same way whichever solver chose it. */
export interface Evaluation {
  /** `alpha * ACC - beta * cores - gamma * sum(batch) - delta * power`. */
  objective: number;
  /** The pipeline accuracy score ACC (sum, product or mean of the picks' accuracy values). */
  accuracy: number;
  /** Cores of all replicas of all stages. */
  cores: number;
  /** Sum of the stages' SLA terms (p99 with margin + batch wait), in ms. */
  latencyMs: number;
  /** Sum of the batch sizes. */
  batchSum: number;
  /** Predicted power in W (0 without energy profiles). */
  powerW: number;
}

/** Combines per-stage accuracy values into ACC. */
export function combineAccuracy(values: readonly number[], method: AccuracyMethod): number {
  if (method === 'product') {
    let p = 1;
    for (const v of values) p *= v;
    return p;
  }
  let s = 0;
  for (const v of values) s += v;
  return method === 'mean' ? s / Math.max(1, values.length) : s;
}

/**
 * Evaluates picks (one option per stage). Sums run in stage order, as in the solvers, so an SLA
 * check on the sum is reproducible bit for bit.
 */
export function evaluate(problem: AllocationProblem, picks: readonly StageOption[]): Evaluation {
  const { alpha, beta, gamma } = problem.weights;
  const delta = problem.weights.delta ?? 0;
  let cores = 0;
  let latencyMs = 0;
  let batchSum = 0;
  let powerW = 0;
  for (const p of picks) {
    cores += p.cores;
    latencyMs += p.latencyMs;
    batchSum += p.batch;
    powerW += p.powerW;
  }
  const accuracy = combineAccuracy(
    picks.map((p) => p.accuracy),
    problem.accuracyMethod,
  );
  const objective = alpha * accuracy - beta * cores - gamma * batchSum - (delta ? delta * powerW : 0);
  return { objective, accuracy, cores, latencyMs, batchSum, powerW };
}

/** The picks named by option indices, one per stage. */
export function picksOf(problem: AllocationProblem, choice: readonly number[]): StageOption[] {
  return choice.map((o, s) => problem.stages[s].options[o]);
}

/** IPA's least-change distance of one option from the stage's current configuration. */
export function changeDistance(
  option: { variant: string; batch: number },
  current: { variant: string; batch: number } | undefined,
): number {
  if (!current) return 0;
  return (option.variant !== current.variant ? 1 : 0) + (option.batch !== current.batch ? 1 : 0);
}

/** Total least-change distance of picks from `problem.current` (0 when there is none). */
export function totalChangeDistance(problem: AllocationProblem, picks: readonly StageOption[]): number {
  let d = 0;
  picks.forEach((p, s) => (d += changeDistance(p, problem.current?.[s])));
  return d;
}

/**
 * Every constraint the picks break, as short messages (empty: all satisfied): SLA, cluster cores,
 * load (replicas x throughput >= lambda), and replica bounds (scaling cap or frozen count).
 */
export function violations(problem: AllocationProblem, picks: readonly StageOption[]): string[] {
  const out: string[] = [];
  const e = evaluate(problem, picks);
  if (!(e.latencyMs <= problem.slaMs)) out.push(`latency ${e.latencyMs} ms > SLA ${problem.slaMs} ms`);
  if (!(e.cores <= problem.totalCores)) out.push(`cores ${e.cores} > capacity ${problem.totalCores}`);
  picks.forEach((p, s) => {
    if (p.replicas * p.throughputRps < problem.lambdaRps) {
      out.push(`stage ${s}: ${p.replicas} x ${p.throughputRps} rps < load ${problem.lambdaRps} rps`);
    }
    if (p.replicas < p.minReplicas || p.replicas > p.maxReplicas) {
      out.push(`stage ${s}: replicas ${p.replicas} outside [${p.minReplicas}, ${p.maxReplicas}]`);
    }
    if (p.cores !== p.replicas * p.coresPerReplica) out.push(`stage ${s}: cores inconsistent`);
  });
  return out;
}
