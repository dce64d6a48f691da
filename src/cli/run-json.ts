import type { LatencyQuantiles } from '../metrics/latency-quantiles.js';
import type { RequestTrace, SimulationResult } from '../sim/result.js';

/** What `infersim run --json` prints, before serialising. */
export interface RunJsonOptions {
  /** infersim's version, for provenance. */
  version: string;
  /** The whole result (`--full`) rather than the summary. */
  full: boolean;
  /** The scenario as run (overrides applied), included with `full`. */
  scenario: Record<string, unknown>;
  /** The latency quantile grid, included with `full` (what `infersim report` draws the CDF from). */
  latency?: LatencyQuantiles;
  /** Include the per-request trace (with `full`, when the scenario asked for one). */
  keepTrace: boolean;
}

/**
 * The JSON of a run. Without `full`: the run's identity (scenario name, seed, policy, infersim
 * version) and the summary's fields, flat, one object a script or `pd.json_normalize` reads as one
 * row. With `full`: identity, the scenario, and the result's summary, series, decisions, timing,
 * latency quantiles, (streaming runs) latency CDF and (if recorded) trace, each under its own key.
 */
export function runJson(result: SimulationResult, options: RunJsonOptions): Record<string, unknown> {
  const id = { name: result.name, seed: result.seed, policy: result.policy, infersimVersion: options.version };
  if (!options.full) return { ...id, ...result.summary };
  return {
    ...id,
    scenario: options.scenario,
    summary: result.summary,
    series: result.series,
    decisions: result.decisions,
    timing: result.timing,
    ...(options.latency ? { latency: options.latency } : {}),
    ...(result.latencyCdf ? { latencyCdf: result.latencyCdf } : {}),
    ...(options.keepTrace && result.trace ? { trace: traceColumns(result.trace) } : {}),
  };
}

/** A trace as plain arrays (typed arrays serialise as objects keyed by index); NaN becomes null. */
function traceColumns(trace: RequestTrace): Record<string, number[]> {
  return Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
}

/**
 * Writes a JSON object key by key, so a million-request trace is never one giant string: small
 * objects are indented for reading, a key whose value is large is written compactly on one line.
 */
export function writeJson(obj: Record<string, unknown>, write: (chunk: string) => void): void {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  write('{\n');
  entries.forEach(([k, v], i) => {
    const sep = i < entries.length - 1 ? ',\n' : '\n';
    if (k === 'trace' && v && typeof v === 'object') {
      const cols = Object.entries(v);
      write(`  ${JSON.stringify(k)}: {\n`);
      cols.forEach(([c, arr], j) => write(`    ${JSON.stringify(c)}: ${JSON.stringify(arr)}${j < cols.length - 1 ? ',\n' : '\n'}`));
      write(`  }${sep}`);
      return;
    }
    const compact = JSON.stringify(v);
    const text = compact.length > 2000 ? compact : JSON.stringify(v, null, 2).replace(/\n/g, '\n  ');
    write(`  ${JSON.stringify(k)}: ${text}${sep}`);
  });
  write('}\n');
}
