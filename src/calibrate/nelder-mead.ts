/**
 * A small Nelder-Mead simplex minimiser (Nelder and Mead 1965, with the standard coefficients of
 * Lagarias et al. 1998: reflection 1, expansion 2, contraction 0.5, shrink 0.5). Derivative-free,
 * so it suits objectives computed by simulation; deterministic (no random restarts), so a
 * calibration is reproducible. Written here rather than taken from npm because the packages that
 * offer it are unmaintained or pull in a larger library; it is short enough to read in one sitting
 * and is checked against known minima in test/calibrate/nelder-mead.test.ts.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial step along each axis when building the first simplex (default 0.5 for every axis). */
  step?: number | readonly number[];
  /** Stop after this many objective evaluations (default 200 x dimensions). */
  maxEvaluations?: number;
  /** Stop when the simplex's objective values differ by at most this (default 1e-8)... */
  fTolerance?: number;
  /** ...and its vertices by at most this along every axis (default 1e-6). */
  xTolerance?: number;
}

/** What {@link nelderMead} found. */
export interface NelderMeadResult {
  /** The best point. */
  x: number[];
  /** The objective there. */
  f: number;
  /** Objective evaluations spent. */
  evaluations: number;
  /** Iterations of the simplex. */
  iterations: number;
  /** True when the tolerances were met; false when `maxEvaluations` ran out first. */
  converged: boolean;
}

/**
 * Minimises `f` from `x0`. Non-finite objective values count as +Infinity (the simplex moves away).
 * `f` may be asynchronous (a simulation); evaluations run one at a time, in a fixed order.
 *
 * @example
 * ```ts
 * (await nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0])).x; // ~[1, -2]
 * ```
 */
export async function nelderMead(
  f: (x: readonly number[]) => number | Promise<number>,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): Promise<NelderMeadResult> {
  const n = x0.length;
  if (n === 0) throw new RangeError('nelderMead needs at least one dimension');
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const fTol = options.fTolerance ?? 1e-8;
  const xTol = options.xTolerance ?? 1e-6;
  const steps = typeof options.step === 'number' || options.step === undefined ? new Array<number>(n).fill(options.step ?? 0.5) : [...options.step];
  if (steps.length !== n) throw new RangeError(`nelderMead: ${steps.length} steps for ${n} dimensions`);

  let evaluations = 0;
  const evaluate = async (x: number[]): Promise<number> => {
    evaluations++;
    const v = await f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  // The simplex: n + 1 vertices, kept sorted by objective (best first).
  let simplex: { x: number[]; f: number }[] = [{ x: [...x0], f: await evaluate([...x0]) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] += steps[i];
    simplex.push({ x, f: await evaluate(x) });
  }
  const sort = () => simplex.sort((a, b) => a.f - b.f);
  sort();

  const along = (from: readonly number[], to: readonly number[], t: number): number[] => from.map((v, i) => v + t * (to[i] - v));
  let iterations = 0;
  let converged = false;
  while (evaluations < maxEvaluations) {
    const best = simplex[0];
    const worst = simplex[n];
    const fSpread = worst.f - best.f;
    let xSpread = 0;
    for (const v of simplex) for (let i = 0; i < n; i++) xSpread = Math.max(xSpread, Math.abs(v.x[i] - best.x[i]));
    if (fSpread <= fTol && xSpread <= xTol) {
      converged = true;
      break;
    }
    iterations++;
    // Centroid of every vertex but the worst.
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[k].x[i] / n;

    const xr = along(centroid, worst.x, -1);
    const fr = await evaluate(xr);
    if (fr < best.f) {
      const xe = along(centroid, worst.x, -2);
      const fe = await evaluate(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < simplex[n - 1].f) {
      simplex[n] = { x: xr, f: fr };
    } else {
      // Contract: outside when the reflection beat the worst, inside otherwise.
      const outside = fr < worst.f;
      const xc = along(centroid, outside ? xr : worst.x, 0.5);
      const fc = await evaluate(xc);
      if (fc < (outside ? fr : worst.f)) {
        simplex[n] = { x: xc, f: fc };
      } else {
        // Shrink every vertex towards the best.
        const shrunk = [best];
        for (const v of simplex.slice(1)) {
          const x = along(best.x, v.x, 0.5);
          shrunk.push({ x, f: await evaluate(x) });
        }
        simplex = shrunk;
      }
    }
    sort();
  }
  const best = simplex[0];
  return { x: best.x, f: best.f, evaluations, iterations, converged };
}
