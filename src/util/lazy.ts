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

/**
 * An object built on first use that stands for it from the start: a public value (a zod schema
 * such as `sweepSchema`) can keep its exported name and type while costing nothing at import.
 * Every operation (reading or calling a property, `in`, `Object.keys`, `instanceof`, its prototype)
 * builds the object once and behaves as on the built one, so code cannot tell them apart except by
 * identity (`===` against the built object, which is never handed out).
 *
 * The proxy's target is a shell that receives the built object's prototype and own property
 * descriptors on first use: a proxy must report non-configurable properties (zod's `_zod`) as its
 * target has them.
 */
export function lazyObject<T extends object>(build: () => T): T {
  const shell = Object.create(null) as T;
  let ready = false;
  const target = (): T => {
    if (!ready) {
      const built = build();
      Object.defineProperties(shell, Object.getOwnPropertyDescriptors(built));
      Object.setPrototypeOf(shell, Object.getPrototypeOf(built));
      ready = true;
    }
    return shell;
  };
  return new Proxy(shell, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    setPrototypeOf: (_, proto) => Reflect.setPrototypeOf(target(), proto),
    isExtensible: () => Reflect.isExtensible(target()),
    preventExtensions: () => Reflect.preventExtensions(target()),
  });
}
