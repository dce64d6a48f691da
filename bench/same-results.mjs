// Same results, bit for bit, from two builds of infersim: a check for changes that must not move any
// result (the hot path, start-up). Not a timing and not a test: run it by hand before integrating.
//
//     node bench/same-results.mjs <other dist/> [<this dist/>] [--random 250]
//
// Runs the same scenarios through both builds' package entry (`<dist>/esm/index.js`) in this one
// process and compares every result field but `timing` as JSON (typed arrays as arrays, NaN and
// infinities spelt out): the examples, M/M/1 variants (exact and streaming recording, warm-up,
// per-request trace, series, 250,000 customers), adaptive policies (IPA, FA2, Loki with early
// dropping), energy (profiled, modelled, a carbon trace, energy accounting off) and random pipelines
// (graphs, drops, batching, traces, clusters). Prints a sha256 of each build's results and the
// scenarios that differ; exits 1 if any does.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const randomAt = args.indexOf('--random');
const nRandom = randomAt >= 0 ? Number(args.splice(randomAt, 2)[1]) : 250;
if (args.length < 1) {
  console.error('usage: node bench/same-results.mjs <other dist/> [<this dist/>] [--random N]');
  process.exit(2);
}
const entry = (dir) => pathToFileURL(join(resolve(dir), 'esm/index.js')).href;
const A = await import(entry(args[0]));
const B = await import(entry(args[1] ?? join(root, 'dist')));

// A small deterministic generator for the random scenarios (the same list on every run).
let state = 12345;
const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

function latency() {
  const sizes = pick([[1], [1, 4], [1, 2, 8], [2, 4], [1, 16]]);
  const base = 5 + rnd() * 200;
  return Object.fromEntries(sizes.map((b) => [String(b), base * Math.sqrt(b) * (1 + rnd() * 0.2)]));
}

function randomScenario(i) {
  const nStages = pick([1, 1, 1, 2, 2, 3]);
  const graph = nStages > 1 && rnd() < 0.3;
  const stages = Array.from({ length: nStages }, (_, s) => {
    const variants = Array.from({ length: pick([1, 1, 2, 3]) }, (_, j) => {
      const v = { name: `v${j}`, accuracy: Math.round(rnd() * 100) / 100, cores: pick([1, 1, 2, 0.5, 3]), latencyMs: latency() };
      if (rnd() < 0.3) v.energyJ = Object.fromEntries(Object.keys(v.latencyMs).map((k) => [k, rnd() * 5]));
      if (rnd() < 0.2) v.startupS = rnd() * 3;
      if (rnd() < 0.2) v.serviceDist = pick([{ type: 'exponential' }, { type: 'gamma', cv: 0.5 }, { type: 'deterministic' }]);
      return v;
    });
    const st = { name: `s${s}`, variants };
    if (graph && s === 0) st.next = Array.from({ length: nStages - 1 }, (_, k) => ({ stage: `s${k + 1}`, probability: pick([1, 0.7, 0.5]), ...(rnd() < 0.5 ? { count: pick([1, 2, { mean: 1.5 }]) } : {}) }));
    return st;
  });
  const durationS = pick([5, 20, 60, 120]);
  const pipeline = { slaMs: pick([200, 800, 3000]), stages };
  if (rnd() < 0.5) pipeline.dropLimitS = pick([0.5, 2, 5]);
  const config = stages.map((st) => {
    const v = pick(st.variants);
    return { variant: v.name, batch: int(1, Math.max(...Object.keys(v.latencyMs).map(Number))), replicas: int(rnd() < 0.1 ? 0 : 1, 4) };
  });
  const workload = pick([
    { type: 'poisson', rps: pick([1, 10, 40, 120]) },
    { type: 'deterministic', rps: pick([3, 30]) },
    { type: 'trace', rps: Array.from({ length: int(1, 10) }, () => int(0, 80)), withinSecond: pick(['ipa', 'poisson', 'uniform', 'step']), repeat: rnd() < 0.5 },
  ]);
  const sc = {
    seed: i,
    durationS,
    warmupS: rnd() < 0.5 ? 0 : durationS * rnd() * 0.5,
    pipeline,
    workload,
    policy: pick([{ name: 'static', config }, { name: 'static', config }, { name: 'greedy' }, { name: 'random' }]),
    serving: { maxBatchWaitMs: pick([0, 10, 100, 1000]), adaptationIntervalS: pick([0.5, 2, 10, 1e9]), serviceDist: pick([{ type: 'deterministic' }, { type: 'exponential' }, { type: 'lognormal', cv: 0.3 }]), earlyDrop: rnd() < 0.2 },
    metrics: {},
  };
  if (rnd() < 0.3) sc.cluster = pick([{ cores: int(1, 8) }, { nodes: [{ cores: int(1, 6), count: int(1, 3) }] }]);
  if (rnd() < 0.3) sc.metrics.seriesIntervalS = pick([0.5, 1, 7]);
  if (rnd() < 0.3) sc.metrics.trace = true;
  else if (rnd() < 0.3) sc.metrics.recording = 'streaming';
  if (rnd() < 0.1) sc.metrics.energy = false;
  if (rnd() < 0.2) sc.accuracy = { method: pick(['sum', 'product', 'mean']), normalize: pick(['raw', 'rank']) };
  if (rnd() < 0.15) sc.energy = { node: { idleW: 50, maxW: 300, curve: pick(['linear', 'fan2007']), cores: 16 }, idle: sc.cluster ? pick(['cluster', 'allocated']) : 'allocated' };
  return sc;
}

