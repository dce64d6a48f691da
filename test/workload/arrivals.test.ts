import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dampTrace, parseRateCsv, poissonArrivals, stream, traceArrivals, InputError } from '../../src/index.js';
import type { WithinSecondMode } from '../../src/index.js';

function drain(p: { next(): number }): number[] {
  const out: number[] = [];
  for (let t = p.next(); t < Infinity; t = p.next()) out.push(t);
  return out;
}

describe('trace arrivals', () => {
  it.each<WithinSecondMode>(['ipa', 'uniform', 'step'])('%s mode sends exactly the trace total, in order', (mode) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 40 }), fc.integer(), (counts, seed) => {
        const ts = drain(traceArrivals(counts, stream(seed, 'a'), { withinSecond: mode, endS: Infinity }));
        expect(ts.length).toBe(counts.reduce((a, b) => a + b, 0));
        for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThanOrEqual(ts[i - 1]);
      }),
    );
  });

  it('uniform and step modes put each second\'s requests in that second', () => {
    const counts = [3, 0, 5, 1];
    for (const mode of ['uniform', 'step'] as const) {
      const ts = drain(traceArrivals(counts, stream(1, 'a'), { withinSecond: mode }));
      const perSecond = [0, 0, 0, 0];
      ts.forEach((t) => perSecond[Math.floor(t)]++);
      expect(perSecond).toEqual(counts);
    }
  });

  it('ipa mode delays each request by Exp(mean 1/n) from the start of its second', () => {
    const n = 20;
    const ts = drain(traceArrivals(Array(2000).fill(n), stream(4, 'a'), { withinSecond: 'ipa' }));
    // Mean offset from the start of the request's own second is 1/n; requests spill into later
    // seconds, so compare the grand mean: mean(t) = mean(second) + 1/n.
    const mean = ts.reduce((a, b) => a + b, 0) / ts.length;
    expect(mean - 999.5).toBeCloseTo(1 / n, 2);
  });

  it('poisson mode has Poisson counts with the trace rate', () => {
    const ts = drain(traceArrivals(Array(4000).fill(7), stream(5, 'a'), { withinSecond: 'poisson' }));
    const perSecond = new Array(4000).fill(0);
    ts.forEach((t) => perSecond[Math.floor(t)]++);
    const mean = perSecond.reduce((a, b) => a + b, 0) / 4000;
    const variance = perSecond.reduce((a, b) => a + (b - mean) ** 2, 0) / 3999;
    expect(mean).toBeCloseTo(7, 0);
    expect(variance / mean).toBeGreaterThan(0.9);
    expect(variance / mean).toBeLessThan(1.1);
  });

  it('time scaling stretches the trace; repeat replays it; endS cuts it', () => {
    const counts = [2, 2];
    expect(drain(traceArrivals(counts, stream(1, 'a'), { withinSecond: 'step', timeScale: 3 }))).toEqual([0, 0, 3, 3]);
    expect(drain(traceArrivals(counts, stream(1, 'a'), { withinSecond: 'step', repeat: true, endS: 4 }))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(drain(traceArrivals(counts, stream(1, 'a'), { withinSecond: 'step', endS: 1 }))).toEqual([0, 0]);
  });

  it('damping floors as IPA does', () => {
    expect(dampTrace([54, 41, 7, 8], 8)).toEqual([6, 5, 0, 1]);
  });
});

describe('poisson arrivals', () => {
  it('have the asked rate and stop at endS', () => {
    const ts = drain(poissonArrivals(10, stream(2, 'a'), 2000));
    expect(ts.length / 2000).toBeCloseTo(10, 0);
    expect(ts.at(-1)!).toBeLessThan(2000);
  });
});

describe('parseRateCsv', () => {
  it('reads the rps column of IPA traces and single-column files', () => {
    expect(parseRateCsv('t_s,rps,raw_rps\n0,6,54\n1,5,41\n')).toEqual([6, 5]);
    expect(parseRateCsv('raw_rps\n52\n55\n')).toEqual([52, 55]);
  });
  it('a bad row names its line', () => {
    expect(() => parseRateCsv('t_s,rps\n0,6\n1,x\n', { source: 'w.csv' })).toThrow(/w\.csv:3: expected a non-negative number/);
    expect(() => parseRateCsv('t_s,rps\n0,-1\n')).toThrow(InputError);
  });
  it('a missing column is named', () => {
    expect(() => parseRateCsv('a,b\n1,2\n')).toThrow(/column "rps"/);
  });
});
