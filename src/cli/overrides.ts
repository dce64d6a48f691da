import { InputError, type InputIssue } from '../errors.js';
import { setPath } from '../experiment/set-path.js';

/** One `--set path=value` of the command line, parsed. */
export interface Override {
  /** Dotted path into the scenario, e.g. `policy.config.0.replicas`. */
  path: string;
  value: unknown;
  /** The flag as typed, for error messages. */
  text: string;
}

/**
 * Parses `--set` flags. The value is typed as JSON when it parses as JSON (`3`, `1e3`, `true`,
 * `null`, `[1,2]`, `{"type":"poisson","rps":5}`, `"quoted"`), else it is a plain string
 * (`workload.name=bursty`): the same value a scenario file would hold. All bad flags are reported at once.
 */
export function parseOverrides(flags: readonly string[]): Override[] {
  const issues: InputIssue[] = [];
  const out: Override[] = [];
  for (const text of flags) {
    const eq = text.indexOf('=');
    const path = eq < 0 ? '' : text.slice(0, eq).trim();
    if (eq < 0 || path === '' || path.split('.').some((k) => k === '')) {
      issues.push({ path: '--set', expected: 'path=value with a dotted path, e.g. durationS=600 or policy.config.0.replicas=3', received: JSON.stringify(text) });
      continue;
    }
    out.push({ path, value: typedValue(text.slice(eq + 1)), text });
  }
  if (issues.length) throw new InputError(issues);
  return out;
}

function typedValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The scenario with every override applied in order (a copy: `scenario` is left as it was). */
export function applyOverrides(scenario: Record<string, unknown>, overrides: readonly Override[]): Record<string, unknown> {
  return overrides.reduce((s, o) => setPath(s, o.path, o.value, `--set ${o.text}`), scenario);
}

/**
 * An error about a scenario that overrides touched says which flag set the value: a misspelt
 * `--set durationz=10` then reads `durationz: expected no such key here ... (did you mean
 * "durationS"?; set by --set durationz=10)`. Other errors pass through unchanged.
 */
export function blameOverrides(err: unknown, overrides: readonly Override[]): unknown {
  if (!(err instanceof InputError) || overrides.length === 0) return err;
  let touched = false;
  const issues = err.issues.map((issue) => {
    const dotted = issue.path.replace(/\[(\d+)\]/g, '.$1');
    const by = overrides.filter((o) => dotted === o.path || dotted.startsWith(o.path + '.') || o.path.startsWith(dotted + '.'));
    if (by.length === 0) return issue;
    touched = true;
    const note = `set by ${by.map((o) => `--set ${o.text}`).join(', ')}`;
    return { ...issue, hint: issue.hint ? `${issue.hint}; ${note}` : note };
  });
  return touched ? new InputError(issues) : err;
}
