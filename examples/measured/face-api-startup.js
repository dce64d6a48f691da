// Start-up and memory probe for one face-api model, run as its own process by
// scripts/profile-face-api.ts (pinned with taskset like the profiler's workloads): imports
// face-api-model.js (tfjs + wasm backend + the model's weights + one inference), runs one batch of 8,
// and prints one JSON line: time from this process's start to the model serving, and memory.
import { performance } from 'node:perf_hooks';

const before = process.memoryUsage().rss;
const model = await import('./face-api-model.js');
/** ms from process start (node's own boot included) until the model has answered once. */
const processStartupMs = performance.now();
await model.infer(8);
const mem = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    model: process.env.FACE_MODEL,
    processStartupMs,
    moduleStartupMs: model.startupMs,
    rssMB: mem.rss / 1e6,
    rssBeforeMB: before / 1e6,
  }) + '\n',
);
