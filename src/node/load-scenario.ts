import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseCarbonCsv } from '../energy/carbon.js';
import { parseRateCsv } from '../workload/csv.js';
import { parseJsonText, readJsonFile, readTextFile } from './read-file.js';
import { resolvePolicyFiles } from './train/outputs.js';

/**
 * Reads a scenario file (JSON) for Node users and the CLI: parse errors name the line and column;
 * files it refers to are read relative to it (a trace `workload.path` into inline `rps`, a carbon
 * `path` into `gPerKWh`, a learned policy's `tablePath` / `modelPath` into its table or model), so
 * the browser-safe core never touches files. Returns the raw scenario object, to pass to `simulate`.
 */
export function loadScenarioFile(path: string): Record<string, unknown> {
  return loadScenarioText(readTextFile(path, 'scenario'), dirname(resolve(path)), path);
}

/**
 * {@link loadScenarioFile} for scenario text from elsewhere (`infersim run -` reads stdin): the
 * files it names are read relative to `baseDir`; `source` names it in errors.
 */
export function loadScenarioText(text: string, baseDir: string, source: string): Record<string, unknown> {
  const data = parseJsonText(text, source);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError([{ path: source, expected: 'a JSON object (a scenario)', received: Array.isArray(data) ? 'an array' : String(data) }]);
  }
  return resolvePolicyFiles(resolveFiles(data as Record<string, unknown>, baseDir), baseDir);
}

/**
 * Replaces the file references of a scenario by their contents, relative to `baseDir`: a `pipeline`
 * given as a `.json` path by that profile, a trace workload's `path` by the counts of that CSV, and
 * `energy.carbon.path` by its intensities.
 */
export function resolveFiles(scenario: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  let out = scenario;
  // A pipeline named by a .json path (bundled names never end so) is read from that profile file.
  if (typeof scenario.pipeline === 'string' && scenario.pipeline.endsWith('.json')) {
    out = { ...out, pipeline: readJsonFile(resolve(baseDir, scenario.pipeline), 'pipeline') };
  }
  const w = scenario.workload as Record<string, unknown> | undefined;
  if (w && w.type === 'trace' && typeof w.path === 'string') {
    const rps = parseRateCsv(readTextFile(resolve(baseDir, w.path), 'workload.path'), { column: typeof w.column === 'string' ? w.column : undefined, source: w.path });
    const { path: _path, column: _column, ...rest } = w;
    out = { ...out, workload: { ...rest, rps } };
  }
  const energy = scenario.energy as Record<string, unknown> | undefined;
  const carbon = energy?.carbon as Record<string, unknown> | undefined;
  if (carbon && typeof carbon.path === 'string') {
    const column = typeof carbon.column === 'string' || typeof carbon.column === 'number' ? carbon.column : undefined;
    const trace = parseCarbonCsv(readTextFile(resolve(baseDir, carbon.path), 'energy.carbon.path'), { column });
    const { path: _path, column: _column, ...rest } = carbon;
    out = { ...out, energy: { ...energy, carbon: { ...rest, gPerKWh: trace.gPerKWh, stepS: trace.stepS } } };
  }
  return out;
}
