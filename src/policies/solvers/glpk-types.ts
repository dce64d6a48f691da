/**
 * The part of glpk.js's API infersim uses, declared here rather than imported from glpk.js: its
 * types are reachable only through its `exports` map, so a consumer compiling with
 * `moduleResolution: node10` (tslab, older setups) and without `skipLibCheck` would fail on our
 * declarations if they referenced them. glpk.js is loaded at run time only (`loadGlpk`), and its
 * module is cast to these shapes there.
 */

/** A linear term: coefficient `coef` of variable `name`. */
export interface GlpkTerm {
  name: string;
  coef: number;
}

/** Bounds of a row or variable; `type` is one of GLPK's `GLP_FR/LO/UP/DB/FX` constants. */
export interface GlpkBounds {
  type: number;
  lb: number;
  ub: number;
}

/** A (mixed-integer) linear program in glpk.js's JSON form. */
export interface LP {
  name: string;
  objective: { direction: number; name: string; vars: GlpkTerm[] };
  subjectTo: { name: string; vars: GlpkTerm[]; bnds: GlpkBounds }[];
  bounds?: ({ name: string } & GlpkBounds)[];
  binaries?: string[];
  generals?: string[];
}

/** Solver options used by infersim (glpk.js has more). */
export interface GlpkOptions {
  /** Message level (`GLP_MSG_*`). */
  msglev?: number;
  presol?: boolean;
  /** Time limit, s. */
  tmlim?: number;
}

/** What `solve` returns: the status (`GLP_OPT`, `GLP_FEAS`, ...) and the variables' values. */
export interface GlpkResult {
  result: { status: number; z: number; vars: Record<string, number> };
}

/** glpk.js's synchronous (Node) solver, as infersim uses it. */
export interface GLPK {
  readonly GLP_MIN: number;
  readonly GLP_MAX: number;
  readonly GLP_LO: number;
  readonly GLP_UP: number;
  readonly GLP_DB: number;
  readonly GLP_FX: number;
  readonly GLP_MSG_OFF: number;
  readonly GLP_FEAS: number;
  readonly GLP_OPT: number;
  solve(lp: LP, options?: GlpkOptions): GlpkResult;
}
