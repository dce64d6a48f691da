import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { compileLstm, ipaLstmModel, lstm, parseLstmModel, type LstmModel } from '../../src/predictors/index.js';
import { compileLstmWithMemo } from '../../src/predictors/lstm-forward.js';
import { LstmPrefixMemo } from '../../src/predictors/lstm-prefix-memo.js';

const shippedJson = () => JSON.parse(readFileSync(new URL('../../models/lstm/ipa-lstm.json', import.meta.url), 'utf8')) as unknown;
const history = fc.array(fc.nat({ max: 50 }), { minLength: 0, maxLength: 400 });

/** The equations of `compileLstm`'s doc, written plainly: every gate of every unit, every step. */
function plainForward(model: LstmModel, inputs: readonly number[]): number {
  const u = model.units;
  const w = model.weights;
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  let h = new Array<number>(u).fill(0);
  const c = new Array<number>(u).fill(0);
  for (const x of inputs) {
    const z = Array.from({ length: 4 * u }, (_, j) => {
      let v = w.bias[j] + x * w.kernel[0][j];
      for (let k = 0; k < u; k++) if (h[k] !== 0) v += h[k] * w.recurrentKernel[k][j];
      return v;
    });
    const next = new Array<number>(u);
    for (let j = 0; j < u; j++) {
      c[j] = sig(z[u + j]) * c[j] + sig(z[j]) * Math.max(0, z[2 * u + j]);
      next[j] = sig(z[3 * u + j]) * Math.max(0, c[j]);
    }
    h = next;
  }
  let y = w.denseBias[0];
  for (let k = 0; k < u; k++) y += h[k] * w.denseKernel[k][0];
  return y;
}

