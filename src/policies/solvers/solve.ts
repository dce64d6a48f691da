import { wallMs } from '../../util/wall-clock.js';
import type { StageConfig } from '../types.js';
import { evaluate, picksOf, type Evaluation } from './evaluate.js';
import { fallback, type FallbackStatus } from './fallback.js';
import type { AllocationProblem, Solver, StageOption } from './types.js';

/** How an allocation was reached. */
export type AllocationStatus = 'optimal' | FallbackStatus;

/** A solved allocation problem: the configuration and what it scores. */
export interface Allocation extends Evaluation {
  /** One `{ variant, batch, replicas }` per stage. */
  config: StageConfig[];
  /** The chosen options, with their latency terms, throughput and accuracy values. */
  picks: StageOption[];
  /** `optimal`, or which fallback was used (see `fallback`). */
  status: AllocationStatus;
  /** `true` when every constraint holds (`status === 'optimal'`). */
  feasible: boolean;
  /** The load the configuration sustains, in requests/s (the predicted load unless over capacity). */
  servedRps: number;
  /** Wall time of the solver call (and fallback) in ms. */
  solveMs: number;
}

/** Converts picks into stage configurations. */
export function toConfig(picks: readonly StageOption[]): StageConfig[] {
  return picks.map((p) => ({ variant: p.variant, batch: p.batch, replicas: p.replicas }));
}


/**
 * Solves `problem` with `solver`; when it has no feasible solution, uses the shared
 * {@link fallback} and says so in `status`.
 */
export function solveAllocation(problem: AllocationProblem, solver: Solver): Allocation {
  const t0 = wallMs();
  const choice = solver.solve(problem);
  let picks: StageOption[];
  let status: AllocationStatus = 'optimal';
  let servedRps = problem.lambdaRps;
  if (choice) {
    picks = picksOf(problem, choice);
  } else {
    const f = fallback(problem);
    picks = f.picks;
    status = f.status;
    servedRps = f.servedRps;
  }
  return allocationOf(problem, picks, status, servedRps, wallMs() - t0);
}

/**
 * The allocation of `picks` (one option per stage) for `problem`, scored by {@link evaluate}, which
 * reads only the problem's weights and accuracy method.
 * @internal
 */
export function allocationOf(problem: AllocationProblem, picks: StageOption[], status: AllocationStatus, servedRps: number, solveMs: number): Allocation {
  const e = evaluate(problem, picks);
  // Field by field: spreading the evaluation cost more than the dp solve of IPA's video problem.
  return {
    objective: e.objective,
    accuracy: e.accuracy,
    cores: e.cores,
    latencyMs: e.latencyMs,
    batchSum: e.batchSum,
    powerW: e.powerW,
    config: toConfig(picks),
    picks,
    status,
    feasible: status === 'optimal',
    servedRps,
    solveMs,
  };
}
