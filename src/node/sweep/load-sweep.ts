import { basename, dirname, extname, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { validateSweepSpec, type SweepSpec, type SweepWorkload } from '../../experiment/sweep-spec.js';
import { loadScenarioFile, resolveFiles } from '../load-scenario.js';
import { readJsonFile } from './read-json.js';

/**
 * Reads a sweep file: checks it, reads a `base` given as a path (relative to the sweep file) and the
 * CSV traces its scenario or its workloads name by `path`, so the result expands anywhere, the
 * browser included. A workload read from a CSV keeps its file name as its label.
 */
export function loadSweepFile(path: string): SweepSpec {
  const data = readJsonFile(path, 'sweep');
  try {
    return resolveSweepFiles(validateSweepSpec(data), dirname(resolve(path)));
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.issues, path);
    throw err;
  }
}

/** {@link loadSweepFile}'s file reading for a spec already in memory: paths are relative to `baseDir`. */
export function resolveSweepFiles(spec: SweepSpec, baseDir: string): SweepSpec {
  const base = typeof spec.base === 'string' ? loadScenarioFile(resolve(baseDir, spec.base)) : resolveFiles(spec.base, baseDir);
  const workloads = spec.workloads?.map((w): SweepWorkload => {
    if (w.type !== 'trace' || typeof w.path !== 'string') return w;
    const label = w.label ?? basename(w.path, extname(w.path));
    const resolved = resolveFiles({ workload: w }, baseDir).workload as SweepWorkload;
    return { ...resolved, label };
  });
  return { ...spec, base, ...(workloads ? { workloads } : {}) };
}
