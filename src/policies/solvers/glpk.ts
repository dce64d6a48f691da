import type { GLPK, LP } from './glpk-types.js';
import { changeDistance, evaluate, picksOf, violations } from './evaluate.js';
import { optionValue, optionValueWeights } from './option-value.js';
import { isTied, type AllocationProblem, type Solver } from './types.js';

type Row = LP['subjectTo'][number];

/**
 * GLPK's branch and bound prunes a node unless its bound beats the incumbent by `tol_obj * (1 +
 * |incumbent|)`, with `tol_obj = 1e-7` fixed in glpk.js. On IPA's objectives (order 10-100) that is
 * coarser than gamma's 1e-6 per batch step, and GLPK was seen to return a solution 1e-6 short of the
 * optimum. So every solve after the first subtracts a constant close to the optimum (a column fixed
 * at 1) and scales the objective by this factor, which brings the pruning tolerance down to about
 * 1e-10 in objective units.
 */
const OFFSET_SCALE = 1e3;
type Term = { name: string; coef: number };

let glpkInstance: Promise<GLPK> | undefined;

/**
 * Loads glpk.js's synchronous Node build once per process. It is imported lazily so the
 * browser-safe core never pulls in a Node-only module unless this solver is asked for; in a browser
 * glpk.js only offers an asynchronous Web Worker API, which `Policy.decide` (synchronous) cannot
 * use, so browsers use the `dp` solver.
 */
export function loadGlpk(): Promise<GLPK> {
  glpkInstance ??= import(/* @vite-ignore */ /* webpackIgnore: true */ GLPK_NODE).then(
    (m: { default: () => GLPK }) => m.default(),
    (err: unknown) => {
      glpkInstance = undefined;
      throw new Error(`the "glpk" solver needs Node (glpk.js's synchronous build, ${GLPK_NODE}); use solver "dp" in a browser`, { cause: err });
    },
  );
  return glpkInstance;
}

/**
 * A variable, not a literal: bundlers then leave the import alone, so a browser bundle of the core
 * builds (glpk.js's Node build imports Node's `module`) and only the glpk option fails there.
 */
const GLPK_NODE = 'glpk.js/node';

/**
 * `glpk`: the allocation problem as a 0-1 integer program solved by GLPK (glpk.js), the
 * open-source stand-in for IPA's Gurobi model.
 *
 * Enumerated form: one binary `x[s,o]` per stage option, `sum_o x[s,o] = 1`, `sum latency x <=
 * SLA`, `sum cores x <= capacity`; the objective is linear for sum and mean accuracy. Product
 * accuracy is linearised exactly: `y[0] = sum_o acc x[0,o]`, and for later stages `y[s] = sum_o acc
 * z[s,o]` with `0 <= z[s,o] <= U[s-1] x[s,o]` and `z[s,o] <= y[s-1]` (U = the largest prefix
 * product). Since the objective increases with `y` (alpha >= 0, accuracies >= 0), the maximiser sets
 * `z` of the chosen option to `y[s-1]` and every other `z` to 0, so `y[S-1]` is the product.
 *
 * The first solve is sharpened by a second one around its optimum (see `OFFSET_SCALE`).
 * Least change: when the optimum found changes anything, further programs cap the change distance
 * (an integer between 0 and the optimum's distance, binary-searched) and keep the smallest cap whose
 * optimum ties the unrestricted one. GLPK works to about 1e-7 feasibility, so every answer is
 * re-checked exactly; one that breaks a constraint by rounding triggers a re-solve with the SLA and
 * cores rows tightened.
 */
export async function createGlpkSolver(): Promise<Solver> {
  const glpk = await loadGlpk();
  return {
    name: 'glpk',
    solve(problem: AllocationProblem): number[] | null {
      if (problem.stages.length === 0) return [];
      if (problem.stages.some((st) => st.options.length === 0)) return null;
      let shrink = 0;
      for (let attempt = 0; attempt < 4; attempt++) {
        let first = solveOnce(glpk, problem, shrink);
        if (!first) return null;
        if (exactlyFeasible(problem, first)) {
          // Sharpen: re-solve around the first optimum (see OFFSET_SCALE); keep whichever is better.
          const obj1 = evaluate(problem, picksOf(problem, first)).objective;
          const again = solveOnce(glpk, problem, shrink, undefined, obj1);
          if (again && exactlyFeasible(problem, again) && evaluate(problem, picksOf(problem, again)).objective > obj1) first = again;
        }
        if (!exactlyFeasible(problem, first)) {
          shrink = shrink === 0 ? 1e-9 : shrink * 100;
          continue;
        }
        const d1 = distanceOf(problem, first);
        if (!problem.current || d1 === 0) return first;
        // Least change: the smallest distance cap whose optimum ties the unrestricted one. The
        // optimum only grows with the cap, so binary search over the integer caps 0..d1-1.
        const best = evaluate(problem, picksOf(problem, first)).objective;
        const offset = best;
        let answer = first;
        let lo = 0;
        let hi = d1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const c = solveOnce(glpk, problem, shrink, mid, offset);
          if (c && exactlyFeasible(problem, c) && isTied(evaluate(problem, picksOf(problem, c)).objective, best)) {
            answer = c;
            hi = Math.min(mid, distanceOf(problem, c));
          } else {
            lo = mid + 1;
          }
        }
        return answer;
      }
      return null;
    },
  };
}

