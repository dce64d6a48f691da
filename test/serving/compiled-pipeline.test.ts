import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolateBatch } from '../../src/profiles/batch-table.js';
import { createStreams } from '../../src/random/streams.js';
import { compilePipeline } from '../../src/serving/compiled-pipeline.js';

/** A batch table: distinct sizes in 1..64 with positive values. */
const table = fc
  .uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 })
  .chain((sizes) => fc.tuple(fc.constant(sizes), fc.array(fc.double({ min: 0.01, max: 5000, noNaN: true }), { minLength: sizes.length, maxLength: sizes.length })))
  .map(([sizes, values]) => Object.fromEntries(sizes.map((b, i) => [String(b), values[i]])));

describe('compilePipeline per-batch-size tables', () => {
  it('hold exactly what interpolating the profile gives, at every batch size a replica can form', () => {
    fc.assert(
      fc.property(table, fc.option(table, { nil: undefined }), (latencyMs, energyJ) => {
        const [stage] = compilePipeline(
          { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 1, cores: 1, latencyMs, ...(energyJ ? { energyJ } : {}) }] }] },
          createStreams(1),
          { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } },
        );
        const v = stage.variants[0];
        expect(v.latencyS.length).toBe(v.maxBatch + 1);
        for (let k = 1; k <= v.maxBatch; k++) expect(Object.is(v.latencyS[k], interpolateBatch(v.latency, k) / 1000)).toBe(true);
        if (!energyJ) {
          expect(v.energyJ).toBeUndefined();
          return;
        }
        const top = Math.min(v.maxBatch, v.energy!.sizes[v.energy!.sizes.length - 1]);
        expect(v.energyJ!.length).toBe(top + 1);
        for (let k = 1; k <= top; k++) expect(Object.is(v.energyJ![k], interpolateBatch(v.energy!, k))).toBe(true);
      }),
    );
  });
});
