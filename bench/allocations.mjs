// What a run allocates on the JS heap, and where: the inspector's sampling heap profiler, objects
// collected by minor and major GCs included (the short-lived heap numbers a hot path boxes are
// exactly those), over one run after a warm-up run in the same process. Not a test: run after
// `npm run build`.
//
//     node [--no-concurrent-recompilation] bench/allocations.mjs [--scenario mm1|day-static|day-ipa]
//          [--customers N] [--dist <a build's dist/>] [--top 8]
//
// `mm1` is the peers' M/M/1 (bench/peers/infersim-mm1.mjs: rho 0.9, exponential service, 1 M
// customers by default); `day-static` and `day-ipa` are bench/decisions.ts's Twitter day through the
// video pipeline, static and IPA. Prints the megabytes allocated per run and the frames that
// allocated most, as "caller < allocating function". Two caveats: the profiler names the function
// of the machine frame, so code V8 inlined counts under the function it was inlined into; and
// which calls V8 inlines depends on when its background compiles finish, so allocations move from
// run to run. `node --no-concurrent-recompilation` compiles on the main thread, which makes them
// repeatable (diagnostics only: a library cannot set V8 flags for its users).
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mm1Scenario } from './peers/mm1-scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { scenario: { type: 'string', default: 'mm1' }, customers: { type: 'string', default: '1000000' }, dist: { type: 'string' }, top: { type: 'string', default: '8' } },
});
const dist = resolve(values.dist ?? join(here, '..', 'dist'));
const lib = await import(pathToFileURL(join(dist, 'esm', 'index.js')).href);

function scenario() {
  return values.scenario === 'mm1' ? mm1Scenario(Number(values.customers)) : null;
}

let sc = scenario();
if (sc === null) {
  if (values.scenario !== 'day-static' && values.scenario !== 'day-ipa') {
    console.error(`--scenario: expected mm1, day-static or day-ipa, got ${values.scenario}`);
    process.exit(2);
  }
  const nodeLib = await import(pathToFileURL(join(dist, 'esm', 'node.js')).href);
  const day = lib.dampTrace(nodeLib.loadTwitterTrace().slice(0, 86_400), 8);
  const base = { seed: 1, durationS: 86_400, pipeline: 'video', workload: { type: 'trace', rps: day }, serving: { serviceDist: { type: 'lognormal', cv: 0.2 } } };
  sc =
    values.scenario === 'day-static'
      ? { ...base, policy: { name: 'static', config: [{ variant: 'yolov5n', batch: 8, replicas: 6 }, { variant: 'resnet18', batch: 8, replicas: 2 }] } }
      : { ...base, policy: { name: 'ipa', ...lib.ipaRunOptions('video') } };
}

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await lib.simulate(sc); // warm-up: the first run's one-off allocations (schemas, modules) are not the run's
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const r = await lib.simulate(sc);
const { profile } = await session.post('HeapProfiler.stopSampling');

const byFrame = new Map();
const walk = (node, stack) => {
  const here = [...stack, node.callFrame.functionName || '(anonymous)'];
  if (node.selfSize) {
    const key = here.slice(-2).join(' < ');
    byFrame.set(key, (byFrame.get(key) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, here);
};
walk(profile.head, []);
const total = [...byFrame.values()].reduce((a, b) => a + b, 0);
console.log(`${values.scenario}: ${r.summary.events} events, ${r.summary.requests} requests; ${(total / 1e6).toFixed(1)} MB allocated in the run`);
for (const [frame, bytes] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${frame}`);
