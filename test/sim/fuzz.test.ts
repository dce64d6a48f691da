import fc from 'fast-check';
import type { Scenario } from '../../src/sim/scenario.js';
import { describe, expect, it } from 'vitest';
import { InputError, simulate } from '../../src/index.js';

// Random valid-ish scenarios (tiny durations: the whole property runs in seconds of CPU) never crash,
// hang or throw anything but our typed validation error, and every request is accounted for.

const latencyTable = fc
  .uniqueArray(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 3 })
  .chain((sizes) => fc.tuple(...sizes.map((b) => fc.double({ min: 0.5, max: 400, noNaN: true }).map((ms) => [String(b), ms * Math.sqrt(b)] as const))))
  .map((entries) => Object.fromEntries(entries));

const variant = (name: string) =>
  fc.record({
    name: fc.constant(name),
    accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
    cores: fc.oneof(fc.constant(1), fc.double({ min: 0.25, max: 6, noNaN: true })),
    latencyMs: latencyTable,
    startupS: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
  });

const stage = (i: number) =>
  fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, j) => variant(`v${j}`))).map((variants) => ({ name: `s${i}`, variants })));

const pipeline = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => stage(i)))).map((stages) => ({ slaMs: 800, dropLimitS: 4, stages }));

const workload = fc.oneof(
  fc.record({ type: fc.constantFrom('poisson' as const, 'deterministic' as const), rps: fc.double({ min: 0.05, max: 150, noNaN: true }) }),
  fc.record({
    type: fc.constant('trace' as const),
    rps: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 8 }),
    withinSecond: fc.constantFrom('ipa' as const, 'poisson' as const, 'uniform' as const, 'step' as const),
    timeScale: fc.option(fc.double({ min: 0.2, max: 3, noNaN: true }), { nil: undefined }),
    repeat: fc.boolean(),
    damping: fc.option(fc.double({ min: 0.5, max: 4, noNaN: true }), { nil: undefined }),
  }),
);

/** A configuration for the pipeline: indices into each stage's variants and sizes, taken modulo what exists. */
const choices = fc.array(fc.record({ variant: fc.nat(), batch: fc.nat(), replicas: fc.integer({ min: 0, max: 4 }) }), { minLength: 3, maxLength: 3 });

type Pipeline = { stages: { variants: { name: string; latencyMs: Record<string, number> }[] }[] };

function configFor(p: Pipeline, picks: { variant: number; batch: number; replicas: number }[]) {
  return p.stages.map((st, s) => {
    const v = st.variants[picks[s].variant % st.variants.length];
    const sizes = Object.keys(v.latencyMs).map(Number);
    const max = Math.max(...sizes);
    return { variant: v.name, batch: 1 + (picks[s].batch % max), replicas: picks[s].replicas };
  });
}

const scenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    durationS: fc.double({ min: 0.05, max: 12, noNaN: true }),
    warmupFraction: fc.double({ min: 0, max: 0.9, noNaN: true }),
    pipeline,
    workload,
    initial: choices,
    later: fc.array(choices, { maxLength: 4 }),
    policyKind: fc.constantFrom('static', 'function', 'greedy', 'random'),
    cluster: fc.option(fc.oneof(fc.record({ cores: fc.double({ min: 0.5, max: 12, noNaN: true }) }), fc.record({ nodes: fc.array(fc.record({ cores: fc.integer({ min: 1, max: 6 }), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }) })), { nil: undefined }),
    serving: fc.record({
      maxBatchWaitMs: fc.double({ min: 0, max: 1500, noNaN: true }),
      adaptationIntervalS: fc.double({ min: 0.1, max: 5, noNaN: true }),
      startupS: fc.double({ min: 0, max: 2, noNaN: true }),
      serviceDist: fc.constantFrom({ type: 'deterministic' as const }, { type: 'exponential' as const }, { type: 'lognormal' as const, cv: 0.5 }),
      earlyDrop: fc.boolean(),
    }),
    seriesIntervalS: fc.option(fc.double({ min: 0.05, max: 5, noNaN: true }), { nil: undefined }),
    // Valid-ish: now and then one field is out of range, which must be a typed validation error.
    breakage: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom('negative-duration', 'zero-replica-batch', 'unknown-variant', 'huge-series', 'nan-rate'), weight: 1 }),
  })
  .map((r) => {
    const s: Record<string, unknown> = {
      seed: r.seed,
      durationS: r.durationS,
      warmupS: r.durationS * r.warmupFraction,
      pipeline: r.pipeline,
      workload: r.workload,
      serving: r.serving,
      ...(r.cluster ? { cluster: r.cluster } : {}),
      ...(r.seriesIntervalS ? { metrics: { seriesIntervalS: r.seriesIntervalS } } : {}),
    };
    const initial = configFor(r.pipeline, r.initial);
    if (r.policyKind === 'static') s.policy = { name: 'static', config: initial };
    else if (r.policyKind === 'function') {
      const steps = r.later.map((c) => configFor(r.pipeline, c));
      let k = 0;
      s.policy = () => (k === 0 ? (k++, initial) : steps[(k++ - 1) % Math.max(1, steps.length)]);
    } else s.policy = { name: r.policyKind };
    switch (r.breakage) {
      case 'negative-duration':
        s.durationS = -r.durationS;
        break;
      case 'zero-replica-batch':
        s.policy = { name: 'static', config: initial.map((c) => ({ ...c, batch: 0 })) };
        break;
      case 'unknown-variant':
        s.policy = { name: 'static', config: initial.map((c) => ({ ...c, variant: `${c.variant}x` })) };
        break;
      case 'huge-series':
        s.metrics = { seriesIntervalS: 1e-9 };
        break;
      case 'nan-rate':
        s.workload = { type: 'poisson', rps: NaN };
        break;
    }
    return s;
  });

describe('fuzz: random valid-ish scenarios', () => {
  it('run to the end or fail with an InputError; requests = completed + dropped + unfinished', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        let result;
        try {
          result = await simulate(s as unknown as Scenario);
        } catch (err) {
          // Only our typed validation error; a policy error, a RangeError or a TypeError is a bug.
          if (!(err instanceof InputError)) throw err;
          expect(err.issues.length).toBeGreaterThan(0);
          for (const i of err.issues) expect(typeof i.path).toBe('string');
          return;
        }
        const m = result.summary;
        expect(m.requests).toBe(m.completed + m.dropped + m.unfinished);
        expect(m.slaViolations).toBeLessThanOrEqual(m.requests);
        for (const k of ['coreSeconds', 'energyJ', 'capacityWaitS', 'simulatedS'] as const) {
          expect(Number.isFinite(m[k]), k).toBe(true);
          expect(m[k], k).toBeGreaterThanOrEqual(0);
        }
        expect(result.series.t.length).toBe(Math.ceil((s.durationS as number) / result.series.intervalS - 1e-9));
      }),
      { numRuns: 150, seed: 20261205 },
    );
  });
});
