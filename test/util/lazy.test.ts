import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { lazy, lazyObject } from '../../src/util/lazy.js';
import { lazyJsonEntries } from '../../src/util/lazy-json.js';
import { sweepSchema } from '../../src/experiment/sweep-spec.js';

describe('lazy(build)', () => {
  it('builds on the first call only', () => {
    let builds = 0;
    const get = lazy(() => ({ n: ++builds }));
    expect(builds).toBe(0);
    expect(get()).toBe(get());
    expect(builds).toBe(1);
  });
});

describe('lazyObject(build)', () => {
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
    norm(): number {
      return Math.hypot(this.x, this.y);
    }
  }

  it('builds once, on the first use, and behaves as the built object', () => {
    let builds = 0;
    const p = lazyObject(() => {
      builds++;
      const built = new Point(3, 4);
      Object.defineProperty(built, 'fixed', { value: 7, enumerable: false });
      return built;
    });
    expect(builds).toBe(0);
    expect(p).toBeInstanceOf(Point);
    expect(builds).toBe(1);
    expect(p.norm()).toBe(5);
    expect(Object.keys(p)).toEqual(['x', 'y']);
    expect('norm' in p).toBe(true);
    // A non-configurable property is reported as it is on the built object.
    expect(Object.getOwnPropertyDescriptor(p, 'fixed')).toEqual({ value: 7, writable: false, enumerable: false, configurable: false });
    p.x = 6;
    p.y = 8;
    expect(p.norm()).toBe(10);
    expect({ ...p }).toEqual({ x: 6, y: 8 });
    expect(builds).toBe(1);
  });

  it('keeps the public sweepSchema a working zod schema', () => {
    expect(sweepSchema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(sweepSchema.shape)).toEqual(['name', 'description', 'base', 'policies', 'workloads', 'seeds', 'params', 'output']);
    const ok = { name: 's', base: 'base.json', policies: [{ name: 'static' }], seeds: [1, 2] };
    expect(sweepSchema.parse(ok)).toEqual(ok);
    const bad = sweepSchema.safeParse({ ...ok, seeds: [] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['seeds']);
    // Derived schemas work from the proxy too.
    expect(sweepSchema.extend({ extra: z.number() }).safeParse({ ...ok, extra: 1 }).success).toBe(true);
    expect(sweepSchema.partial().safeParse({}).success).toBe(true);
  });
});

describe('lazyJsonEntries(texts)', () => {
  const data = { a: { x: [1, 2.5, -3e-7] }, b: 'text', c: [null, true] };
  const texts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.stringify(v)]));

  it('reads as the object it encodes, parsing each entry once', () => {
    const o = lazyJsonEntries<unknown>(texts);
    expect(Object.keys(o)).toEqual(['a', 'b', 'c']);
    expect(Object.getOwnPropertyDescriptor(o, 'a')!.get).toBeTypeOf('function');
    expect(o.a).toBe(o.a);
    expect(Object.getOwnPropertyDescriptor(o, 'a')).toEqual({ value: data.a, writable: true, enumerable: true, configurable: true });
    expect({ ...o }).toEqual(data);
    expect(JSON.parse(JSON.stringify(o))).toEqual(data);
  });

  it('takes assignments and deletions as a plain object does, frozen or not', () => {
    const o = lazyJsonEntries<unknown>(texts);
    o.b = 'changed';
    delete o.c;
    expect(o).toEqual({ a: data.a, b: 'changed' });
    const frozen = Object.freeze(lazyJsonEntries<unknown>(texts));
    expect(frozen.a).toEqual(data.a);
    expect(frozen.a).toBe(frozen.a);
  });
});
