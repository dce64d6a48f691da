import { evaluate, picksOf, totalChangeDistance } from './evaluate.js';
import { isTied, type AllocationProblem, type Solver } from './types.js';

/**
 * `bruteForce`: enumerates every choice of one option per stage (in lexicographic order of option
 * indices) and keeps the best feasible one; among tied optima, the least change, then the first
 * enumerated. Exponential; the reference the other solvers are tested against, and IPA's own
 * `brute-force` method. Refuses problems with more than `maxCombinations` choices.
 */
export function bruteForceSolver(maxCombinations = 5_000_000): Solver {
  return {
    name: 'bruteForce',
    solve(problem: AllocationProblem): number[] | null {
      const stages = problem.stages;
      const S = stages.length;
      if (S === 0) return [];
      let total = 1;
      for (const st of stages) total *= st.options.length;
      if (total === 0) return null;
      if (total > maxCombinations) {
        throw new RangeError(`bruteForce: ${total} combinations exceed the limit of ${maxCombinations}`);
      }
      const choice = new Array<number>(S).fill(0);
      let best: number[] | null = null;
      let bestObj = -Infinity;
      let bestDist = Infinity;
      const evalAll: { obj: number; dist: number; choice: number[] }[] = [];
      for (;;) {
        const picks = picksOf(problem, choice);
        const e = evaluate(problem, picks);
        if (e.latencyMs <= problem.slaMs && e.cores <= problem.totalCores) {
          evalAll.push({ obj: e.objective, dist: totalChangeDistance(problem, picks), choice: [...choice] });
          if (e.objective > bestObj) bestObj = e.objective;
        }
        // Odometer increment over option indices, last stage fastest.
        let s = S - 1;
        while (s >= 0 && ++choice[s] === stages[s].options.length) choice[s--] = 0;
        if (s < 0) break;
      }
      for (const c of evalAll) {
        if (isTied(c.obj, bestObj) && c.dist < bestDist) {
          bestDist = c.dist;
          best = c.choice;
        }
      }
      return best;
    },
  };
}
