import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { meanAndSE, queueScenario } from '../helpers.js';

// Each check runs independent seeded replications and asserts the theoretical mean lies within
// 4 standard errors of the simulated mean, and that the replications are precise enough (standard
// error under 1.5 % of the mean) for that to be a tight test.

/** Erlang C: probability an arrival waits in M/M/c with offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = (term * a) / c / (1 - a / c);
  return top / (sum + top);
}

async function meanSojournMs(build: (seed: number) => Parameters<typeof simulate>[0], seeds = 8) {
  const means: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) means.push((await simulate(build(seed))).summary.latencyMs.mean);
  return meanAndSE(means);
}

function expectClose(sim: { mean: number; se: number }, theoryMs: number): void {
  expect(sim.se / sim.mean).toBeLessThan(0.015);
  expect(Math.abs(sim.mean - theoryMs)).toBeLessThan(4 * sim.se);
}

describe('queueing theory', () => {
  it('M/M/1 mean sojourn time is 1/(mu - lambda)', async () => {
    const lambda = 6;
    const mu = 10;
    const sim = await meanSojournMs((seed) => queueScenario({ rps: lambda, latencyMs: { 1: 1000 / mu }, durationS: 6000, seed }));
    expectClose(sim, 1000 / (mu - lambda));
  });

  it('M/M/c mean sojourn time follows Erlang C', async () => {
    const lambda = 24;
    const mu = 10;
    const c = 3;
    const a = lambda / mu;
    const theory = (erlangC(c, a) / (c * mu - lambda) + 1 / mu) * 1000;
    const sim = await meanSojournMs((seed) => queueScenario({ rps: lambda, latencyMs: { 1: 1000 / mu }, replicas: c, durationS: 2500, seed }));
    expectClose(sim, theory);
  });

  it('M/D/1 mean sojourn time follows Pollaczek-Khinchine', async () => {
    const lambda = 6;
    const d = 0.1;
    const rho = lambda * d;
    const theory = (d + (lambda * d * d) / (2 * (1 - rho))) * 1000;
    const sim = await meanSojournMs((seed) => queueScenario({ rps: lambda, latencyMs: { 1: d * 1000 }, dist: 'deterministic', durationS: 5000, seed }));
    expectClose(sim, theory);
  });

  it('batch of b with instant service: a Poisson request waits (b-1)/(2 lambda) for its batch to fill', async () => {
    const lambda = 5;
    const b = 4;
    const service = 1e-6; // s: the replica is always free when a batch fills
    const theory = ((b - 1) / (2 * lambda) + service) * 1000;
    // The wait cap (10 s) is never reached while arrivals go on; the requests left in the last
    // partial batch do reach it, so the mean is taken over requests arriving before the last minute.
    const means: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const scenario = queueScenario({ rps: lambda, latencyMs: { 1: service * 1000, [b]: service * 1000 }, batch: b, dist: 'deterministic', maxBatchWaitMs: 10_000, durationS: 4000, seed });
      const { trace } = await simulate({ ...scenario, metrics: { trace: true } });
      let sum = 0;
      let n = 0;
      for (let i = 0; i < trace!.arrivalS.length; i++) {
        if (trace!.arrivalS[i] < 3940) {
          sum += trace!.finishedS[i] - trace!.arrivalS[i];
          n++;
        }
      }
      means.push((sum / n) * 1000);
    }
    expectClose(meanAndSE(means), theory);
  });

  it('partial batches leave after the max batch wait (deterministic arrivals, exact)', async () => {
    // Arrivals every 0.1 s, batch 10, wait 0.35 s: a batch starts 0.35 s after its first request,
    // holding the 4 requests that arrived by then; they wait 0.35, 0.25, 0.15, 0.05 s.
    const service = 0.01;
    const r = await simulate(
      queueScenario({ rps: 10, latencyMs: { 1: service * 1000, 10: service * 1000 }, batch: 10, dist: 'deterministic', arrivals: 'deterministic', maxBatchWaitMs: 350, durationS: 400, seed: 1 }),
    );
    expect(r.summary.latencyMs.mean).toBeCloseTo((0.2 + service) * 1000, 6);
    expect(r.summary.latencyMs.max).toBeCloseTo((0.35 + service) * 1000, 6);
  });
});
