import { InputError } from '../errors.js';

/**
 * A copy of `target` with the value at a dotted path (`cluster.cores`, `policy.config.0.replicas`)
 * replaced. Only the objects along the path are copied; everything else is shared with `target`,
 * so thousands of expanded runs can share one large pipeline or trace. Missing objects on the path
 * are created; a numeric segment indexes an existing array. Errors are reported at `where` (a sweep
 * parameter by default; `--set <path>` for the CLI's overrides).
 */
export function setPath<T extends Record<string, unknown>>(target: T, path: string, value: unknown, where = `params.${path}`): T {
  const keys = path.split('.');
  if (keys.some((k) => k === '')) throw new InputError([{ path: where, expected: 'a dotted path such as "cluster.cores"', received: JSON.stringify(path) }]);
  const step = (node: unknown, i: number): unknown => {
    if (i === keys.length) return value;
    const key = keys[i];
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) {
        throw new InputError([{ path: where, expected: `an index below ${node.length} at "${keys.slice(0, i + 1).join('.')}" (that part of the scenario is an array)`, received: JSON.stringify(key) }]);
      }
      const copy = node.slice();
      copy[index] = step(node[index], i + 1);
      return copy;
    }
    if (node !== undefined && node !== null && typeof node !== 'object') {
      // e.g. "pipeline.slaMs" over "pipeline": "video": replacing the name by an object would silently lose it.
      throw new InputError([{ path: where, expected: `an object at "${keys.slice(0, i).join('.')}" to set "${key}" in`, received: JSON.stringify(node) }]);
    }
    const obj = (node ?? {}) as Record<string, unknown>;
    return { ...obj, [key]: step(obj[key], i + 1) };
  };
  return step(target, 0) as T;
}
