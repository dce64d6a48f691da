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

/**
 * A policy's own code threw while deciding (a bug in a user policy, or a planner that cannot
 * proceed): names the policy and the simulated time, and keeps the original error as `cause`
 * (with its stack) for whoever debugs the policy. Typed validation errors ({@link InputError}) from
 * a policy pass through unwrapped.
 */
export class PolicyError extends Error {
  /** The policy's name. */
  readonly policy: string;
  /** Simulated time of the decision (s); NaN when the policy failed while being created. */
  readonly timeS: number;
  constructor(policy: string, timeS: number, cause: unknown) {
    const when = Number.isNaN(timeS) ? 'while being created' : `at t=${formatTime(timeS)} s`;
    super(`policy ${JSON.stringify(policy)} failed ${when}: ${causeText(cause)}`, { cause });
    this.name = 'PolicyError';
    this.policy = policy;
    this.timeS = timeS;
  }
}

/**
 * Runs a policy's code (`decide`, a factory): anything it throws other than an {@link InputError}
 * becomes a {@link PolicyError} naming the policy and the simulated time. The one wrapper every
 * call into policy code goes through (simulation, `plan`, RL rollouts).
 */
export function guardPolicy<T>(policy: string, timeS: number, call: () => T): T {
  try {
    const out = call();
    if (out instanceof Promise) return out.catch((err: unknown) => rethrowAsPolicyError(policy, timeS, err)) as T;
    return out;
  } catch (err) {
    return rethrowAsPolicyError(policy, timeS, err);
  }
}

function rethrowAsPolicyError(policy: string, timeS: number, err: unknown): never {
  if (err instanceof InputError || err instanceof PolicyError) throw err;
  throw new PolicyError(policy, timeS, err);
}

function formatTime(t: number): string {
  return Number.isInteger(t) ? String(t) : t.toFixed(3);
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return cause.name && cause.name !== 'Error' ? `${cause.name}: ${cause.message}` : cause.message;
  return `threw ${describeValue(cause)}`;
}

/** An error as plain data, for errors.jsonl and for crossing a worker thread (which loses classes). */
export interface ErrorRecord {
  /** `input`: bad input (exit code 2); `policy`: a policy's code threw; `internal`: anything else. */
  kind: 'input' | 'policy' | 'internal';
  name: string;
  message: string;
  /** For `input`: every issue. */
  issues?: InputIssue[];
  /** For `policy`: its name and the simulated time. */
  policy?: string;
  timeS?: number;
  /** The original error, with its stack. */
  cause?: { name: string; message: string; stack?: string };
}

/** Describes any thrown value as an {@link ErrorRecord}. */
export function describeError(err: unknown): ErrorRecord {
  if (err instanceof InputError) return { kind: 'input', name: err.name, message: err.message, issues: err.issues };
  if (err instanceof PolicyError) {
    const c = err.cause;
    const cause = c instanceof Error ? { name: c.name, message: c.message, stack: c.stack } : { name: typeof c, message: describeValue(c) };
    return { kind: 'policy', name: err.name, message: err.message, policy: err.policy, timeS: err.timeS, cause };
  }
  if (err instanceof Error) return { kind: 'internal', name: err.name, message: err.message, cause: { name: err.name, message: err.message, stack: err.stack } };
  return { kind: 'internal', name: typeof err, message: `threw ${describeValue(err)}` };
}

/** Characters of a file's line an error may quote. */
const EXCERPT_CHARS = 12;

/**
 * A short, truncated quote of a line (or field) of a user's file for an error message: a file
 * named by mistake may be /etc/passwd or a `.env`, so never a whole line. A `KEY=value` or
 * `key: value` line shows its key only; anything else its first 12 characters, with the length.
 */
export function excerpt(text: string): string {
  const t = text.trim();
  const kv = /^([A-Za-z_][A-Za-z0-9_.-]{0,40}\s*[=:])./.exec(t);
  if (kv) return `${JSON.stringify(kv[1] + '...')} (${t.length} chars)`;
  return t.length <= EXCERPT_CHARS ? JSON.stringify(t) : `${JSON.stringify(t.slice(0, EXCERPT_CHARS) + '...')} (${t.length} chars)`;
}

/**
 * Turns an {@link ErrorRecord} back into an error of its kind after a worker thread: an input
 * error with its issues, a policy error with its context and the original stack as cause.
 */
export function reviveError(r: ErrorRecord): Error {
  if (r.kind === 'input' && r.issues) return new InputError(r.issues);
  const cause = r.cause ? Object.assign(new Error(r.cause.message), { name: r.cause.name, stack: r.cause.stack }) : undefined;
  if (r.kind === 'policy' && r.policy !== undefined) {
    const e = new PolicyError(r.policy, r.timeS ?? NaN, cause);
    e.message = r.message;
    return e;
  }
  return Object.assign(new Error(r.message), { name: r.name, ...(cause?.stack ? { stack: cause.stack } : {}) });
}
