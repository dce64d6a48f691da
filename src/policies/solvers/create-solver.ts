import { bruteForceSolver } from './brute-force.js';
import { dpSolver } from './dp.js';
import { createGlpkSolver } from './glpk.js';
import type { Solver, SolverName } from './types.js';

/** A solver by name; async because `glpk` loads its WebAssembly module on first use. */
export async function createSolver(name: SolverName): Promise<Solver> {
  switch (name) {
    case 'dp':
      return dpSolver;
    case 'glpk':
      return createGlpkSolver();
    case 'bruteForce':
      return bruteForceSolver();
  }
}
