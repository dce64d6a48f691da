import { describeValue, InputError, type InputIssue } from '../errors.js';
import { closest } from '../util/closest.js';

/** Numeric checks of {@link OptionReader.number}. */
export interface NumberCheck {
  min?: number;
  max?: number;
  /** Strict lower bound. */
  above?: number;
  integer?: boolean;
}

/**
 * Reads a policy's options, collecting every problem before throwing one {@link InputError}, so a
 * user sees all mistakes at once, each at `policy.<option>`, with a suggestion for a misspelt key.
 */
export interface OptionReader {
  /** A finite number (default when absent). */
  number(key: string, fallback: number, check?: NumberCheck): number;
  /** A finite number or `undefined` when absent. */
  optionalNumber(key: string, check?: NumberCheck): number | undefined;
  /** A boolean (default when absent). */
  boolean(key: string, fallback: boolean): boolean;
  /** One of `values` (default when absent). */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T;
  /** The raw value, for options with their own shape. */
  value(key: string): unknown;
  /** Records a problem at `policy.<suffix>`. */
  issue(suffix: string, expected: string, received: unknown, hint?: string): void;
  /**
   * Records the issues of an {@link InputError} thrown by a nested factory (a predictor's
   * `predictor.windowS`) under `policy.`, so the user sees where in the scenario they are; any
   * other error is rethrown.
   */
  adopt(err: unknown): void;
  /** Whether any problem was recorded so far. */
  readonly failed: boolean;
  /** Reports unknown keys and throws if any problem was recorded. */
  finish(): void;
}

function describeCheck(c: NumberCheck): string {
  const parts: string[] = [c.integer ? 'an integer' : 'a number'];
  if (c.above !== undefined) parts.push(`> ${c.above}`);
  if (c.min !== undefined) parts.push(`>= ${c.min}`);
  if (c.max !== undefined) parts.push(`<= ${c.max}`);
  return parts.join(' ');
}

function passes(v: number, c: NumberCheck): boolean {
  return (
    Number.isFinite(v) &&
    (!c.integer || Number.isInteger(v)) &&
    (c.above === undefined || v > c.above) &&
    (c.min === undefined || v >= c.min) &&
    (c.max === undefined || v <= c.max)
  );
}

/**
 * An {@link OptionReader} over `options` for the policy `policy`, which accepts the keys `known`.
 *
 * @example
 * const r = readOptions('ipa', options, ['alpha', 'beta']);
 * const alpha = r.number('alpha', 2, { min: 0 });
 * r.finish(); // throws InputError listing every bad or unknown option
 */
export function readOptions(policy: string, options: Record<string, unknown>, known: readonly string[]): OptionReader {
  const issues: InputIssue[] = [];
  const issue = (suffix: string, expected: string, received: unknown, hint?: string) =>
    issues.push({ path: `policy.${suffix}`, expected, received: describeValue(received), hint });
  const num = (key: string, check: NumberCheck): number | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !passes(v, check)) {
      issue(key, describeCheck(check), v);
      return undefined;
    }
    return v;
  };
  return {
    number: (key, fallback, check = {}) => num(key, check) ?? fallback,
    optionalNumber: (key, check = {}) => num(key, check),
    boolean(key, fallback) {
      const v = options[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'boolean') {
        issue(key, 'true or false', v);
        return fallback;
      }
      return v;
    },
    oneOf(key, values, fallback) {
      const v = options[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || !values.includes(v as never)) {
        // A typo, or an abbreviation ("prod" for "product").
        const near =
          typeof v === 'string'
            ? (closest(v, values) ?? (v.length >= 3 ? values.find((x) => x.toLowerCase().startsWith(v.toLowerCase())) : undefined))
            : undefined;
        issue(key, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v, near ? `did you mean "${near}"?` : undefined);
        return fallback;
      }
      return v as (typeof values)[number];
    },
    value: (key) => options[key],
    issue,
    adopt(err) {
      if (!(err instanceof InputError)) throw err;
      for (const i of err.issues) issues.push({ ...i, path: i.path.startsWith('policy.') ? i.path : `policy.${i.path}` });
    },
    get failed() {
      return issues.length > 0;
    },
    finish() {
      for (const key of Object.keys(options)) {
        if (known.includes(key)) continue;
        const near = closest(key, known);
        issue(key, `no such option for "${policy}" (options: ${known.join(', ')})`, options[key], near ? `did you mean "${near}"?` : undefined);
      }
      if (issues.length) throw new InputError(issues);
    },
  };
}
