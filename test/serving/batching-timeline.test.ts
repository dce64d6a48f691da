import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { createStreams } from '../../src/random/streams.js';
import { compilePipeline } from '../../src/serving/compiled-pipeline.js';
import { ServingSystem, type ServingOptions } from '../../src/serving/serving-system.js';
import { validateScenario } from '../../src/sim/validate.js';

// Small timelines worked out by hand (deterministic service, one replica per stage), checking the
// per-stage batch waits and drop limits and the expired-request rule: expired tasks are dropped
// first, then the batching rule (full batch or max wait) applies to the live ones, as Triton's
// dynamic batcher does with a queue-policy timeout.

const ARRIVE = 16;

/** Runs arrivals through `pipeline` (one replica of batch `cap` per stage) and logs what happens. */
function timeline(pipeline: PipelineProfile, cap: number, options: ServingOptions, arrivals: number[]): string[] {
  const engine = new Engine();
  const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
  const log: string[] = [];
  const at = () => engine.now.toFixed(2);
  const serving = new ServingSystem(engine, stages, options, {
    onComplete: (id) => log.push(`${at()} done r${id}`),
    onDrop: (id) => log.push(`${at()} drop r${id}`),
    onCores() {},
    onBatch: (r) => log.push(`${at()} ${stages[r.stage].name}[${Array.from(r.batch.subarray(0, r.batchSize), (t) => `r${serving.tasks.request[t]}`).join(',')}]`),
  });
  serving.configure(stages.map((st) => ({ variant: st.variants[0].name, batch: cap, replicas: 1 })), true);
  for (const t of arrivals) engine.at(t, ARRIVE);
  engine.run((kind, arg) => (kind === ARRIVE ? serving.arrive() : serving.handle(kind, arg)));
  return log;
}

function chain(names: string[], ms: number, maxBatch: number): PipelineProfile {
  const latencyMs = Object.fromEntries(Array.from({ length: maxBatch }, (_, k) => [String(k + 1), ms]));
  return { stages: names.map((name, i) => ({ name, variants: [{ name: 'v', accuracy: 1, cores: 1, latencyMs }], next: i + 1 < names.length ? [{ stage: names[i + 1] }] : undefined })) };
}

describe('per-stage batching settings', () => {
  it('each stage waits its own max batch wait, falling back to the serving one', () => {
    // One request at 0. Stage a waits 0.2 s (its own), serves 0.1 s; stage b waits the default 1 s.
    const log = timeline(chain(['a', 'b'], 100, 2), 2, { maxBatchWaitS: 1, dropLimitS: Infinity, stages: [{ maxBatchWaitS: 0.2 }] }, [0]);
    expect(log).toEqual(['0.20 a[r0]', '1.30 b[r0]', '1.40 done r0']);
    // Without the override both stages wait 1 s.
    expect(timeline(chain(['a', 'b'], 100, 2), 2, { maxBatchWaitS: 1, dropLimitS: Infinity }, [0])).toEqual(['1.00 a[r0]', '2.10 b[r0]', '2.20 done r0']);
  });

  it('each stage drops at its own drop limit', () => {
    // Batch 1, 1 s per stage; requests at 0 and 0.1. Stage a (no limit) serves r0 [0, 1] and r1
    // [1, 2]; stage b (limit 1.5 s) serves r0 [1, 2] (a finished task's next stage dispatches first); at 2, r1 is 1.9 s old: dropped.
    const log = timeline(chain(['a', 'b'], 1000, 1), 1, { maxBatchWaitS: 0, dropLimitS: Infinity, stages: [undefined, { dropLimitS: 1.5 }] }, [0, 0.1]);
    expect(log).toEqual(['0.00 a[r0]', '1.00 b[r0]', '1.00 a[r1]', '2.00 done r0', '2.00 drop r1']);
  });
});

describe('expired requests and batching', () => {
  // One stage, batch cap 2, 2 s per batch whatever its size, max wait 1 s, drop limit 1.5 s.
  const pipeline = chain(['s'], 2000, 2);
  const options: ServingOptions = { maxBatchWaitS: 1, dropLimitS: 1.5 };

  it('an expired request does not count towards a full batch', () => {
    // 0.5: r0 and r1 fill a batch (done 2.5). r2 (1.0) and r3 (2.2) queue meanwhile. At 2.5 the
    // queue holds two, but r2 is 1.5 s old: dropped, leaving r3 alone; the replica waits for a
    // second live one (r4 at 3.0) rather than starting a batch of one at 2.5.
    const log = timeline(pipeline, 2, options, [0, 0.5, 1.0, 2.2, 3.0]);
    expect(log).toEqual(['0.50 s[r0,r1]', '2.50 done r0', '2.50 done r1', '2.50 drop r2', '3.00 s[r3,r4]', '5.00 done r3', '5.00 done r4']);
  });

  it('the max wait counts from the oldest live request, and a waiting replica drops expiries on time', () => {
    // Drop limit 1 s below the 2 s max wait: r0 (0) expires at 1.0 while the replica waits, r1
    // (1.5) at 2.5; r2 (3.0) and r3 (3.2) then fill a batch at 3.2.
    const log = timeline(pipeline, 2, { maxBatchWaitS: 2, dropLimitS: 1 }, [0, 1.5, 3.0, 3.2]);
    expect(log).toEqual(['1.00 drop r0', '2.50 drop r1', '3.20 s[r2,r3]', '5.20 done r2', '5.20 done r3']);
  });
});

describe('serving.stages in a scenario', () => {
  const base = { seed: 1, durationS: 10, slaMs: 1000, pipeline: chain(['a', 'b'], 100, 2), workload: { type: 'poisson', rps: 1 }, policy: { name: 'static' } };

  it('resolves per stage, by name, falling back to serving', () => {
    const r = validateScenario({ ...base, serving: { maxBatchWaitMs: 500, dropLimitS: 4, stages: { b: { maxBatchWaitMs: 20, dropLimitS: null } } } });
    expect(r.stageServing).toEqual([
      { maxBatchWaitS: 0.5, dropLimitS: 4 },
      { maxBatchWaitS: 0.02, dropLimitS: Infinity },
    ]);
  });

  it('names an unknown stage with the closest one', () => {
    expect(() => validateScenario({ ...base, serving: { stages: { bb: { maxBatchWaitMs: 20 } } } })).toThrow(/serving\.stages\.bb[\s\S]*did you mean "b"/);
  });
});
