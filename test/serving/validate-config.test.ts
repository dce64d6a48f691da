import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePipeline, createStreams, type PipelineProfile } from '../../src/index.js';
import { configIssues, isValidPlainConfig } from '../../src/serving/validate-config.js';

// Two stages; "net@gpu" is a variant name with an "@", which a (variant, device) key could be
// mistaken for; "net" runs on cpu and gpu.
const pipeline: PipelineProfile = {
  slaMs: 1000,
  stages: [
    {
      name: 'a',
      variants: [
        { name: 'net', accuracy: 0.7, cores: 1, latencyMs: { 1: 10, 4: 30 }, devices: { gpu: { latencyMs: { 1: 2, 8: 6 }, accelerators: 1 } } },
        { name: 'net@gpu', accuracy: 0.8, cores: 2, latencyMs: { 1: 20, 2: 30 } },
      ],
    },
    { name: 'b', variants: [{ name: 'only', accuracy: 0.9, cores: 1, latencyMs: { 1: 5, 2: 8 } }] },
  ],
};
const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });

/** A stage entry: mostly valid, often wrong in one field, sometimes with more than the plain fields. */
const entry = fc
  .record({
    variant: fc.oneof({ arbitrary: fc.constantFrom('net', 'net@gpu', 'only'), weight: 8 }, { arbitrary: fc.constantFrom('nett', 5, undefined), weight: 1 }),
    batch: fc.oneof({ arbitrary: fc.constantFrom(1, 2, 4, 8), weight: 8 }, { arbitrary: fc.constantFrom(0, 3, 9, 1.5, '2'), weight: 1 }),
    replicas: fc.oneof({ arbitrary: fc.constantFrom(0, 1, 3), weight: 8 }, { arbitrary: fc.constantFrom(-1, 0.5, null), weight: 1 }),
    device: fc.option(fc.constantFrom('cpu', 'gpu', 'fpga', 7), { freq: 2, nil: undefined }),
    more: fc.option(fc.constantFrom<Record<string, unknown>>({ mix: [{ variant: 'net@gpu', batch: 1, replicas: 1 }] }, { shares: [1] }, { extra: 1 }, { device: undefined }), { freq: 4, nil: undefined }),
  })
  .map(({ device, more, ...c }) => ({ ...c, ...(device === undefined ? {} : { device }), ...more }));

describe('isValidPlainConfig', () => {
  it('accepts a configuration only when configIssues finds nothing in it, and every valid plain one', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, ['cpu'], ['cpu', 'gpu']), (config, devices) => {
        const quick = isValidPlainConfig(config, stages, devices);
        const issues = configIssues(config, stages, 'c', devices);
        const plain = config.every((c) => Object.keys(c).every((k) => ['variant', 'batch', 'replicas', 'device'].includes(k)));
        // ("net" on "gpu" has the key "net@gpu", which the variant named so holds in the index:
        // configIssues lets it through, the quick check refuses it and defers to configIssues.)
        const ambiguous = config.some((c) => c.variant === 'net' && c.device === 'gpu');
        expect(quick).toBe(issues.length === 0 && plain && !ambiguous);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what is not an array of objects, one per stage', () => {
    for (const bad of [undefined, null, 3, {}, [], [{ variant: 'net', batch: 1, replicas: 1 }], [null, { variant: 'only', batch: 1, replicas: 1 }]]) {
      expect(isValidPlainConfig(bad, stages)).toBe(false);
    }
    expect(isValidPlainConfig([{ variant: 'net', batch: 4, replicas: 2 }, { variant: 'only', batch: 2, replicas: 0 }], stages)).toBe(true);
  });
});
