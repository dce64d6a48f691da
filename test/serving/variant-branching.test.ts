import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, stageLoadFactors, variantEdges, type PipelineProfile, type StageConfig } from '../../src/index.js';
import { serveThrough } from './serve-through.js';

const variant = (name: string, accuracy: number, ms: number) => ({ name, accuracy, cores: 1, latencyMs: { 1: ms, 4: ms * 2.5 } });

/** detect (variants a, b) -> classify; the edge sends `own` tasks, and per variant what `byVariant` says. */
function detectClassify(own: number | { mean: number }, byVariant?: Record<string, { probability?: number; count?: number | { mean: number } }>, probability?: number): PipelineProfile {
  return {
    stages: [
      { name: 'detect', variants: [variant('a', 0.9, 20), variant('b', 0.6, 10)], next: [{ stage: 'classify', count: own, probability, byVariant }] },
      { name: 'classify', variants: [variant('c', 0.8, 5)] },
    ],
  };
}

/** Tasks served per "stage/variant" and completed requests of `n` arrivals under one configuration. */
function serveAll(pipeline: PipelineProfile, config: StageConfig[], n: number, gapS: number, seed = 1): { served: { get: (key: string) => number }; completed: number } {
  const r = serveThrough(pipeline, [config], [], n, gapS, seed);
  return { served: { get: r.get }, completed: r.completed };
}

const mixed: StageConfig[] = [
  { variant: 'a', batch: 4, replicas: 2, mix: [{ variant: 'b', batch: 1, replicas: 1 }] },
  { variant: 'c', batch: 4, replicas: 3 },
];

describe('per-variant branching (byVariant)', () => {
  it('conservation: the classifier serves exactly what the variants that served each frame sent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1000 }), (own, ca, cb, seed) => {
        const pipeline = detectClassify(own, { a: { count: ca }, b: { count: cb } });
        const n = 300;
        const { served, completed } = serveAll(pipeline, mixed, n, 0.01, seed);
        const a = served.get('0/a');
        const b = served.get('0/b');
        expect(a + b).toBe(n);
        expect(served.get('1/c')).toBe(a * ca + b * cb);
        expect(completed).toBe(n);
      }),
      { numRuns: 40 },
    );
  });

  it('a variant not listed, and fields left out, fall back to the edge', () => {
    const p = detectClassify(3, { a: { probability: 0.5 } }, 0.9);
    expect(variantEdges(p, 0, 'a')[0]).toMatchObject({ probability: 0.5, count: 3, meanCount: 3 });
    expect(variantEdges(p, 0, 'b')[0]).toMatchObject({ probability: 0.9, count: 3, meanCount: 3 });
    const { served } = serveAll(detectClassify(2, { a: { count: 4 } }), mixed, 200, 0.01);
    expect(served.get('1/c')).toBe(4 * served.get('0/a') + 2 * served.get('0/b'));
  });

  it('Poisson and probability per variant: the mean tasks per frame follow the served variant', () => {
    const pipeline = detectClassify(1, { a: { count: { mean: 3 }, probability: 0.8 }, b: { count: { mean: 1 } } });
    // Only variant a serves: 2.4 tasks per frame; only b: 1.
    const only = (v: string): StageConfig[] => [{ variant: v, batch: 4, replicas: 3 }, { variant: 'c', batch: 4, replicas: 6 }];
    const n = 20000;
    expect((serveAll(pipeline, only('a'), n, 0.02).served.get('1/c')) / n).toBeCloseTo(2.4, 1);
    expect((serveAll(pipeline, only('b'), n, 0.02).served.get('1/c')) / n).toBeCloseTo(1, 1);
    const f = stageLoadFactors(pipeline);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(2.4, 12); // the largest variant's factor: an upper bound
  });

  it('entries equal to the edge change nothing: same draws on the branch stream, bit-identical run', async () => {
    const run = (p: PipelineProfile) =>
      simulate({
        seed: 7, durationS: 60, slaMs: 500, pipeline: p,
        workload: { type: 'poisson', rps: 20 },
        serving: { serviceDist: { type: 'exponential' } },
        policy: { name: 'static', config: mixed },
      });
    const plain = await run(detectClassify({ mean: 2 }, undefined, 0.7));
    const same = await run(detectClassify({ mean: 2 }, { a: { count: { mean: 2 }, probability: 0.7 }, b: {} }, 0.7));
    expect(same.summary).toEqual(plain.summary);
    const other = await run(detectClassify({ mean: 2 }, { a: { count: { mean: 4 } } }, 0.7));
    expect(other.summary).not.toEqual(plain.summary);
  });

  it('an unknown variant name is a clear error at its field path, with a suggestion', async () => {
    await expect(
      simulate({
        seed: 1, durationS: 10, slaMs: 100, pipeline: detectClassify(1, { aa: { count: 2 } }),
        workload: { type: 'poisson', rps: 1 },
        policy: { name: 'static', config: mixed },
      }),
    ).rejects.toThrow(/pipeline\.stages\[0\]\.next\[0\]\.byVariant\.aa: expected a variant of stage "detect" \(the edge's source\): "a", "b".*did you mean "a"\?/s);
    await expect(
      simulate({
        seed: 1, durationS: 10, slaMs: 100, pipeline: detectClassify(1, { a: { count: -1 } }),
        workload: { type: 'poisson', rps: 1 },
        policy: { name: 'static', config: mixed },
      }),
    ).rejects.toThrow(/pipeline\.stages\[0\]\.next\[0\]\.byVariant\.a\.count/);
  });
});
