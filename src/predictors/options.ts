import { inputError } from '../errors.js';

/**
 * Reads an optional numeric option and checks it, so every predictor reports bad options the same
 * way: `predictor.<key>: expected <what>, got <value>`.
 *
 * @param options - the options object given to a predictor factory
 * @param key - the option's name, also the last part of the error path
 * @param ok - the range check
 * @param expected - the range, in words, for the message
 * @param fallback - the default when the option is absent
 * @internal
 */
export function numberOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  ok: (v: number) => boolean,
  expected: string,
  fallback: number,
): number;
export function numberOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  ok: (v: number) => boolean,
  expected: string,
): number | undefined;
export function numberOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  ok: (v: number) => boolean,
  expected: string,
  fallback?: number,
): number | undefined {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) inputError(`predictor.${key}`, expected, v);
  return v;
}

/** The headroom factor `1 + marginPct / 100`, validated (`marginPct >= 0`). @internal */
export function marginFactor(options: Readonly<Record<string, unknown>>): number {
  const pct = numberOption(options, 'marginPct', (v) => v >= 0, 'a number >= 0 (percent of headroom)', 0);
  return 1 + pct / 100;
}

/** A window length in whole seconds (>= 1), defaulting to `fallback`. @internal */
export function windowOption(options: Readonly<Record<string, unknown>>, fallback: number): number {
  return numberOption(options, 'windowS', (v) => Number.isInteger(v) && v >= 1, 'a whole number of seconds >= 1', fallback);
}
