import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyParameters, fromRange, resolveRanges, toRange } from '../../src/calibrate/parameters.js';
import { InputError } from '../../src/errors.js';
import { twoStagePipeline } from '../../examples/calibrate/two-stage.js';

describe('calibration parameters', () => {
  it('apply as documented: latency x s (1 + k (b - 1)), cores x c, lognormal noise, start-up x u', () => {
    const p = applyParameters(twoStagePipeline, { latencyScale: 2, batchSlope: 0.5, coresScale: 1.5, noiseCv: 0.3, startupScale: 3 });
    const a = p.stages[0].variants[0];
    expect(a.latencyMs).toEqual({ '1': 120, '2': 300, '4': 900 });
    expect(a.cores).toBe(3);
    expect(a.serviceDist).toEqual({ type: 'lognormal', cv: 0.3 });
    expect(a.startupS).toBe(24);
    // The input is not changed, and a parameter left out leaves its field alone.
    expect(twoStagePipeline.stages[0].variants[0].latencyMs['4']).toBe(180);
    const q = applyParameters(twoStagePipeline, { latencyScale: 1.1 });
    expect(q.stages[1].variants[0].cores).toBe(1);
    expect(q.stages[1].variants[0].serviceDist).toBeUndefined();
  });

  it('the logistic map stays inside the range and inverts', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (z) => {
        const r = { min: 0.25, max: 4, initial: 1 };
        const x = toRange(z, r);
        expect(x).toBeGreaterThanOrEqual(r.min);
        expect(x).toBeLessThanOrEqual(r.max);
        if (Math.abs(z) < 8) expect(fromRange(x, r)).toBeCloseTo(z, 6);
      }),
    );
  });

  it('rejects unknown parameters, bad ranges and a start-up scale without start-up delays', () => {
    const catchIssues = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as InputError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(catchIssues(() => resolveRanges(twoStagePipeline, ['latencyScal']))).toEqual(['parameters']);
    expect(catchIssues(() => resolveRanges(twoStagePipeline, ['batchSlope'], { batchSlope: { min: -0.5 } }))).toEqual(['ranges.batchSlope.min']);
    expect(catchIssues(() => resolveRanges(twoStagePipeline, ['coresScale'], { coresScale: { min: 2, max: 1 } }))).toEqual(['ranges.coresScale']);
    const noStartup = { ...twoStagePipeline, stages: twoStagePipeline.stages.map((s) => ({ ...s, variants: s.variants.map(({ startupS: _s, ...v }) => v) })) };
    expect(catchIssues(() => resolveRanges(noStartup, ['startupScale']))).toEqual(['parameters']);
  });
});
