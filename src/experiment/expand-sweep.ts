import { InputError, type InputIssue } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { hashString } from './hash.js';
import { setPath } from './set-path.js';
import { seedList, validateSweepSpec, workloadLabel, type SweepSpec } from './sweep-spec.js';

/** One run of a sweep: a complete scenario and the labels that place it in the tables. */
export interface SweepRun {
  /** Position in the expansion order (0-based); shard `i` of `n` runs the runs with `index % n === i`. */
  index: number;
  /**
   * Stable id: a readable label and a short hash of the scenario's canonical JSON, e.g.
   * `static-small_bursty_cores=16_s3-1f0c9a2b7d`. Resume and merge match runs by it, so it changes
   * exactly when what the run simulates changes. Safe as a file name.
   */
  runId: string;
  /** The policy's label. */
  policy: string;
  /** The workload's label. */
  workload: string;
  seed: number | string;
  /** The parameter values of this run, by dotted path. */
  params: Record<string, unknown>;
  /** The scenario to simulate (objects it shares with other runs are shared, not copied: do not mutate). */
  scenario: Record<string, unknown>;
}

/** A sweep expanded into its runs. */
export interface SweepExpansion {
  /** The validated spec (its `base` an object). */
  spec: SweepSpec;
  /** Hash of what defines the runs (name, base, policies, workloads, seeds, params): shards of one sweep share it. */
  specHash: string;
  /** Parameter columns (the dotted paths of `params`), in the spec's order. */
  paramColumns: string[];
  runs: SweepRun[];
}

/**
 * Expands a sweep into its runs, in a fixed order: parameter combinations outermost (the first
 * parameter slowest), then workloads, then policies, then seeds innermost. The same spec gives the
 * same runs, ids and order on every machine. Each scenario is `base`, with the workload and the
 * policy replaced, then each parameter set at its path, then the seed.
 *
 * Browser-safe: a `base` that is a file path must be read first (`loadSweepFile` in `infersim/node`).
 */
export function expandSweep(input: SweepSpec | unknown): SweepExpansion {
  const spec = validateSweepSpec(input);
  if (typeof spec.base === 'string') {
    throw new InputError([{ path: 'base', expected: 'a scenario object here (a file path is read by loadSweepFile or runSweep from "infersim/node")', received: JSON.stringify(spec.base) }]);
  }
  const base = spec.base;
  const seeds = seedList(spec.seeds);
  const paramEntries = Object.entries(spec.params ?? {});
  const combos = cartesian(paramEntries.map(([, values]) => values.length));
  const workloads = spec.workloads ?? [undefined];
  const cache = new WeakMap<object, string>();
  const runs: SweepRun[] = [];
  const issues: InputIssue[] = [];

  for (const combo of combos) {
    const params: Record<string, unknown> = {};
    paramEntries.forEach(([path, values], k) => (params[path] = values[combo[k]]));
    for (const w of workloads) {
      const { label: _wl, ...workload } = w ?? {};
      const wLabel = w ? workloadLabel(w) : workloadLabel((base.workload ?? {}) as Record<string, unknown>);
      for (const p of spec.policies) {
        const { label: _pl, ...policy } = p;
        let scenario: Record<string, unknown> = { ...base, policy };
        if (w) scenario.workload = workload;
        try {
          for (const [path, value] of Object.entries(params)) scenario = setPath(scenario, path, value);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          issues.push(...err.issues);
          continue;
        }
        // The scenario without its seed is shared by all seeds: its canonical text is computed once.
        const shared = canonicalJson(scenario, cache);
        const paramLabels = paramEntries.map(([path, values], k) => paramLabel(path, values[combo[k]], combo[k]));
        for (const s of seeds) {
          const run = { ...scenario, seed: s };
          const hash = hashString(`${shared}\u0000${JSON.stringify(s)}`).slice(0, 10);
          const readable = [p.label ?? p.name, wLabel, ...paramLabels, `s${s}`].map(slug).join('_');
          runs.push({ index: runs.length, runId: `${readable.slice(0, 100)}-${hash}`, policy: p.label ?? p.name, workload: wLabel, seed: s, params, scenario: run });
        }
      }
    }
  }
  if (issues.length) throw new InputError(dedupe(issues));
  const ids = new Set<string>();
  for (const r of runs) {
    if (ids.has(r.runId)) throw new InputError([{ path: 'policies', expected: 'runs that differ from each other', received: `two runs with id ${r.runId}` }]);
    ids.add(r.runId);
  }
  return { spec, specHash: sweepHash(spec), paramColumns: paramEntries.map(([path]) => path), runs };
}

/** Hash of the parts of a sweep that define its runs (not `description` or `output`). */
export function sweepHash(spec: SweepSpec): string {
  const { name, base, policies, workloads, params } = spec;
  return hashString(canonicalJson({ name, base, policies, workloads, seeds: seedList(spec.seeds), params }));
}

/** Every index tuple of a grid with the given sizes, the last index fastest. One empty tuple for no dimension. */
function cartesian(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) out = out.flatMap((t) => Array.from({ length: n }, (_, i) => [...t, i]));
  return out;
}

/** `cores=16` for a plain value; `cluster#1` (its index among the values) for an object. */
function paramLabel(path: string, value: unknown, index: number): string {
  const key = path.split('.').at(-1)!;
  return value === null || typeof value !== 'object' ? `${key}=${String(value)}` : `${key}#${index}`;
}

/** Keeps letters, digits and `.=+-`; anything else becomes `-`, so the id is a safe file name. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.=+-]+/g, '-');
}

function dedupe(issues: InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