const example = (f) => JSON.parse(readFileSync(join(root, 'examples', f), 'utf8'));
const mm1 = {
  seed: 1,
  durationS: 20000,
  slaMs: 1e9,
  pipeline: { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 1, cores: 1, latencyMs: { 1: 1000 }, serviceDist: { type: 'exponential' } }] }] },
  workload: { type: 'poisson', rps: 0.9 },
  policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }] },
  serving: { adaptationIntervalS: 1e9 },
  metrics: { seriesIntervalS: 20000 },
};
const big = { ...mm1, durationS: 250000, metrics: { seriesIntervalS: 250000 } };
const video = { seed: 3, durationS: 600, warmupS: 30, pipeline: 'video', workload: { type: 'trace', name: 'bursty', withinSecond: 'ipa' }, serving: { serviceDist: { type: 'lognormal', cv: 0.2 } }, cluster: { cores: 32 } };
const fixed = [
  ['examples/minimal.json', example('minimal.json')],
  ['examples/video-bursty-ipa.json', example('video-bursty-ipa.json')],
  ['examples/video-bursty-static.json', example('video-bursty-static.json')],
  ['video IPA streaming', { ...example('video-bursty-ipa.json'), metrics: { recording: 'streaming' } }],
  ['video FA2', { ...video, policy: { name: 'fa2' } }],
  ['video ipa-energy, carbon', { ...video, policy: { name: 'ipa-energy' }, energy: { carbon: { trace: 'ciso-sep', startHour: 5 } } }],
  ['video energy-slo, carbon, allocated', { ...video, policy: { name: 'energy-slo' }, energy: { idle: 'allocated', carbon: { trace: 'gb-2023-jan' } } }],
  ['video loki, early drop', { ...video, policy: { name: 'loki' }, serving: { ...video.serving, earlyDrop: true } }],
  ['video greedy, energy off, trace', { ...video, policy: { name: 'greedy' }, metrics: { energy: false, trace: true } }],
  ['mm1 250k', big],
  ['mm1 250k warm-up', { ...big, warmupS: 20000 }],
  ['mm1 250k trace', { ...big, metrics: { trace: true } }],
  ['mm1 250k series 100 s', { ...big, metrics: { seriesIntervalS: 100 } }],
  ['mm1 250k energy off', { ...big, metrics: { seriesIntervalS: 250000, energy: false } }],
  ['mm1 250k streaming', { ...big, metrics: { recording: 'streaming' } }],
  ['mm1', mm1],
  ['mm1 warm-up, sla', { ...mm1, warmupS: 1000, slaMs: 5000 }],
  ['mm1 deterministic arrivals', { ...mm1, workload: { type: 'deterministic', rps: 0.9 } }],
];
const cases = [...fixed, ...Array.from({ length: nRandom }, (_, i) => [`random ${i}`, randomScenario(i)])];

const json = (r) => {
  const { timing, ...rest } = r;
  return JSON.stringify(rest, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v, (x) => (Number.isFinite(x) ? x : String(x))) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
};
const run = async (lib, sc) => {
  try {
    return json(await lib.simulate(structuredClone(sc)));
  } catch (e) {
    return `error: ${e instanceof Error ? e.message : String(e)}`;
  }
};
const ha = createHash('sha256');
const hb = createHash('sha256');
let differ = 0;
let errors = 0;
for (const [name, sc] of cases) {
  const a = await run(A, sc);
  const b = await run(B, sc);
  ha.update(a);
  hb.update(b);
  if (a.startsWith('error: ')) errors++;
  if (a !== b) {
    differ++;
    let i = 0;
    while (a[i] === b[i]) i++;
    console.log(`differs: ${name}\n  other: ...${a.slice(Math.max(0, i - 80), i + 80)}\n  this:  ...${b.slice(Math.max(0, i - 80), i + 80)}`);
  }
}
console.log(`${cases.length} scenarios (${errors} rejected by both builds alike), ${differ} differ`);
console.log(`sha256 other ${ha.digest('hex')}\nsha256 this  ${hb.digest('hex')}`);
process.exit(differ ? 1 : 0);
