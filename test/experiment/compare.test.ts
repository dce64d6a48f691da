import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/experiment/compare.js';
import { formatComparison } from '../../src/experiment/format-comparison.js';
import { dominates, paretoFront, parseObjectives, type Direction } from '../../src/experiment/pareto.js';
import { studentTQuantile } from '../../src/experiment/student-t.js';
import { InputError } from '../../src/errors.js';

/** Rows of a made-up sweep: policy `p` adds `effect[p]` to a per-seed common value (common random numbers). */
function rows(effect: Record<string, number>, seeds = [1, 2, 3, 4, 5], workloads = ['w1', 'w2']) {
  const out: Record<string, unknown>[] = [];
  for (const workload of workloads) {
    for (const [policy, e] of Object.entries(effect)) {
      for (const seed of seeds) {
        const common = 100 + 10 * Math.sin(seed * 7.1); // large seed-to-seed noise shared by all policies
        out.push({ runId: `${policy}-${workload}-${seed}`, sweep: 's', policy, workload, seed, latencyP99Ms: common + e + 0.1 * ((seed * 13) % 3), costCores: 4 + e / 10, accuracy: 0.5 + e / 100, wallMs: seed });
      }
    }
  }
  return out;
}

describe('compare(rows, options)', () => {
  it('groups by policy and workload with mean, sd, n and a t interval across seeds', () => {
    const data = rows({ a: 0, b: 5 });
    const c = compare(data, { metrics: ['latencyP99Ms'] });
    expect(c.by).toEqual(['policy', 'workload']);
    expect(c.groups.map((g) => g.label)).toEqual(['a, w1', 'b, w1', 'a, w2', 'b, w2']);
    const xs = data.filter((r) => r.policy === 'a' && r.workload === 'w1').map((r) => r.latencyP99Ms as number);
    const mean = xs.reduce((s, x) => s + x, 0) / 5;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
    const g = c.groups[0].metrics.latencyP99Ms;
    expect(g.n).toBe(5);
    expect(g.mean).toBeCloseTo(mean, 12);
    expect(g.sd).toBeCloseTo(sd, 12);
    expect(g.halfWidth).toBeCloseTo(studentTQuantile(0.975, 4) * (sd / Math.sqrt(5)), 12);
  });

  it('paired differences against a baseline over common seeds are much tighter than the unpaired intervals', () => {
    const c = compare(rows({ a: 0, b: 5 }), { metrics: ['latencyP99Ms'], baseline: 'a' });
    expect(c.paired.map((p) => p.label)).toEqual(['b, w1', 'b, w2']);
    const d = c.paired[0].metrics.latencyP99Ms;
    expect(d.n).toBe(5);
    expect(d.mean).toBeCloseTo(5, 10);
    expect(d.ciLow).toBeGreaterThan(0); // the effect is detected...
    expect(d.halfWidth).toBeLessThan(c.groups[0].metrics.latencyP99Ms.halfWidth / 10); // ...thanks to pairing
  });

  it('pairs only the seeds both policies have', () => {
    const data = rows({ a: 0, b: 5 }).filter((r) => !(r.policy === 'a' && r.seed === 5) && !(r.policy === 'b' && r.seed === 1));
    expect(compare(data, { metrics: ['latencyP99Ms'], baseline: 'a' }).paired[0].metrics.latencyP99Ms.n).toBe(3);
  });

  it('finds the Pareto front within each workload', () => {
    // c is dominated by a (less accurate and dearer); a and b trade accuracy for cores.
    const data = [...rows({ a: 0, b: 5 }), ...rows({ c: 1 }).map((r) => ({ ...r, accuracy: 0.4, costCores: 9 }))];
    const c = compare(data, { pareto: 'accuracy:max,costCores:min' });
    expect(c.pareto?.fronts.map((f) => [f.label, f.members])).toEqual([
      ['w1', ['a, w1', 'b, w1']],
      ['w2', ['a, w2', 'b, w2']],
    ]);
    expect(c.groups.filter((g) => g.paretoOptimal === false).map((g) => g.label)).toEqual(['c, w1', 'c, w2']);
    expect(c.metrics).toEqual(expect.arrayContaining(['accuracy', 'costCores']));
  });

  it('names unknown metrics, baselines and columns with a suggestion', () => {
    const data = rows({ a: 0, b: 5 });
    try {
      compare(data, { metrics: ['latencyP99'], baseline: 'A', by: ['policy', 'workloads'] });
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const paths = (err as InputError).issues.map((i) => [i.path, i.hint]);
      expect(paths).toContainEqual(['metrics', 'did you mean "latencyP99Ms"?']);
      expect(paths).toContainEqual(['by', 'did you mean "workload"?']);
      expect(paths).toContainEqual(['baseline', 'did you mean "a"?']);
    }
  });

  it('treats parameter columns as group keys, and pairs within them', () => {
    const data = [...rows({ a: 0, b: 5 }).map((r) => ({ ...r, 'cluster.cores': 8 })), ...rows({ a: 1, b: 2 }).map((r) => ({ ...r, 'cluster.cores': 16 }))];
    const c = compare(data, { metrics: ['latencyP99Ms'], baseline: 'a' });
    expect(c.by).toEqual(['policy', 'workload', 'cluster.cores']);
    expect(c.paired.map((p) => [p.label, +p.metrics.latencyP99Ms.mean.toFixed(6)])).toEqual([
      ['b, w1, cluster.cores=8', 5],
      ['b, w2, cluster.cores=8', 5],
      ['b, w1, cluster.cores=16', 1],
      ['b, w2, cluster.cores=16', 1],
    ]);
  });
});

