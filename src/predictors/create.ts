import { describeValue, InputError, inputError } from '../errors.js';
import { closest } from '../util/closest.js';
import { ewma } from './ewma.js';
import { lstm } from './lstm.js';
import { max } from './max.js';
import { movingAverage } from './moving-average.js';
import { reactive } from './reactive.js';
import type { Predictor, PredictorSpec } from './types.js';

/** Names of the built-in predictors, as a scenario's `predictor.type` takes them. */
export type PredictorType = 'reactive' | 'max' | 'movingAverage' | 'ewma' | 'lstm';

/**
 * The built-in predictors by scenario name, with the options each accepts (checked here so a typo
 * in an option name is an error, not a silently ignored key).
 */
const builtins = {
  reactive: { make: reactive, options: ['marginPct'] },
  max: { make: max, options: ['windowS', 'marginPct'] },
  movingAverage: { make: movingAverage, options: ['windowS', 'marginPct'] },
  ewma: { make: ewma, options: ['alpha', 'halfLifeS', 'marginPct'] },
  lstm: { make: lstm, options: ['model', 'loadScale', 'marginPct'] },
} as const satisfies Record<PredictorType, { make: (o: never) => Predictor; options: readonly string[] }>;

/** The built-in predictor names. */
export const predictorTypes = Object.keys(builtins) as PredictorType[];

/** Hints for names that are not typos but another tool's vocabulary. */
const aliases: Record<string, string> = {
  avg: 'use "movingAverage" (IPA\'s "avg" returned max/len, a bug not reproduced)',
  mean: 'did you mean "movingAverage"?',
  ema: 'did you mean "ewma"?',
  last: 'did you mean "reactive"?',
};

/**
 * Makes a predictor from a scenario's spec (`{ "type": "max", "windowS": 60, "marginPct": 10 }`),
 * a bare type name (`"lstm"`, defaults for every option), or passes a ready {@link Predictor}
 * through: the one place that normalises the three forms.
 *
 * @throws InputError with path `predictor.<field>`, what was expected and received, and a
 * suggestion for a misspelt type or option name.
 *
 * @example
 * createPredictor('reactive');
 * createPredictor({ type: 'ewma', halfLifeS: 30, marginPct: 20 });
 */
export function createPredictor(spec: PredictorSpec | string | Predictor): Predictor {
  if (typeof spec === 'string') spec = { type: spec };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    inputError('predictor', 'a predictor name or an object with a "type"', spec);
  }
  if (typeof (spec as Predictor).predict === 'function') return spec as Predictor;
  const { type, ...options } = spec as PredictorSpec;
  if (typeof type !== 'string' || !Object.hasOwn(builtins, type)) {
    const near = typeof type === 'string' ? closest(type, predictorTypes) : undefined;
    const hint = typeof type === 'string' ? (aliases[type.toLowerCase()] ?? (near ? `did you mean "${near}"?` : undefined)) : undefined;
    throw new InputError([
      {
        path: 'predictor.type',
        expected: `one of ${predictorTypes.map((n) => JSON.stringify(n)).join(', ')}`,
        received: describeValue(type),
        hint,
      },
    ]);
  }
  const entry = builtins[type as PredictorType];
  const allowed: readonly string[] = entry.options;
  const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      unknown.map((key) => {
        const near = closest(key, allowed);
        return {
          path: `predictor.${key}`,
          expected: `no such option for "${type}" (options: ${allowed.join(', ')})`,
          received: describeValue(options[key]),
          hint: near ? `did you mean "${near}"?` : undefined,
        };
      }),
    );
  }
  return (entry.make as (o: Record<string, unknown>) => Predictor)(options);
}
