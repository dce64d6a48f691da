import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type PipelineProfile, type StageConfig } from '../../src/index.js';
import { serveThrough as serve } from './serve-through.js';

const variant = (name: string, accuracy: number, ms: number) => ({ name, accuracy, cores: 1, latencyMs: { 1: ms, 4: ms * 2.5 } });

/** detect (a, b) -> classify (c1, c2); a sends `ca` crops per frame, b `cb`. */
function pipelineOf(ca: number, cb: number): PipelineProfile {
  return {
    stages: [
      { name: 'detect', variants: [variant('a', 0.9, 20), variant('b', 0.6, 10)], next: [{ stage: 'classify', count: 1, byVariant: { a: { count: ca }, b: { count: cb } } }] },
      { name: 'classify', variants: [variant('c1', 0.8, 5), variant('c2', 0.7, 4)] },
    ],
  };
}

describe('routing in planned shares (shares, sharesFrom)', () => {
  it('known answer: shares [3, 1] send three tasks in four to the first deployment, exactly (smooth round-robin)', () => {
    const config: StageConfig[] = [
      { variant: 'a', batch: 4, replicas: 4 },
      { variant: 'c1', batch: 1, replicas: 4, mix: [{ variant: 'c2', batch: 1, replicas: 4 }], shares: [3, 1] },
    ];
    const n = 4000;
    const r = serve(pipelineOf(1, 1), [config], [], n, 0.01);
    expect(r.get('1/c1')).toBe(3000);
    expect(r.get('1/c2')).toBe(1000);
    expect(r.completed).toBe(n);
  });

  it('path-aware: sharesFrom sends what each detector variant found to its own classifier; load follows the served factor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (ca, cb, wa, wb) => {
        const config: StageConfig[] = [
          { variant: 'a', batch: 4, replicas: 3, mix: [{ variant: 'b', batch: 4, replicas: 3 }], shares: [wa, wb] },
          { variant: 'c1', batch: 4, replicas: 4, mix: [{ variant: 'c2', batch: 4, replicas: 4 }], shares: [1, 1], sharesFrom: { a: [1, 0], b: [0, 1] } },
        ];
        const n = 500;
        const r = serve(pipelineOf(ca, cb), [config], [], n, 0.01);
        const a = r.get('0/a');
        const b = r.get('0/b');
        expect(a + b).toBe(n);
        expect(Math.abs(a - (n * wa) / (wa + wb))).toBeLessThanOrEqual(1);
        expect(r.get('1/c1')).toBe(a * ca);
        expect(r.get('1/c2')).toBe(b * cb);
        expect(r.completed).toBe(n);
      }),
      { numRuns: 30 },
    );
  });

  it('switching between shared-queue and routed stages, and removing a routed deployment, loses no task', () => {
    const routed: StageConfig[] = [
      { variant: 'a', batch: 4, replicas: 2, mix: [{ variant: 'b', batch: 4, replicas: 2 }], shares: [1, 1] },
      { variant: 'c1', batch: 1, replicas: 1, mix: [{ variant: 'c2', batch: 4, replicas: 2 }], shares: [1, 2], sharesFrom: { b: [0, 1] } },
    ];
    const shared: StageConfig[] = [
      { variant: 'a', batch: 4, replicas: 3 },
      { variant: 'c1', batch: 4, replicas: 2, mix: [{ variant: 'c2', batch: 4, replicas: 1 }] },
    ];
    const onlyC2: StageConfig[] = [
      { variant: 'b', batch: 4, replicas: 3, shares: [1] },
      { variant: 'c2', batch: 4, replicas: 3, shares: [1] },
    ];
    const n = 3000;
    const r = serve(pipelineOf(2, 1), [routed, shared, onlyC2, routed], [7.3, 14.1, 21.7], n, 0.01);
    expect(r.completed).toBe(n);
    expect(r.queued).toEqual([0, 0]);
  });

  it('bad shares are clear errors at their field path', async () => {
    const run = (classify: StageConfig) =>
      simulate({
        seed: 1, durationS: 10, slaMs: 100, pipeline: pipelineOf(1, 1),
        workload: { type: 'poisson', rps: 1 },
        policy: { name: 'static', config: [{ variant: 'a', batch: 1, replicas: 1 }, classify] },
      });
    const base = { variant: 'c1', batch: 1, replicas: 1, mix: [{ variant: 'c2', batch: 1, replicas: 1 }] };
    await expect(run({ ...base, shares: [1] })).rejects.toThrow(/policy\.config\[1\]\.shares: expected 2 finite weights >= 0 with a positive sum/);
    await expect(run({ ...base, shares: [0, 0] })).rejects.toThrow(/config\[1\]\.shares: expected 2 finite weights/);
    await expect(run({ ...base, shares: [1, 1], sharesFrom: { aa: [1, 0] } })).rejects.toThrow(/config\[1\]\.sharesFrom\.aa: expected a variant \(or variant@device\) of a parent stage.*did you mean "a"\?/s);
    await expect(run({ ...base, sharesFrom: { a: [1, 0] } })).rejects.toThrow(/config\[1\]\.shares: expected the default shares/);
  });
});
