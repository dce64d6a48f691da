import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/calibrate/nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of a shifted quadratic', async () => {
    const r = await nelderMead(([x, y]) => (x - 1) ** 2 + 3 * (y + 2) ** 2, [0, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(-2, 3);
    expect(r.f).toBeLessThan(1e-6);
  });

  it('follows the Rosenbrock valley to (1, 1)', async () => {
    const r = await nelderMead(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2, [-1.2, 1], { maxEvaluations: 2000, xTolerance: 1e-8, fTolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('takes an asynchronous objective, moves away from non-finite values and keeps to its budget', async () => {
    let calls = 0;
    const r = await nelderMead(
      async ([x]) => {
        calls++;
        return x < 0 ? NaN : (x - 2) ** 2;
      },
      [0.5],
      { maxEvaluations: 30 },
    );
    expect(calls).toBe(r.evaluations);
    expect(r.evaluations).toBeLessThanOrEqual(30 + 2);
    expect(r.x[0]).toBeCloseTo(2, 2);
  });

  it('is deterministic', async () => {
    const f = ([x, y, z]: readonly number[]) => Math.abs(x - 0.3) + (y - 1) ** 2 + Math.cos(z);
    const a = await nelderMead(f, [0, 0, 0], { maxEvaluations: 300 });
    const b = await nelderMead(f, [0, 0, 0], { maxEvaluations: 300 });
    expect(a).toEqual(b);
  });
});
