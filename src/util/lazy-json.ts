/**
 * An object whose entries are given as JSON text and parsed on the first read of each: the form
 * the bundles give the generated data modules (`scripts/build-bundles.mjs`), so `import 'infersim'`
 * does not parse IPA's profiles, the workloads, carbon traces and LSTM weights until a run reads
 * them. Each entry starts as an enumerable accessor and becomes a plain data property (the parsed
 * value, the same on every read) when first read or assigned, so the object behaves as the literal
 * it replaces for reading, `Object.keys`, spreading, assignment and `delete`.
 * @internal
 */
export function lazyJsonEntries<T>(texts: Readonly<Record<string, string>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(texts)) {
    const settle = (value: T): T => {
      // A frozen or sealed object keeps the accessor; the value is then cached here.
      if (!Reflect.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })) cached = { value };
      return value;
    };
    let cached: { value: T } | undefined;
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get: () => cached?.value ?? settle(JSON.parse(texts[key]) as T),
      set: (value: T) => {
        settle(value);
      },
    });
  }
  return out;
}
