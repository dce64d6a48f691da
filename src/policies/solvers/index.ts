/**
 * Solvers of IPA's allocation problem: build a problem from a pipeline, solve it exactly with `dp`,
 * `glpk` or `bruteForce`, fall back when infeasible.
 *
 * @module
 */
export * from './types.js';
export { buildProblem, problemBuilder, rankNormalisedAccuracies, replicasFor, batchWaitMs, indicatorSlackMs, optionFor, type BatchWaitTerm, type ProblemParams, type FixedParams, type LoadParams } from './build.js';
export { evaluate, violations, combineAccuracy, changeDistance, totalChangeDistance, picksOf, type Evaluation } from './evaluate.js';
export { fallback, type Fallback, type FallbackStatus } from './fallback.js';
export { solveAllocation, toConfig, type Allocation, type AllocationStatus } from './solve.js';
export { dpSolver } from './dp.js';
export { bruteForceSolver } from './brute-force.js';
export { createGlpkSolver } from './glpk.js';
export { createSolver } from './create-solver.js';