describe('compileLstm()', () => {
  it('computes the plain equations to the bit (only the gates that multiply a zero are skipped)', () => {
    const forward = compileLstm(ipaLstmModel);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }), (x) => {
        expect(Object.is(forward(x), plainForward(ipaLstmModel, x))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compileLstm() with an LstmPrefixMemo', () => {
  // Windows drawn from few values, so prefixes repeat as IPA's binned inputs do.
  const windows = fc.array(fc.array(fc.integer({ min: 0, max: 4 }).map((k) => k / 4), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 60 });

  it('resumes from stored prefixes to the same bits as a pass without a memo, also when it fills and empties', () => {
    const forward = compileLstmWithMemo(ipaLstmModel);
    fc.assert(
      fc.property(windows, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 40 }), (xs, depth, capacity) => {
        const memo = new LstmPrefixMemo(ipaLstmModel.units, depth, capacity);
        for (const x of xs) expect(Object.is(forward(x, memo), forward(x))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("finds each stored prefix's node by its inputs' bits, as a plain map of prefixes does, until it fills and empties", () => {
    // Inputs from a handful of values, -0 and a NaN among them (stored apart from 0, found as stored).
    const input = fc.constantFrom(0, -0, 0.25, 0.5, 1e-300, NaN, 3);
    fc.assert(
      fc.property(fc.array(fc.array(input, { minLength: 1, maxLength: 6 }), { maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (paths, capacity) => {
        const memo = new LstmPrefixMemo(2, 6, capacity);
        const stored = new Map<string, number>();
        const key = (xs: number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');
        const h = new Float64Array(2);
        const c = new Float64Array(2);
        for (const path of paths) {
          let node = -1;
          for (let t = 0; t < path.length; t++) {
            const k = key(path.slice(0, t + 1));
            const found = memo.child(node, path[t]);
            expect(found).toBe(stored.get(k) ?? -1);
            if (found >= 0) {
              node = found;
              continue;
            }
            h[0] = t;
            c[1] = stored.size;
            node = memo.add(node, path[t], h, c);
            if (node < 0) {
              stored.clear();
              break;
            }
            stored.set(k, node);
            const back = new Float64Array(2);
            const backC = new Float64Array(2);
            memo.load(node, back, backC);
            expect([back[0], backC[1]]).toEqual([t, stored.size - 1]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a memo of another unit count', () => {
    expect(() => compileLstmWithMemo(ipaLstmModel)([0.1, 0.2], new LstmPrefixMemo(3))).toThrow(/memo of 3 units used with a model of 25/);
  });
});

describe('lstm()', () => {
  it("OPD's per-second model (models/lstm/opd-lstm.json) runs on the last 120 seconds themselves", () => {
    const model = parseLstmModel(JSON.parse(readFileSync(new URL('../../models/lstm/opd-lstm.json', import.meta.url), 'utf8')));
    expect([model.inputSteps, model.binS, model.horizonS, model.units]).toEqual([120, 1, 20, 25]);
    const p = lstm({ model });
    const h = Array.from({ length: 200 }, (_, i) => (i * 7) % 23);
    const expected = Math.max(0, compileLstm(model)(h.slice(80).map((x) => x / model.scale)) * model.scale);
    expect(p.predict(h)).toBe(expected);
    // Per-second inputs: unlike IPA's bins, the order within any 10 s matters.
    const swapped = h.slice();
    [swapped[198], swapped[199]] = [swapped[199], swapped[198]];
    expect(p.predict(swapped)).not.toBe(expected);
  });

  it('lstm().predict(history shorter than 120 s) falls back to the max (empty: 0)', () => {
    expect(lstm().predict([])).toBe(0);
    expect(lstm().predict([3, 7, 2])).toBe(7);
    expect(lstm({ marginPct: 10 }).predict(Array.from({ length: 119 }, (_, i) => i % 5))).toBeCloseTo(4.4, 12);
  });

  it('lstm().predict(h) runs the model on the 12 maxima of 10 s ending at the last second', () => {
    const h = Array.from({ length: 300 }, (_, i) => (i * 7) % 23);
    const bins = Array.from({ length: 12 }, (_, b) => Math.max(...h.slice(180 + b * 10, 190 + b * 10)) / ipaLstmModel.scale);
    const expected = Math.max(0, compileLstm(ipaLstmModel)(bins) * ipaLstmModel.scale);
    expect(lstm().predict(h)).toBe(expected);
  });

  it('lstm().predict(h) ignores older history and the order within a bin', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 120, maxLength: 120 }), history, (last, older) => {
        const p = lstm();
        const base = p.predict(last);
        expect(p.predict([...older, ...last])).toBe(base);
        const shuffled = last.slice();
        for (let b = 0; b < 120; b += 10) shuffled.splice(b, 10, ...last.slice(b, b + 10).reverse());
        expect(p.predict(shuffled)).toBe(base);
      }),
      { numRuns: 50 },
    );
  });

  it('lstm() predictors of one model share its compiled pass: interleaved, each predicts as a fresh compile would', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 60 }), { minLength: 120, maxLength: 160 }), { minLength: 2, maxLength: 6 }), (histories) => {
        const predictors = [lstm(), lstm({ loadScale: 2 }), lstm({ marginPct: 10 })];
        for (const h of histories) {
          for (const [i, p] of predictors.entries()) {
            const scale = ipaLstmModel.scale * (i === 1 ? 2 : 1);
            const bins = Array.from({ length: 12 }, (_, b) => Math.max(...h.slice(h.length - 120 + b * 10, h.length - 110 + b * 10)) / scale);
            const alone = Math.max(0, compileLstm(ipaLstmModel)(bins) * scale) * (i === 2 ? 1.1 : 1);
            expect(p.predict(h)).toBe(alone);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('lstm({ loadScale: k }) on k-times the load predicts k-times as much', () => {
    const h = Array.from({ length: 150 }, (_, i) => 5 + (i % 17));
    expect(lstm({ loadScale: 4 }).predict(h.map((x) => 4 * x))).toBeCloseTo(4 * lstm().predict(h), 9);
  });

  it('lstm().predict(constant load) stays near the constant (the shipped weights are trained)', () => {
    for (const c of [5, 15, 30]) {
      const p = lstm().predict(Array.from({ length: 120 }, () => c));
      expect(p).toBeGreaterThan(0.8 * c);
      expect(p).toBeLessThan(1.4 * c + 2);
    }
  });

  it('lstm({ model: JSON of the shipped file }) predicts exactly as the shipped model', () => {
    const fromFile = lstm({ model: shippedJson() as LstmModel });
    const roundTrip = lstm({ model: JSON.parse(JSON.stringify(ipaLstmModel)) as LstmModel });
    const shipped = lstm();
    fc.assert(
      fc.property(history, (h) => {
        const want = shipped.predict(h);
        expect(fromFile.predict(h)).toBe(want);
        expect(roundTrip.predict(h)).toBe(want);
      }),
      { numRuns: 100 },
    );
  });

  it('ipaLstmModel (generated TS) equals models/lstm/ipa-lstm.json', () => {
    expect(ipaLstmModel).toEqual(shippedJson());
    expect(ipaLstmModel.training).toMatchObject({ seed: expect.any(Number), epochs: expect.any(Number) });
  });

  it('parseLstmModel(bad) names the broken field', () => {
    const broken = JSON.parse(JSON.stringify(ipaLstmModel)) as LstmModel;
    broken.weights.recurrentKernel.pop();
    expect(() => parseLstmModel(broken)).toThrow(InputError);
    expect(() => parseLstmModel(broken)).toThrow(/predictor\.model\.weights\.recurrentKernel: expected a 25 x 100 array/);
    const nan = JSON.parse(JSON.stringify(ipaLstmModel)) as LstmModel;
    nan.weights.bias[3] = Number.NaN;
    expect(() => parseLstmModel(nan, 'x')).toThrow(/x\.weights\.bias/);
    expect(() => parseLstmModel(null)).toThrow(/predictor\.model: expected an LSTM model object/);
  });
});
