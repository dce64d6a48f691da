// infersim declares the slice of glpk.js it uses (src/policies/solvers/glpk-types.ts) so its
// published types never reference glpk.js's. This keeps that slice true to glpk.js: the type
// assertions fail `npm run typecheck` if glpk.js's real API stops fitting it, and the run checks
// the loaded module against it.
import type * as Real from 'glpk.js/node';
import { describe, expect, it } from 'vitest';
import type { GLPK, GlpkResult, LP } from '../../src/policies/solvers/glpk-types.js';
import { loadGlpk } from '../../src/policies/solvers/glpk.js';

// glpk.js's solver is usable where ours is expected, our programs are glpk.js programs, and its
// results carry what we read.
export const solverFits = (g: Real.GLPK): GLPK => g;
export const lpFits = (lp: LP): Real.LP => lp;
export const resultFits = (r: Real.Result): GlpkResult => r;

describe('the declared GLPK slice', () => {
  it('matches the loaded glpk.js: numeric constants, and a tiny MILP solved to its optimum', async () => {
    const glpk = await loadGlpk();
    for (const k of ['GLP_MIN', 'GLP_MAX', 'GLP_LO', 'GLP_UP', 'GLP_DB', 'GLP_FX', 'GLP_MSG_OFF', 'GLP_FEAS', 'GLP_OPT'] as const) expect(typeof glpk[k], k).toBe('number');
    // max x + 2y, x + y <= 1.5, x, y binary: y = 1, x = 0, objective 2.
    const res = glpk.solve(
      {
        name: 't',
        objective: { direction: glpk.GLP_MAX, name: 'obj', vars: [{ name: 'x', coef: 1 }, { name: 'y', coef: 2 }] },
        subjectTo: [{ name: 'c', vars: [{ name: 'x', coef: 1 }, { name: 'y', coef: 1 }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 1.5 } }],
        binaries: ['x', 'y'],
      },
      { msglev: glpk.GLP_MSG_OFF },
    );
    expect(res.result.status).toBe(glpk.GLP_OPT);
    expect(res.result.vars).toEqual({ x: 0, y: 1 });
    expect(res.result.z).toBe(2);
  });
});
