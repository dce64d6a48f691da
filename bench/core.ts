// Event-loop throughput of the simulator core. Not a test: run with `npm run bench`, and copy the
// table it prints into bench/README.md with the date and machine.
import { resourceUsage } from 'node:process';
import { dampTrace, simulate, type Scenario } from '../src/index.js';
import { loadTwitterTrace } from '../src/node/index.js';

async function timed(label: string, scenario: Scenario, repeats = 3) {
  let best = Infinity;
  let result!: Awaited<ReturnType<typeof simulate>>;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = await simulate(scenario);
    best = Math.min(best, performance.now() - t0);
  }
  const s = result.summary;
  return {
    label,
    events: s.events,
    requests: s.requests,
    wallS: best / 1000,
    eventsPerS: s.events / (best / 1000),
    requestsPerS: s.requests / (best / 1000),
    simulatedS: s.simulatedS,
  };
}

const mm1: Scenario = {
  seed: 1,
  durationS: 200_000,
  slaMs: 1000,
  pipeline: { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 1, cores: 1, latencyMs: { 1: 100 }, serviceDist: { type: 'exponential' } }] }] },
  workload: { type: 'poisson', rps: 8 },
  policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }] },
};

const videoConfig = [
  { variant: 'yolov5n', batch: 8, replicas: 6 },
  { variant: 'resnet18', batch: 8, replicas: 2 },
];

const videoBursty: Scenario = {
  seed: 1,
  durationS: 1200,
  pipeline: 'video',
  workload: { type: 'trace', name: 'bursty' },
  serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
  policy: { name: 'static', config: videoConfig },
};

const day = dampTrace(loadTwitterTrace().slice(0, 86_400), 8);
const videoDay: Scenario = {
  seed: 1,
  durationS: 86_400,
  pipeline: 'video',
  workload: { type: 'trace', rps: day },
  serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
  policy: { name: 'static', config: videoConfig },
};

const rows = [await timed('M/M/1, rho 0.8, 200,000 s', mm1), await timed('video, bursty trace (1,200 s)', videoBursty, 10), await timed('video, Twitter day 0 (/8, 86,400 s)', videoDay)];
const peakRssMB = resourceUsage().maxRSS / 1024;

const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log('| run | events | requests | wall s (best) | events/s | requests/s |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${fmt(r.events)} | ${fmt(r.requests)} | ${fmt(r.wallS, 3)} | ${fmt(r.eventsPerS)} | ${fmt(r.requestsPerS)} |`);
console.log(`\npeak RSS of the whole benchmark process: ${fmt(peakRssMB)} MB`);
