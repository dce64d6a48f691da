import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enlarged } from '../../src/util/typed-arrays.js';

describe('enlarged()', () => {
  it('keeps the type and the values, and zero-fills the rest', () => {
    const makers = [Float64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Uint8Array] as const;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), fc.nat(40), fc.integer({ min: 0, max: makers.length - 1 }), (values, extra, m) => {
        const a = makers[m].from(values);
        const b = enlarged(a, a.length + extra);
        expect(b.constructor).toBe(a.constructor);
        expect(b.length).toBe(a.length + extra);
        expect(Array.from(b.subarray(0, a.length))).toEqual(Array.from(a));
        expect(b.subarray(a.length).every((x) => x === 0)).toBe(true);
        expect(b.buffer).not.toBe(a.buffer);
      }),
    );
  });
});