describe('formatComparison(comparison)', () => {
  it('prints a table per metric with intervals, paired differences and the fronts', () => {
    const text = formatComparison(compare(rows({ a: 0, b: 5 }), { metrics: ['latencyP99Ms'], baseline: 'a', pareto: 'accuracy:max,costCores:min' }));
    expect(text).toMatch(/^latencyP99Ms: mean and 95% CI across seeds; difference from "a" paired by seed/);
    expect(text).toMatch(/policy\s+workload\s+n\s+mean\s+95% CI\s+diff vs a\s+95% CI of diff/);
    expect(text).toMatch(/b\s+w1\s+5\s+[\d.]+\s+\[[\d., ]+\]\s+\+5\.000\s+\[\+[\d.]+, \+[\d.]+\]\s+\*/);
    expect(text).toMatch(/a\s+w1\s+5\s+[\d.]+\s+\[[\d., ]+\]\s+\(baseline\)/);
    expect(text).toMatch(/Pareto front of the means \(accuracy max, costCores min\)\n {2}w1: a; b/);
  });
});

const directions = fc.array(fc.constantFrom<Direction>('min', 'max'), { minLength: 1, maxLength: 4 });

describe('paretoFront(points, directions)', () => {
  it('equals the brute-force definition: the points no other point dominates', () => {
    fc.assert(
      fc.property(
        directions.chain((dirs) =>
          fc.tuple(
            fc.constant(dirs),
            // Small integer coordinates make ties and duplicates common, the cases a fast algorithm gets wrong.
            fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(NaN)), { minLength: dirs.length, maxLength: dirs.length }), { maxLength: 25 }),
          ),
        ),
        ([dirs, points]) => {
          const brute = points
            .map((p, i) => i)
            .filter((i) => points[i].every(Number.isFinite) && !points.some((q, j) => j !== i && q.every(Number.isFinite) && dominates(q, points[i], dirs)));
          expect(paretoFront(points, dirs)).toEqual(brute);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('dominates(a, b) needs no worse everywhere and better somewhere', () => {
    expect(dominates([1, 1], [1, 1], ['max', 'min'])).toBe(false);
    expect(dominates([2, 1], [1, 1], ['max', 'min'])).toBe(true);
    expect(dominates([2, 2], [1, 1], ['max', 'min'])).toBe(false);
  });

  it('parseObjectives(text) wants a direction for every metric', () => {
    expect(parseObjectives('accuracy:max, costCores:min')).toEqual([
      { metric: 'accuracy', direction: 'max' },
      { metric: 'costCores', direction: 'min' },
    ]);
    expect(() => parseObjectives('accuracy,costCores:min')).toThrow(InputError);
  });
});
