/**
 * Peak memory of a long run: the whole 22-day Twitter trace (damped /8 as IPA), IPA on the video
 * pipeline (its video settings and LSTM predictor), streaming recording. Not a test: run
 * `npx tsx bench/memory.ts [--days N] [--recording exact|streaming]` (one run per process, so the
 * peak RSS is this run's: the trace loaded, the run, its result).
 */
import { resourceUsage } from 'node:process';
import { dampTrace, ipaRunOptions, simulate } from '../src/index.js';
import { loadTwitterTrace } from '../src/node/index.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const days = Number(arg('--days') ?? 22);
const recording = (arg('--recording') ?? 'streaming') as 'exact' | 'streaming';
// The raw trace is not kept: only the damped counts the run uses stay alive.
const trace = dampTrace(days >= 22 ? loadTwitterTrace() : loadTwitterTrace().slice(0, days * 86_400), 8);
const t0 = performance.now();
const r = await simulate({
  seed: 1,
  durationS: trace.length,
  pipeline: 'video',
  workload: { type: 'trace', rps: trace },
  serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
  policy: { name: 'ipa', ...ipaRunOptions('video') },
  metrics: { recording },
});
const wallS = (performance.now() - t0) / 1000;
console.log(
  `| ${days} days (${trace.length.toLocaleString('en-US')} s) | ${recording} | ${r.summary.requests.toLocaleString('en-US')} | ${r.summary.latencyMs.p99.toFixed(1)} | ${wallS.toFixed(0)} | ${(resourceUsage().maxRSS / 1024).toFixed(0)} |`,
);
