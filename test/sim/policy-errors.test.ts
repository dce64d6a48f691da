import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, PolicyError, describeError, reviveError } from '../../src/errors.js';
import { runSweep, SweepFailedError } from '../../src/node/sweep/run-sweep.js';
import { registerPolicy } from '../../src/policies/registry.js';
import { simulate, type Observation, type Scenario } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../experiment/fixtures.js';

afterAll(removeTempDirs);

// Every call into policy code goes through one wrapper: what a policy throws surfaces as a
// PolicyError naming the policy and the simulated time, with the original error (and stack) as cause.

const scenario = (policy: Scenario['policy']): Scenario => ({
  seed: 2,
  durationS: 30,
  pipeline: { slaMs: 1000, stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.5, cores: 1, latencyMs: { 1: 20 } }] }] },
  workload: { type: 'poisson', rps: 3 },
  serving: { adaptationIntervalS: 5 },
  policy,
});

class QuotaError extends Error {
  override name = 'QuotaError';
}

describe('a policy that throws', () => {
  it('a decide function: PolicyError with name, time and cause', async () => {
    const original = new QuotaError('over quota');
    const err = await simulate(
      scenario(function picky(obs: Observation) {
        if (obs.timeS === 15) throw original;
        return [{ variant: 'v', batch: 1, replicas: 1 }];
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    const p = err as PolicyError;
    expect(p.policy).toBe('picky');
    expect(p.timeS).toBe(15);
    expect(p.cause).toBe(original);
    expect(p.message).toBe('policy "picky" failed at t=15 s: QuotaError: over quota');
    const record = describeError(p);
    expect(record).toMatchObject({ kind: 'policy', policy: 'picky', timeS: 15, cause: { name: 'QuotaError', message: 'over quota' } });
    expect(record.cause?.stack).toContain('over quota');
  });

  it('a registered factory that throws: PolicyError "while being created"; a thrown non-Error is described', async () => {
    registerPolicy('broken-factory', () => {
      throw 'no weights';
    });
    const err = await simulate(scenario({ name: 'broken-factory' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as Error).message).toBe('policy "broken-factory" failed while being created: threw "no weights"');
  });

  it('crossing a worker thread as data, an error keeps its kind and context', () => {
    const policy = new PolicyError('mine', 7, new RangeError('too far'));
    const back = reviveError(structuredClone(describeError(policy)));
    expect(back).toBeInstanceOf(PolicyError);
    expect(back).toMatchObject({ policy: 'mine', timeS: 7, message: policy.message });
    expect((back.cause as Error).stack).toBe((policy.cause as Error).stack);
    const input = new InputError([{ path: 'durationS', expected: 'a number > 0', received: '-1' }]);
    const again = reviveError(structuredClone(describeError(input)));
    expect(again).toBeInstanceOf(InputError);
    expect((again as InputError).issues).toEqual(input.issues);
    const other = reviveError(structuredClone(describeError(new TypeError('x is undefined'))));
    expect(other).toMatchObject({ name: 'TypeError', message: 'x is undefined' });
  });

  it('an InputError from a policy passes through as bad input', async () => {
    const err = await simulate(scenario(() => [{ variant: 'nope', batch: 1, replicas: 1 }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/variant: expected a variant of stage "s"/);
  });

  it('in a sweep, errors.jsonl holds the run id, the policy, the time and the original stack', async () => {
    const dir = tempDir();
    const spec = { name: 'throwing', base: scenario({ name: 'static' }), policies: [{ name: 'throws-at-10' }], seeds: [1, 2] };
    // Every run fails, so the sweep rejects with the first error (and still writes errors.jsonl).
    const err = await runSweep(spec, { outDir: dir, workers: 1, preload: [join(import.meta.dirname, '..', 'experiment', 'register-throwing-policy.ts')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepFailedError);
    const outcome = err as SweepFailedError;
    expect((err as Error).message).toContain('policy "throws-at-10" failed at t=10 s: kaboom');
    expect(outcome.failed).toHaveLength(2);
    const lines = readFileSync(join(dir, 'errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.runId).sort()).toEqual(outcome.failed.map((f) => f.runId).sort());
    for (const l of lines) {
      expect(l).toMatchObject({ kind: 'policy', policy: 'throws-at-10', timeS: 10, message: 'policy "throws-at-10" failed at t=10 s: kaboom' });
      expect(l.cause.stack).toMatch(/kaboom\n\s+at .*register-throwing-policy/);
    }
  });
});
