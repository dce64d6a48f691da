import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { createStreams, compilePipeline, ServingSystem, simulate, stageLoadFactors, type PipelineProfile } from '../../src/index.js';

const variant = (name: string, accuracy: number, ms: number) => ({ name, accuracy, cores: 1, latencyMs: { 1: ms, 4: ms * 2.5 } });

/** Random forward edges over n stages: every stage > 0 has a parent among the earlier ones. */
const graphArb = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    parents: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
    probabilities: fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    counts: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.record({ mean: fc.double({ min: 0.2, max: 2.5, noNaN: true }) })), { minLength: n, maxLength: n }),
    rps: fc.integer({ min: 1, max: 15 }),
    seed: fc.integer(),
    dropLimitS: fc.constantFrom(2, 100),
  }).map((g) => ({ n, ...g })),
);

function pipelineOf(g: { n: number; parents: number[]; probabilities: number[]; counts: (number | { mean: number })[] }): PipelineProfile {
  return {
    stages: Array.from({ length: g.n }, (_, i) => ({
      name: `s${i}`,
      variants: [variant('v', 0.5 + i / 10, 20 + 10 * i)],
      next: g.parents.flatMap((p, j) => (p === i ? [{ stage: `s${j + 1}`, probability: g.probabilities[j + 1], count: g.counts[j + 1] }] : [])),
    })),
  };
}

describe('pipeline graphs', () => {
  it('branching conserves requests: each ends once, completed only when all its tasks finished', async () => {
    await fc.assert(
      fc.asyncProperty(graphArb, async (g) => {
        const pipeline = pipelineOf(g);
        const r = await simulate({
          seed: g.seed, durationS: 40, slaMs: 1000, pipeline,
          workload: { type: 'poisson', rps: g.rps },
          serving: { dropLimitS: g.dropLimitS, serviceDist: { type: 'exponential' } },
          policy: { name: 'static', config: pipeline.stages.map(() => ({ variant: 'v', batch: 4, replicas: 2 })) },
          metrics: { trace: true },
        });
        const s = r.summary;
        expect(s.completed + s.dropped + s.unfinished).toBe(s.requests);
        expect(s.unfinished).toBe(0);
        const t = r.trace!;
        for (let i = 0; i < t.status.length; i++) {
          if (t.status[i] === 1) {
            expect(t.accuracy[i]).toBeGreaterThan(0);
            expect(t.finishedS[i]).toBeGreaterThanOrEqual(t.arrivalS[i]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('each stage sees the expected tasks per request (load factors)', async () => {
    const pipeline: PipelineProfile = {
      stages: [
        { name: 'detect', variants: [variant('v', 0.6, 10)], next: [{ stage: 'classify', probability: 0.8, count: { mean: 2 } }, { stage: 'log', count: 1 }] },
        { name: 'classify', variants: [variant('v', 0.9, 10)], next: [{ stage: 'log', probability: 0.5 }] },
        { name: 'log', variants: [variant('v', 1, 1)] },
      ],
    };
    expect(stageLoadFactors(pipeline)).toEqual([1, 1.6, 1 + 0.8]);
    // Count the tasks each stage serves, through the serving model's batch hook.
    const engine = new Engine();
    const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
    const served = [0, 0, 0];
    const serving = new ServingSystem(engine, stages, { maxBatchWaitS: 0, dropLimitS: Infinity, nodeCores: [Infinity] }, {
      onComplete() {},
      onDrop() {},
      onCores() {},
      onBatch(r) {
        served[r.stage] += r.batchSize;
      },
    });
    serving.configure([{ variant: 'v', batch: 1, replicas: 2 }, { variant: 'v', batch: 1, replicas: 4 }, { variant: 'v', batch: 1, replicas: 2 }], true);
    const n = 20000;
    for (let i = 0; i < n; i++) engine.at(i * 0.2, 16);
    engine.run((kind, arg) => (kind === 16 ? serving.arrive() : serving.handle(kind, arg)));
    expect(served[0]).toBe(n);
    expect(served[1] / n).toBeCloseTo(1.6, 1);
    expect(served[2] / n).toBeCloseTo(1.8, 1);
    let completed = 0;
    for (let i = 0; i < n; i++) if (serving.requests.status[i] === 1) completed++;
    expect(completed).toBe(n);
  });

  it('path accuracy is the product along the path; requests average their paths', async () => {
    const pipeline: PipelineProfile = {
      stages: [
        { name: 'detect', variants: [variant('v', 0.5, 10)], next: [{ stage: 'classify', probability: 0.5 }] },
        { name: 'classify', variants: [variant('v', 0.8, 10)] },
      ],
    };
    const r = await simulate({
      seed: 2, durationS: 3000, slaMs: 1e6, pipeline,
      workload: { type: 'poisson', rps: 4 },
      policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }, { variant: 'v', batch: 1, replicas: 1 }] },
    });
    // Half the requests end at the detector (0.5), half after the classifier (0.5 x 0.8 = 0.4).
    expect(r.summary.accuracy).toBeGreaterThan(0.445);
    expect(r.summary.accuracy).toBeLessThan(0.455);
  });

  it('a cycle, an unknown stage or an unreachable stage is a clear error', async () => {
    const base = (stages: PipelineProfile['stages']) => ({
      seed: 1, durationS: 10, slaMs: 100, pipeline: { stages },
      workload: { type: 'poisson' as const, rps: 1 },
      policy: { name: 'static', config: stages.map(() => ({ variant: 'v', batch: 1, replicas: 1 })) },
    });
    await expect(simulate(base([
      { name: 'a', variants: [variant('v', 1, 1)], next: [{ stage: 'b' }] },
      { name: 'b', variants: [variant('v', 1, 1)], next: [{ stage: 'c' }] },
      { name: 'c', variants: [variant('v', 1, 1)], next: [{ stage: 'b' }] },
    ]))).rejects.toThrow(/pipeline.stages\[2\].next: expected edges that form no cycle/);
    await expect(simulate(base([
      { name: 'a', variants: [variant('v', 1, 1)], next: [{ stage: 'x' }] },
    ]))).rejects.toThrow(/pipeline.stages\[0\].next\[0\].stage/);
    await expect(simulate(base([
      { name: 'a', variants: [variant('v', 1, 1)], next: [] },
      { name: 'b', variants: [variant('v', 1, 1)] },
    ]))).rejects.toThrow(/pipeline.stages\[1\]: expected a stage reachable/);
  });
});
