/**
 * The allocation problem every IPA-family policy solves each adaptation interval, and the one
 * interface its solvers share.
 *
 * IPA's integer program has, per stage, a one-hot variant, a one-hot batch size and an integer
 * replica count. Replicas only ever cost (and use capacity), so for a chosen (variant, batch) the best
 * count is the smallest that sustains the predicted load, `n = ceil(lambda / thr)`. That turns the
 * program into a multiple-choice knapsack: pick one {@link StageOption} per stage, latencies and
 * cores add up under the SLA and the cluster's cores, values add up (or multiply, for product
 * accuracy). The solvers in this folder solve exactly that problem.
 *
 * @module
 */

/** How per-stage accuracies combine into the pipeline accuracy score (PAS). */
export type AccuracyMethod = 'sum' | 'product' | 'mean';

/** The accuracy methods, for validation messages and CLI help. */
export const accuracyMethods: readonly AccuracyMethod[] = ['sum', 'product', 'mean'];

/**
 * Weights of IPA's objective `alpha * ACC - beta * sum(cores) - gamma * sum(batch) - delta * power`.
 * `delta` is the energy-aware hook (0 unless a policy sets it).
 */
export interface ObjectiveWeights {
  alpha: number;
  beta: number;
  gamma: number;
  /** Weight of predicted power in W (energy-aware IPA); 0 or absent: no power term. */
  delta?: number;
}

/**
 * One (variant, batch size) a stage may run, before replicas are decided. The fallback needs these
 * (not just the load-sustaining {@link StageOption}s) to size a configuration when the load cannot
 * be served.
 */
export interface StageCandidate {
  /** Variant name, as in the profile. */
  variant: string;
  /** Index of the variant in the stage's profile. */
  variantIndex: number;
  /** Maximum batch size. */
  batch: number;
  /** The stage's term of the SLA check: p99 x (1 + latency margin) + batch-wait term, in ms. */
  latencyMs: number;
  /** The batch-wait part of `latencyMs`, in ms (reported, not used separately). */
  queueMs: number;
  /** Requests per second one replica sustains (after the throughput margin). */
  throughputRps: number;
  /** Cores one replica is allocated. */
  coresPerReplica: number;
  /** The accuracy value fed to ACC: raw, or rank-normalised. */
  accuracy: number;
  /**
   * Predicted power in W of this stage serving the predicted load (energy-aware hook), else 0. On a
   * candidate: the dynamic part; on an option, plus the idle power of its cores (`idleWPerCore`).
   */
  powerW: number;
  /**
   * Idle power per allocated core, W, that an option adds to `powerW` for the cores its replicas
   * hold (energy-aware IPA under `allocated` idle accounting); absent: none.
   */
  idleWPerCore?: number;
  /** Smallest replica count allowed (1, or the frozen count). */
  minReplicas: number;
  /** Largest replica count allowed (the scaling cap, or the frozen count). */
  maxReplicas: number;
}

/** A candidate with its replica count decided: what a solver picks, one per stage. */
export interface StageOption extends StageCandidate {
  replicas: number;
  /** `coresPerReplica * replicas`. */
  cores: number;
}

/** One stage of an {@link AllocationProblem}. */
export interface ProblemStage {
  name: string;
  /** Every (variant, batch) the stage may run, load-sustaining or not. */
  candidates: StageCandidate[];
  /** The candidates that sustain the load within their replica bounds, with replicas decided. */
  options: StageOption[];
}

/** The multiple-choice knapsack the solvers solve; build one with `buildProblem`. */
export interface AllocationProblem {
  stages: ProblemStage[];
  /** Predicted load in requests/s. */
  lambdaRps: number;
  /** End-to-end SLA in ms: the sum of the chosen options' `latencyMs` must not exceed it. */
  slaMs: number;
  /** Cores of the cluster (Infinity: unbounded). */
  totalCores: number;
  weights: ObjectiveWeights;
  accuracyMethod: AccuracyMethod;
  /**
   * The current configuration, for IPA's least-change tie-break among optimal solutions: the
   * distance of an option is 1 if its variant differs plus 1 if its batch differs (replicas are not
   * counted, as in IPA's `choose_config`).
   */
  current?: readonly { variant: string; batch: number }[];
}

/** Names of the solvers. */
export type SolverName = 'dp' | 'glpk' | 'bruteForce';

/** The solver names, for validation messages. */
export const solverNames: readonly SolverName[] = ['dp', 'glpk', 'bruteForce'];

/**
 * An exact solver of {@link AllocationProblem}s: returns the index of the chosen option per stage,
 * optimal and, among optimal choices, closest to `problem.current`; or `null` when no choice
 * satisfies the SLA and capacity (callers then use the fallback, see `solveAllocation`).
 * Synchronous, because `Policy.decide` is.
 */
export interface Solver {
  readonly name: SolverName;
  /** The chosen option's index per stage, or `null` when no choice is feasible. */
  solve(problem: AllocationProblem): number[] | null;
}

/**
 * Relative tolerance under which two objective values count as tied (for the least-change
 * tie-break). Far below IPA's smallest real difference (gamma = 1e-6 per batch step on objectives
 * of order 1-1000), far above the rounding of a sum of a few dozen terms.
 */
export const TIE_TOLERANCE = 1e-12;

/** `true` when `a` is tied with or better than `best` under {@link TIE_TOLERANCE}. */
export function isTied(a: number, best: number): boolean {
  return a >= best - TIE_TOLERANCE * Math.max(1, Math.abs(best));
}
