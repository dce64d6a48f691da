/** One problem found in user input. */
export interface InputIssue {
  /** Where it is, as a JSON path: `pipeline.stages[0].variants[1].cores`. */
  path: string;
  /** What was expected there. */
  expected: string;
  /** What was given (already rendered for a reader). */
  received: string;
  /** A suggestion, e.g. the key the user probably meant. */
  hint?: string;
}

/**
 * Bad input: a scenario, profile, trace or option that cannot be used. Carries every issue found,
 * each with its path, so the CLI prints them and exits 2 without a stack trace.
 */
export class InputError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[], context?: string) {
    super(formatIssues(issues, context));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** Renders issues one per line: `path: expected X, got Y (did you mean Z?)`. */
export function formatIssues(issues: readonly InputIssue[], context?: string): string {
  const lines = issues.map((i) => {
    const at = i.path === '' ? '(root)' : i.path;
    const hint = i.hint ? ` (${i.hint})` : '';
    return `${at}: expected ${i.expected}, got ${i.received}${hint}`;
  });
  const head = context ? `${context}: ` : '';
  return issues.length === 1 ? head + lines[0] : `${head}${issues.length} problems\n  ${lines.join('\n  ')}`;
}

/** Renders a value for an error message, short. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** Shorthand: throw an {@link InputError} with one issue. */
export function inputError(path: string, expected: string, received: unknown, hint?: string): never {
  throw new InputError([{ path, expected, received: describeValue(received), hint }]);
}
