import { Engine } from '../../src/engine/engine.js';
import { createStreams, compilePipeline, ServingSystem, type PipelineProfile, type StageConfig } from '../../src/index.js';

/**
 * Runs `n` arrivals (one every `gapS` s) through the serving model (exponential service, no drop
 * limit) to the end, applying `configs[k]` at `switchAt[k]` s (`configs[0]` warm at 0): tasks served per
 * (stage, variant) as `get("stage/variant")`, completed requests, tasks left queued per stage.
 */
export function serveThrough(pipeline: PipelineProfile, configs: StageConfig[][], switchAt: number[], n: number, gapS: number, seed = 1) {
  const engine = new Engine();
  const stages = compilePipeline(pipeline, createStreams(seed), { serviceDist: { type: 'exponential' }, startupS: 0, accuracy: { method: 'product', normalize: 'raw' } });
  const served = new Map<string, number>();
  const serving = new ServingSystem(engine, stages, { maxBatchWaitS: 0.01, dropLimitS: Infinity, nodeCores: [Infinity] }, {
    onComplete() {},
    onDrop() {},
    onCores() {},
    onBatch(r, v) {
      const key = `${r.stage}/${v.name}`;
      served.set(key, (served.get(key) ?? 0) + r.batchSize);
    },
  });
  serving.configure(configs[0], true);
  for (let i = 0; i < n; i++) engine.at(i * gapS, 16);
  switchAt.forEach((t, k) => engine.at(t, 17, k + 1));
  engine.run((kind, arg) => (kind === 16 ? serving.arrive() : kind === 17 ? serving.configure(configs[arg]) : serving.handle(kind, arg)));
  let completed = 0;
  for (let i = 0; i < n; i++) if (serving.requests.status[i] === 1) completed++;
  const get = (k: string) => served.get(k) ?? 0;
  return { get, completed, queued: stages.map((_, s) => serving.queueLength(s)) };
}
