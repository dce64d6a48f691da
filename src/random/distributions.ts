import type { Uniform } from './streams.js';

/** Draws from Exp with the given mean by inversion. `1 - u` keeps the argument of log in (0, 1]. */
export function exponential(u: Uniform, mean: number): number {
  return exponentialOf(u(), mean);
}

/**
 * {@link exponential} from a uniform `x` in [0, 1) already drawn: the same value for `x = u()`.
 * The hot loops (arrivals and service noise drawn ahead) draw `u()` themselves and call this: a
 * `u()` call inside a function shared by many callers sees many streams' closures, and V8 then
 * often calls it rather than inlining it, boxing every uniform it returns (a heap number per
 * arrival, ~16 bytes, a share of the run's minor GCs).
 */
export function exponentialOf(x: number, mean: number): number {
  return -mean * Math.log(1 - x);
}

/** A standard normal draw (Box-Muller; one of the pair is discarded so each call uses two uniforms). */
export function standardNormal(u: Uniform): number {
  const x1 = u();
  return standardNormalOf(x1, u());
}

/** {@link standardNormal} from its two uniforms already drawn, in order (see {@link exponentialOf} for why). */
export function standardNormalOf(x1: number, x2: number): number {
  const r = Math.sqrt(-2 * Math.log(1 - x1));
  return r * Math.cos(2 * Math.PI * x2);
}

/** Lognormal with the given mean and coefficient of variation (not the underlying normal's mu, sigma). */
export function lognormal(u: Uniform, mean: number, cv: number): number {
  return lognormalOf(standardNormal(u), mean, cv);
}

/** {@link lognormal} from its standard normal draw `z` already made: the same value. */
export function lognormalOf(z: number, mean: number, cv: number): number {
  const s2 = Math.log(1 + cv * cv);
  return lognormalFrom(z, mean, Math.sqrt(s2), s2 / 2);
}

/**
 * {@link lognormalOf} with the parameters of the underlying normal worked out once: `sigma =
 * Math.sqrt(s2)` and `half = s2 / 2` for `s2 = Math.log(1 + cv * cv)`. The same operations on the
 * same numbers, so the same value; a loop of draws saves two of its six transcendental calls.
 */
export function lognormalFrom(z: number, mean: number, sigma: number, half: number): number {
  return mean * Math.exp(sigma * z - half);
}

/**
 * Gamma with the given mean and coefficient of variation (shape 1/cv^2), by Marsaglia and Tsang's
 * squeeze method; shapes below 1 use the `U^(1/k)` boost.
 */
export function gamma(u: Uniform, mean: number, cv: number): number {
  const k = 1 / (cv * cv);
  const scale = mean / k;
  if (k < 1) return gammaShapeAtLeastOne(u, k + 1) * Math.pow(u(), 1 / k) * scale;
  return gammaShapeAtLeastOne(u, k) * scale;
}

function gammaShapeAtLeastOne(u: Uniform, k: number): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
