import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { createStreams } from '../../src/random/streams.js';
import { compilePipeline } from '../../src/serving/compiled-pipeline.js';
import { RequestStatus } from '../../src/serving/request-table.js';
import { ServingSystem, type ServingHooks } from '../../src/serving/serving-system.js';

// Random small systems driven through random arrivals and random reconfigurations (variant
// switches, scale up/down, batch changes) on a finite cluster, checking the serving model's
// invariants at every step.

const variantArb = fc.record({
  accuracy: fc.double({ min: 0.1, max: 1, noNaN: true }),
  cores: fc.integer({ min: 1, max: 4 }),
  l1: fc.double({ min: 5, max: 400, noNaN: true }),
  perItem: fc.double({ min: 0, max: 200, noNaN: true }),
  maxBatch: fc.integer({ min: 1, max: 6 }),
  startupS: fc.constantFrom(0, 0.5, 3),
});

const systemArb = fc
  .record({
    stages: fc.array(fc.array(variantArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    nodes: fc.array(fc.integer({ min: 2, max: 8 }), { minLength: 1, maxLength: 3 }),
    maxWaitS: fc.double({ min: 0, max: 2, noNaN: true }),
    dropLimitS: fc.constantFrom(Infinity, 1, 5),
    arrivals: fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { minLength: 1, maxLength: 250 }),
    seed: fc.integer(),
  })
  .chain((sys) =>
    fc.record({
      sys: fc.constant(sys),
      reconfigs: fc.array(
        fc.record({
          t: fc.double({ min: 0, max: 60, noNaN: true }),
          config: fc.tuple(
            ...sys.stages.map((variants) =>
              fc.integer({ min: 0, max: variants.length - 1 }).chain((v) =>
                fc.record({ variant: fc.constant(`v${v}`), batch: fc.integer({ min: 1, max: variants[v].maxBatch }), replicas: fc.integer({ min: 0, max: 4 }) }),
              ),
            ),
          ),
        }),
        { maxLength: 6 },
      ),
    }),
  );

function pipelineOf(stages: { accuracy: number; cores: number; l1: number; perItem: number; maxBatch: number; startupS: number }[][]): PipelineProfile {
  return {
    stages: stages.map((variants, s) => ({
      name: `s${s}`,
      variants: variants.map((v, i) => ({
        name: `v${i}`,
        accuracy: v.accuracy,
        cores: v.cores,
        startupS: v.startupS,
        latencyMs: Object.fromEntries(Array.from({ length: v.maxBatch }, (_, k) => [String(k + 1), v.l1 + v.perItem * k])),
        serviceDist: { type: 'exponential' as const },
      })),
    })),
  };
}

describe('ServingSystem invariants', () => {
  it('conserves requests, serves FIFO, never overlaps a replica, never exceeds a batch or the cluster', () => {
    fc.assert(
      fc.property(systemArb, ({ sys, reconfigs }) => {
        const engine = new Engine();
        const stages = compilePipeline(pipelineOf(sys.stages), createStreams(sys.seed), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
        const totalCores = sys.nodes.reduce((a, b) => a + b, 0);
        const lastEnd = new Map<number, number>();
        const coresOf = new Map<number, number>();
        const lastEnqueued = stages.map(() => -Infinity);
        const ended = new Map<number, string>();
        let serving!: ServingSystem;
        const hooks: ServingHooks = {
          onComplete(id) {
            expect(ended.has(id)).toBe(false);
            ended.set(id, 'completed');
          },
          onDrop(id) {
            expect(ended.has(id)).toBe(false);
            ended.set(id, 'dropped');
          },
          onCores(_now, used) {
            expect(used).toBeLessThanOrEqual(totalCores + 1e-9);
            for (const free of serving.cluster.free) expect(free).toBeGreaterThanOrEqual(-1e-9);
          },
          onBatch(r, v) {
            const duration = r.batchDurationS;
            expect(engine.now).toBeGreaterThanOrEqual((lastEnd.get(r.id) ?? -Infinity) - 1e-9);
            lastEnd.set(r.id, engine.now + duration);
            coresOf.set(r.id, r.cores);
            // Replicas serving right now must all hold cores: their sum fits the cluster.
            let busyCores = 0;
            for (const [id, end] of lastEnd) if (end > engine.now) busyCores += coresOf.get(id)!;
            expect(busyCores).toBeLessThanOrEqual(serving.cluster.usedCores + 1e-9);
            expect(r.batchSize).toBeGreaterThanOrEqual(1);
            expect(r.batchSize).toBeLessThanOrEqual(r.batchCap);
            expect(r.batchCap).toBeLessThanOrEqual(v.maxBatch);
            expect(v.name).toBe(stages[r.stage].variants[r.variant].name);
            for (let i = 0; i < r.batchSize; i++) {
              const enq = serving.tasks.enqueued[r.batch[i]];
              expect(enq).toBeGreaterThanOrEqual(lastEnqueued[r.stage]);
              lastEnqueued[r.stage] = enq;
            }
          },
        };
        serving = new ServingSystem(engine, stages, { maxBatchWaitS: sys.maxWaitS, dropLimitS: sys.dropLimitS, nodeCores: sys.nodes }, hooks);
        serving.configure(stages.map((st) => ({ variant: st.variants[0].name, batch: 1, replicas: 1 })), true);
        const arrivals = [...sys.arrivals].sort((a, b) => a - b);
        for (const t of arrivals) engine.at(t, 16);
        reconfigs.forEach((rc, i) => engine.at(rc.t, 17, i));
        engine.run((kind, arg) => {
          if (kind === 16) serving.arrive();
          else if (kind === 17) serving.configure(reconfigs[arg].config);
          else serving.handle(kind, arg);
        });
        // Every request ended exactly once, or is still queued (a stage left without replicas or
        // with replicas too big for any node); none is lost inside a replica.
        const t = serving.requests;
        expect(t.count).toBe(arrivals.length);
        const queued = serving.queues.reduce((a, q) => a + q.length, 0);
        let completed = 0;
        let dropped = 0;
        for (let i = 0; i < t.count; i++) {
          if (t.status[i] === RequestStatus.Completed) completed++;
          else if (t.status[i] === RequestStatus.Dropped) dropped++;
        }
        expect(completed + dropped + queued).toBe(arrivals.length);
        expect(ended.size).toBe(completed + dropped);
      }),
      { numRuns: 150 },
    );
  });

  it('a variant switch keeps serving: old replicas drain only as new ones become ready', () => {
    const engine = new Engine();
    const pipeline: PipelineProfile = {
      stages: [{ name: 's', variants: [
        { name: 'a', accuracy: 0.5, cores: 1, latencyMs: { 1: 100 } },
        { name: 'b', accuracy: 0.9, cores: 1, latencyMs: { 1: 100 }, startupS: 5 },
      ] }],
    };
    const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
    const served: string[] = [];
    const serving = new ServingSystem(engine, stages, { maxBatchWaitS: 1, dropLimitS: Infinity, nodeCores: [Infinity] }, {
      onComplete() {},
      onDrop() {},
      onCores() {},
      onBatch(_r, v) {
        served.push(`${engine.now.toFixed(1)}:${v.name}`);
      },
    });
    serving.configure([{ variant: 'a', batch: 1, replicas: 2 }], true);
    engine.at(1, 17);
    for (let t = 0.5; t < 12; t += 1) engine.at(t, 16);
    engine.run((kind, arg) => {
      if (kind === 16) serving.arrive();
      else if (kind === 17) serving.configure([{ variant: 'b', batch: 1, replicas: 2 }]);
      else serving.handle(kind, arg);
    });
    // Before t = 6 (switch at 1 + 5 s start-up) only "a" serves; after it only "b".
    expect(served.filter((s) => Number(s.split(':')[0]) < 6).every((s) => s.endsWith(':a'))).toBe(true);
    expect(served.filter((s) => Number(s.split(':')[0]) >= 6).every((s) => s.endsWith(':b'))).toBe(true);
    expect(served.some((s) => s.endsWith(':a'))).toBe(true);
    expect(served.some((s) => s.endsWith(':b'))).toBe(true);
    expect(serving.stageCounts(0)).toEqual({ ready: 2, starting: 0, pending: 0, draining: 0 });
  });
});

describe('rolling replacement counts capacity', () => {
  it('switching 4 slow replicas for 1 fast one keeps all 4 serving until the fast one is ready', () => {
    const engine = new Engine();
    const pipeline: PipelineProfile = {
      stages: [{ name: 's', variants: [
        { name: 'slow', accuracy: 0.5, cores: 1, latencyMs: { 1: 400 } },
        { name: 'fast', accuracy: 0.5, cores: 1, latencyMs: { 1: 50 }, startupS: 5 },
      ] }],
    };
    const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
    const serving = new ServingSystem(engine, stages, { maxBatchWaitS: 0, dropLimitS: Infinity, nodeCores: [Infinity] }, { onComplete() {}, onDrop() {}, onCores() {}, onBatch() {} });
    serving.configure([{ variant: 'slow', batch: 1, replicas: 4 }], true);
    engine.at(1, 17);
    const counts: Record<number, ReturnType<ServingSystem['stageCounts']>> = {};
    for (const t of [3, 7]) engine.at(t, 18, t);
    engine.run((kind, arg) => {
      if (kind === 17) serving.configure([{ variant: 'fast', batch: 1, replicas: 1 }]);
      else if (kind === 18) counts[arg] = serving.stageCounts(0);
      else serving.handle(kind, arg);
    });
    // The four slow replicas serve 10 requests/s, less than the fast one's 20: during its start-up
    // all four keep serving (counting replicas would keep only one); once it is ready they retire.
    expect(counts[3]).toEqual({ ready: 4, starting: 1, pending: 0, draining: 0 });
    expect(counts[7]).toEqual({ ready: 1, starting: 0, pending: 0, draining: 0 });
  });
});
