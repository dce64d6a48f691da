/**
 * JSON with object keys sorted at every level, so two objects with the same content give the same
 * text whatever order their keys were written in: the basis of run ids and sweep hashes.
 *
 * `cache` memoises the text of objects by identity. Expanded runs share their (possibly large)
 * pipeline and trace objects by reference, so one cache across a whole expansion serialises each
 * shared object once instead of once per run. Only pass a cache while the objects are not mutated.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) === '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown, cache?: WeakMap<object, string>): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify renders NaN and Infinity as null, as everywhere else in our JSON output.
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  const hit = cache?.get(value);
  if (hit !== undefined) return hit;
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((v) => canonicalJson(v, cache)).join(',')}]`;
  } else {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(v, cache)}`);
    }
    text = `{${parts.join(',')}}`;
  }
  cache?.set(value, text);
  return text;
}
