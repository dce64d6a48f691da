/**
 * A memoised getter: `build` runs on the first call, later calls return its result. For values that
 * are costly to make at import time and not needed by every user of a module (zod schemas, tables),
 * so `import 'infersim'` pays only for what a run uses (bench/README.md, "Start-up").
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