function exactlyFeasible(problem: AllocationProblem, choice: number[]): boolean {
  return violations(problem, picksOf(problem, choice)).length === 0;
}

function distanceOf(problem: AllocationProblem, choice: number[]): number {
  let d = 0;
  choice.forEach((o, s) => (d += changeDistance(problem.stages[s].options[o], problem.current?.[s])));
  return d;
}

/**
 * Builds and solves one program. `shrink` tightens the SLA and cores rows (relative); `maxDistance`
 * caps the least-change distance (an integer row, well conditioned, unlike a row fixing the
 * objective at its optimum, on which GLPK's simplex was seen to cycle); `offset` shifts and scales
 * the objective (see `OFFSET_SCALE`).
 */
function solveOnce(glpk: GLPK, problem: AllocationProblem, shrink: number, maxDistance?: number, offset?: number): number[] | null {
  const { stages } = problem;
  const S = stages.length;
  const w = optionValueWeights(problem.weights, problem.accuracyMethod, S);
  const x = (s: number, o: number) => `x${s}_${o}`;

  const rows: Row[] = [];
  const binaries: string[] = [];
  const objective: Term[] = [];
  const latency: Term[] = [];
  const cores: Term[] = [];
  const distance: Term[] = [];
  const bounds: NonNullable<LP['bounds']> = [];

  stages.forEach((st, s) => {
    const one: Term[] = [];
    st.options.forEach((o, i) => {
      const name = x(s, i);
      binaries.push(name);
      one.push({ name, coef: 1 });
      latency.push({ name, coef: o.latencyMs });
      cores.push({ name, coef: o.cores });
      const v = optionValue(w, o.accuracy, o.cores, o.batch, o.powerW);
      if (v !== 0) objective.push({ name, coef: v });
      const d = changeDistance(o, problem.current?.[s]);
      if (d !== 0) distance.push({ name, coef: d });
    });
    rows.push({ name: `one${s}`, vars: one, bnds: { type: glpk.GLP_FX, lb: 1, ub: 1 } });
  });
  rows.push({
    name: 'sla',
    vars: latency,
    bnds: { type: glpk.GLP_UP, lb: 0, ub: problem.slaMs - shrink * Math.abs(problem.slaMs) },
  });
  if (Number.isFinite(problem.totalCores)) {
    rows.push({
      name: 'cores',
      vars: cores,
      bnds: { type: glpk.GLP_UP, lb: 0, ub: problem.totalCores - shrink * Math.abs(problem.totalCores) },
    });
  }
  if (w.product) {
    // Exact linearisation of the accuracy product (see createGlpkSolver).
    let prefixMax = 1;
    stages.forEach((st, s) => {
      const y = `y${s}`;
      const def: Term[] = [{ name: y, coef: -1 }];
      st.options.forEach((o, i) => {
        if (s === 0) {
          def.push({ name: x(0, i), coef: o.accuracy });
          return;
        }
        const z = `z${s}_${i}`;
        def.push({ name: z, coef: o.accuracy });
        rows.push({ name: `zx${s}_${i}`, vars: [{ name: z, coef: 1 }, { name: x(s, i), coef: -prefixMax }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
        rows.push({ name: `zy${s}_${i}`, vars: [{ name: z, coef: 1 }, { name: `y${s - 1}`, coef: -1 }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
        bounds.push({ name: z, type: glpk.GLP_LO, lb: 0, ub: 0 });
      });
      rows.push({ name: `ydef${s}`, vars: def, bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } });
      bounds.push({ name: y, type: glpk.GLP_LO, lb: 0, ub: 0 });
      prefixMax *= Math.max(0, ...st.options.map((o) => o.accuracy));
    });
    objective.push({ name: `y${S - 1}`, coef: problem.weights.alpha });
  }

  if (maxDistance !== undefined) {
    if (distance.length === 0) return null;
    rows.push({ name: 'change', vars: distance, bnds: { type: glpk.GLP_UP, lb: 0, ub: maxDistance } });
  }
  // GLPK needs at least one objective entry to know the variables; a zero coefficient is harmless.
  let objVars = objective.length > 0 ? objective : [{ name: x(0, 0), coef: 0 }];
  if (offset !== undefined) {
    objVars = objVars.map((t) => ({ name: t.name, coef: t.coef * OFFSET_SCALE }));
    objVars.push({ name: 'k0', coef: -offset * OFFSET_SCALE });
    bounds.push({ name: 'k0', type: glpk.GLP_FX, lb: 1, ub: 1 });
  }

  const lp: LP = {
    name: 'ipa',
    objective: { direction: glpk.GLP_MAX, name: 'obj', vars: objVars },
    subjectTo: rows,
    bounds,
    binaries,
  };
  // The time limit is a guard against a solver stall, far above any solve seen (< 0.1 s).
  const res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: 30 });
  const status = res.result.status;
  if (status !== glpk.GLP_OPT && status !== glpk.GLP_FEAS) return null;
  const choice = new Array<number>(S);
  stages.forEach((st, s) => {
    let bestI = 0;
    let bestV = -Infinity;
    st.options.forEach((_, i) => {
      const v = res.result.vars[x(s, i)] ?? 0;
      if (v > bestV) {
        bestV = v;
        bestI = i;
      }
    });
    choice[s] = bestI;
  });
  return choice;
}
