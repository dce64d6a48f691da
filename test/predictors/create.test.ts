import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createPredictor, predictorTypes, type Predictor } from '../../src/predictors/index.js';

/** The first issue of the InputError that `f` throws. */
function issueOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).issues[0];
  }
  throw new Error('expected an InputError');
}

describe('createPredictor(spec)', () => {
  it('createPredictor(name) makes every built-in with defaults; each returns 0 on no history', () => {
    expect(predictorTypes).toEqual(['reactive', 'max', 'movingAverage', 'ewma', 'lstm']);
    for (const type of predictorTypes) {
      const p = createPredictor(type);
      expect(p.name).toBe(type);
      expect(p.predict([])).toBe(0);
    }
  });

  it('createPredictor({ type, ...options }) passes the options on', () => {
    expect(createPredictor({ type: 'max', windowS: 2 }).predict([9, 1, 2])).toBe(2);
    expect(createPredictor({ type: 'ewma', alpha: 0.5 }).predict([0, 4])).toBeCloseTo(2, 12);
  });

  it('createPredictor(predictor) returns a ready Predictor unchanged', () => {
    const mine: Predictor = { name: 'mine', predict: () => 42 };
    expect(createPredictor(mine)).toBe(mine);
  });

  it('createPredictor({ type, marginPct }) applies the margin uniformly to every predictor', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...predictorTypes),
        fc.array(fc.nat({ max: 60 }), { maxLength: 300 }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (type, history, marginPct) => {
          const base = createPredictor(type).predict(history);
          const withMargin = createPredictor({ type, marginPct }).predict(history);
          expect(base).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(base)).toBe(true);
          expect(withMargin).toBeCloseTo(base * (1 + marginPct / 100), 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('createPredictor("maxx") suggests "max"', () => {
    const issue = issueOf(() => createPredictor('maxx'));
    expect(issue.path).toBe('predictor.type');
    expect(issue.expected).toContain('"movingAverage"');
    expect(issue.received).toBe('"maxx"');
    expect(issue.hint).toBe('did you mean "max"?');
    expect(issueOf(() => createPredictor('movingAvrage')).hint).toBe('did you mean "movingAverage"?');
    expect(issueOf(() => createPredictor('lstn')).hint).toBe('did you mean "lstm"?');
  });

  it('createPredictor("avg") explains that IPA\'s avg is not reproduced', () => {
    expect(issueOf(() => createPredictor('avg')).hint).toMatch(/movingAverage.*max\/len/);
  });

  it('createPredictor({}) and createPredictor(5) say what is missing', () => {
    const noType = issueOf(() => createPredictor({} as never));
    expect(noType.path).toBe('predictor.type');
    expect(noType.received).toBe('nothing');
    expect(issueOf(() => createPredictor(5 as never)).path).toBe('predictor');
  });

  it('createPredictor({ type, window }) rejects an unknown option and suggests the right one', () => {
    const issue = issueOf(() => createPredictor({ type: 'max', window: 60 }));
    expect(issue.path).toBe('predictor.window');
    expect(issue.hint).toBe('did you mean "windowS"?');
    expect(issueOf(() => createPredictor({ type: 'reactive', windowS: 60 })).expected).toContain('no such option for "reactive"');
    expect(issueOf(() => createPredictor({ type: 'ewma', halflifeS: 3 })).hint).toBe('did you mean "halfLifeS"?');
  });

  it('createPredictor({ type, option: badValue }) reports path, expected and received', () => {
    const issue = issueOf(() => createPredictor({ type: 'movingAverage', windowS: '60' }));
    expect(issue).toMatchObject({ path: 'predictor.windowS', expected: 'a whole number of seconds >= 1', received: '"60"' });
    expect(issueOf(() => createPredictor({ type: 'lstm', loadScale: 0 })).path).toBe('predictor.loadScale');
    expect(issueOf(() => createPredictor({ type: 'lstm', model: { format: 'x' } })).path).toBe('predictor.model.format');
    expect(() => createPredictor({ type: 'lstm', marginPct: -1 })).toThrow(/predictor\.marginPct/);
  });
});
