import type * as z from 'zod';
import { describeValue, type InputIssue } from '../errors.js';
import { closest } from '../util/closest.js';

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

/**
 * Checks `input` against `schema`, the one way user input meets a schema: every issue with the
 * value given (zod's `reportInput`, so "got" is never "nothing" for a value that is there), paths
 * under `prefix`, suggestions from `vocabulary` (or a function giving it, called only when there are
 * issues); and `__proto__` keys anywhere are issues rather than silently dropped (JSON.parse keeps
 * them as own keys; zod and object spreads lose them).
 */
export function checkInput<T>(schema: z.ZodType<T>, input: unknown, vocabulary: readonly string[] | (() => readonly string[]), prefix = ''): { data?: T; issues: InputIssue[] } {
  const forbidden = forbiddenKeyIssues(input, prefix);
  if (forbidden.length) return { issues: forbidden };
  // `jitless`: by default zod compiles a parser per object schema (generated source, `new Function`)
  // on its first parse, which only pays over many parses of one schema. Input is parsed once or a
  // few times per process: a scenario's first parse took longer compiled than interpreted, and
  // later ones were no faster (part of the first `simulate()`'s set-up, bench/README.md "Peers").
  // The same checks, issues and data either way.
  const parsed = schema.safeParse(input, { reportInput: true, jitless: true });
  if (parsed.success) return { data: parsed.data, issues: [] };
  return { issues: toInputIssues(parsed.error.issues, typeof vocabulary === 'function' ? vocabulary() : vocabulary, prefix) };
}

/** Keys that cannot be data: `__proto__` would be dropped or would change an object's prototype. */
const FORBIDDEN_KEYS = ['__proto__'];

/** `__proto__` keys anywhere in plain JSON-like data (objects and arrays; functions and class instances are not entered). */
export function forbiddenKeyIssues(value: unknown, prefix = ''): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'object') walk(v[i], `${path}[${i}]`);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return;
    for (const key of Object.keys(v)) {
      const at = joinPath(path, [key]);
      if (FORBIDDEN_KEYS.includes(key)) issues.push({ path: at, expected: 'no "__proto__" key (it cannot be data: it would be dropped)', received: describeValue((v as Record<string, unknown>)[key]) });
      else walk((v as Record<string, unknown>)[key], at);
    }
  };
  walk(value, prefix);
  return issues;
}

/** `a.b[0].c` from a zod path. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/**
 * Turns zod's issues into ours: the field path, what was expected, what was given, and a suggestion
 * for a misspelt key or value. Unions report the branch the input was clearly aiming at (the one
 * whose problems lie deepest) rather than every branch.
 */
export function toInputIssues(issues: readonly ZodIssue[], vocabulary: readonly string[], prefix = ''): InputIssue[] {
  const out: InputIssue[] = [];
  for (const issue of issues) convert(issue, prefix, vocabulary, out);
  return out;
}

function convert(issue: ZodIssue, prefix: string, vocabulary: readonly string[], out: InputIssue[]): void {
  const path = joinPath(prefix, issue.path);
  const received = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      out.push({ path, expected: article(String(issue.expected)), received });
      return;
    case 'too_small':
    case 'too_big': {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = issue.origin === 'array' ? `an array with ${op === '>=' ? 'at least' : 'at most'} ${bound} item(s)` : `a number ${op} ${bound}`;
      out.push({ path, expected: what, received });
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const near = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      out.push({ path, expected: `one of ${values.join(', ')}`, received, hint: near ? `did you mean "${near}"?` : undefined });
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        const present = issue.input && typeof issue.input === 'object' ? Object.keys(issue.input) : [];
        const near = closest(key, vocabulary.filter((w) => !present.includes(w)));
        out.push({ path: joinPath(path, [key]), expected: 'no such key here', received: 'an unknown key', hint: near ? `did you mean "${near}"?` : undefined });
      }
      return;
    case 'invalid_union': {
      const u = issue as ZodIssue & { discriminator?: string; options?: unknown[]; errors: ZodIssue[][] };
      if (u.discriminator) {
        const given = (issue.input as Record<string, unknown> | undefined)?.[u.discriminator];
        const options = (u.options ?? []).map(String);
        const near = typeof given === 'string' ? closest(given, options) : undefined;
        out.push({
          path: issue.path.at(-1) === u.discriminator ? path : joinPath(path, [u.discriminator]),
          expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
          received: describeValue(given),
          hint: near ? `did you mean "${near}"?` : undefined,
        });
        return;
      }
      const depth = (branch: ZodIssue[]): number => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 : 0)));
      const best = [...u.errors].sort((a, b) => depth(b) - depth(a))[0];
      if (!best || depth(best) === 0) {
        const kinds = u.errors.flat().map((i) => (i.code === 'invalid_type' ? article(String(i.expected)) : i.message));
        out.push({ path, expected: [...new Set(kinds)].join(' or '), received });
        return;
      }
      for (const i of best) convert(i, path, vocabulary, out);
      return;
    }
    case 'invalid_key':
      out.push({ path, expected: (issue as { issues?: ZodIssue[] }).issues?.[0]?.message ?? 'a valid key', received: describeValue(issue.input) });
      return;
    default:
      out.push({ path, expected: issue.message, received });
  }
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Every key name that appears in `schema` (objects nested in unions, arrays, records, optionals),
 * the vocabulary for "did you mean" suggestions.
 */
export function schemaKeys(schema: z.ZodType): string[] {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    const def = (s as { def?: Record<string, unknown> }).def;
    if (!def) return;
    if (def.shape && typeof def.shape === 'object') {
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        keys.add(k);
        walk(v);
      }
    }
    for (const field of ['innerType', 'element', 'valueType', 'in', 'out']) walk(def[field]);
    if (Array.isArray(def.options)) def.options.forEach(walk);
  };
  walk(schema);
  return [...keys];
}
