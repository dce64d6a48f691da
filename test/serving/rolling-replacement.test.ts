import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { StageConfig } from '../../src/policies/types.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { createStreams } from '../../src/random/streams.js';
import type { NodeSpec } from '../../src/serving/cluster.js';
import { compilePipeline } from '../../src/serving/compiled-pipeline.js';
import { ServingSystem } from '../../src/serving/serving-system.js';

// Hand-computed timelines of the rolling replacement when a new replica has to wait for resources.
// No requests arrive, so replicas are idle and a retired one stops at once (no draining).

type Counts = ReturnType<ServingSystem['stageCounts']>;

/** Runs `initial` warm at t = 0, `next` at t = 1, and records every stage's counts at `times`. */
function timeline(pipeline: PipelineProfile, nodes: NodeSpec[], initial: StageConfig[], next: StageConfig[], times: number[]): Record<number, Counts[]> {
  const engine = new Engine();
  const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
  const serving = new ServingSystem(engine, stages, { maxBatchWaitS: 0, dropLimitS: Infinity, nodes }, { onComplete() {}, onDrop() {}, onCores() {}, onBatch() {} });
  serving.configure(initial, true);
  engine.at(1, 17);
  for (const t of times) engine.at(t, 18, t);
  const out: Record<number, Counts[]> = {};
  engine.run((kind, arg) => {
    if (kind === 17) serving.configure(next);
    else if (kind === 18) out[arg] = pipeline.stages.map((_, s) => serving.stageCounts(s));
    else serving.handle(kind, arg);
  });
  return out;
}

const counts = (ready: number, starting: number, pending: number): Counts => ({ ready, starting, pending, draining: 0 });

describe('rolling replacement with a new replica blocked for resources', () => {
  it('retires an old replica of the same device type so the new one can start', () => {
    // One CPU node of 2 cores, both held by "a" (10 requests/s each). "b" (20 requests/s) needs a
    // core: blocked at t = 1, so one "a" retires and "b" starts (5 s); at t = 6 it is ready and
    // covers the 20 requests/s asked for, so the last "a" retires.
    const pipeline: PipelineProfile = {
      stages: [{ name: 's', variants: [
        { name: 'a', accuracy: 0.5, cores: 1, latencyMs: { 1: 100 } },
        { name: 'b', accuracy: 0.5, cores: 1, latencyMs: { 1: 50 }, startupS: 5 },
      ] }],
    };
    const t = timeline(pipeline, [{ device: 'cpu', cores: 2, accelerators: 0, memoryMB: Infinity }], [{ variant: 'a', batch: 1, replicas: 2 }], [{ variant: 'b', batch: 1, replicas: 1 }], [3, 7]);
    expect(t[3]).toEqual([counts(1, 1, 0)]);
    expect(t[7]).toEqual([counts(1, 0, 0)]);
  });

  it('keeps old replicas of another device type serving: freeing them would not unblock the new one', () => {
    // A GPU node with 3 boards and an FPGA node with 1. At t = 0 detection runs on 2 GPU replicas
    // and classification on the FPGA board; at t = 1 they swap: detection to the FPGA (blocked: the
    // classifier still holds the board), classification to a GPU (fits, ready at 1 + 5 = 6 s).
    // Retiring a GPU detection replica frees no FPGA board, so both keep serving. At 6 s the new
    // classifier is ready, the old one retires and frees the board; detection's FPGA replica starts
    // and is ready at 6 + 5 = 11 s, when the two GPU replicas retire.
    const variant = {
      name: 'v',
      accuracy: 0.5,
      cores: 1,
      latencyMs: { 1: 100 },
      devices: { gpu: { latencyMs: { 1: 100 }, accelerators: 1, startupS: 5 }, fpga: { latencyMs: { 1: 50 }, accelerators: 1, startupS: 5 } },
    };
    const pipeline: PipelineProfile = { stages: [{ name: 'detect', variants: [variant] }, { name: 'classify', variants: [variant] }] };
    const nodes: NodeSpec[] = [
      { device: 'gpu', cores: 8, accelerators: 3, memoryMB: Infinity },
      { device: 'fpga', cores: 8, accelerators: 1, memoryMB: Infinity },
    ];
    const t = timeline(
      pipeline,
      nodes,
      [{ variant: 'v', device: 'gpu', batch: 1, replicas: 2 }, { variant: 'v', device: 'fpga', batch: 1, replicas: 1 }],
      [{ variant: 'v', device: 'fpga', batch: 1, replicas: 1 }, { variant: 'v', device: 'gpu', batch: 1, replicas: 1 }],
      [3, 8, 12],
    );
    // Before the fix a GPU detection replica retired for the blocked FPGA one at every reconcile: none ready.
    expect(t[3]).toEqual([counts(2, 0, 1), counts(1, 1, 0)]);
    expect(t[8]).toEqual([counts(2, 1, 0), counts(1, 0, 0)]);
    expect(t[12]).toEqual([counts(1, 0, 0), counts(1, 0, 0)]);
  });
});
