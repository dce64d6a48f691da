import { describe, expect, it } from 'vitest';
import { parseObservedSeries, sliceObservedSeries, validateObservedSeries } from '../../src/calibrate/observed.js';
import { InputError } from '../../src/errors.js';

function issuesOf(f: () => unknown): { path: string; expected: string; received: string }[] {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.issues as { path: string; expected: string; received: string }[];
    throw err;
  }
  throw new Error('no InputError');
}

describe('observed series', () => {
  it('reads CSV with empty cells as missing values and takes the interval from t', () => {
    const s = parseObservedSeries('t,load,cores,p99LatencyMs\n0,10,4,800\n10,12,,950\n20,8,4,\n', 'obs.csv');
    expect(s.intervalS).toBe(10);
    expect(s.load).toEqual([10, 12, 8]);
    expect(s.cores![1]).toBeNaN();
    expect(s.p99LatencyMs![2]).toBeNaN();
  });

  it('reads JSON rows and JSON columns alike', () => {
    const rows = parseObservedSeries('[{"t":0,"load":5,"meanLatencyMs":100},{"t":5,"load":6,"meanLatencyMs":null}]');
    const cols = parseObservedSeries('{"t":[0,5],"load":[5,6],"meanLatencyMs":[100,null]}');
    expect(rows).toEqual(cols);
    expect(rows.intervalS).toBe(5);
  });

  it('names the file, the column and the row of every problem', () => {
    const issues = issuesOf(() => parseObservedSeries('t,load,p99\n0,1,2\n', 'obs.csv'));
    expect(issues.map((i) => i.path)).toEqual(['obs.csv.p99', 'obs.csv']);
    const uneven = issuesOf(() => validateObservedSeries({ t: [0, 10, 25], cores: [1, 2, 3] }, 'x'));
    expect(uneven).toEqual([{ path: 'x.t[2]', expected: '20 (intervals of 10 s, in order, none missing)', received: '25' }]);
    const ragged = issuesOf(() => validateObservedSeries({ t: [0, 10], cores: [1], load: [1, -2] }, 'x'));
    expect(ragged.map((i) => i.path).sort()).toEqual(['x.cores', 'x.load[1]']);
    expect(issuesOf(() => validateObservedSeries({ t: [0], cores: [3] }))[0].path).toBe('observed.intervalS');
  });

  it('slices intervals', () => {
    const s = validateObservedSeries({ t: [0, 10, 20], load: [1, 2, 3], cores: [4, 5, 6] });
    expect(sliceObservedSeries(s, 1, 3)).toEqual({ intervalS: 10, t: [10, 20], load: [2, 3], cores: [5, 6] });
  });
});
