import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors.js';
import { parseCarbonCsv } from '../energy/carbon.js';
import { parseRateCsv } from '../workload/csv.js';
import { resolvePolicyFiles } from './train/outputs.js';

/**
 * Reads a scenario file (JSON) for Node users and the CLI: parse errors name the line and column;
 * files it refers to are read relative to it (a trace `workload.path` into inline `rps`, a carbon
 * `path` into `gPerKWh`, a learned policy's `tablePath` / `modelPath` into its table or model), so
 * the browser-safe core never touches files. Returns the raw scenario object, to pass to `simulate`.
 */
export function loadScenarioFile(path: string): Record<string, unknown> {
  const text = readText(path, 'scenario');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ path, expected: 'valid JSON', received: jsonErrorWhere(text, err as Error) }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError([{ path, expected: 'a JSON object (a scenario)', received: Array.isArray(data) ? 'an array' : String(data) }]);
  }
  const baseDir = dirname(resolve(path));
  return resolvePolicyFiles(resolveFiles(data as Record<string, unknown>, baseDir), baseDir);
}

/**
 * Replaces the file references of a scenario by their contents, relative to `baseDir`: a trace
 * workload's `path` by the counts of that CSV, and `energy.carbon.path` by its intensities.
 */
export function resolveFiles(scenario: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  let out = scenario;
  const w = scenario.workload as Record<string, unknown> | undefined;
  if (w && w.type === 'trace' && typeof w.path === 'string') {
    const rps = parseRateCsv(readText(resolve(baseDir, w.path), 'workload.path'), { column: typeof w.column === 'string' ? w.column : undefined, source: w.path });
    const { path: _path, column: _column, ...rest } = w;
    out = { ...out, workload: { ...rest, rps } };
  }
  const energy = scenario.energy as Record<string, unknown> | undefined;
  const carbon = energy?.carbon as Record<string, unknown> | undefined;
  if (carbon && typeof carbon.path === 'string') {
    const column = typeof carbon.column === 'string' || typeof carbon.column === 'number' ? carbon.column : undefined;
    const trace = parseCarbonCsv(readText(resolve(baseDir, carbon.path), 'energy.carbon.path'), { column });
    const { path: _path, column: _column, ...rest } = carbon;
    out = { ...out, energy: { ...energy, carbon: { ...rest, gPerKWh: trace.gPerKWh, stepS: trace.stepS } } };
  }
  return out;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code === 'EACCES' ? 'a file we may not read' : String(code);
    throw new InputError([{ path: what, expected: 'a readable file', received: `${JSON.stringify(file)} (${why})` }]);
  }
}

/**
 * "invalid JSON at line 3, column 17: value expected". JSON.parse's messages carry no position on
 * Node 20, so jsonc-parser (strict: no comments, no trailing commas) locates the first error.
 */
function jsonErrorWhere(text: string, err: Error): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return err.message;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const col = first.offset - before.lastIndexOf('\n');
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `invalid JSON at line ${line}, column ${col}: ${what}`;
}
