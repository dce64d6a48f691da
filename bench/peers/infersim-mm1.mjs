// M/M/1 through infersim's library (the built package, dist/): simulate() in process. Prints JSON.
// It imports the package's entry as users get it (package.json exports ".": the bundle
// dist/esm/index.js), not the per-file tsc output next to it. A second argument names another
// build's dist/ directory to run instead (peers.ts --baseline; empty: this one's); a third,
// `no-energy`, runs it with metrics.energy false (no energy accounting).
const dist = process.argv[3] ? new URL(`file://${process.argv[3].replace(/\/?$/, '/')}esm/index.js`).href : '../../dist/esm/index.js';
const { simulate } = await import(dist);

const { mm1Scenario } = await import('./mm1-scenario.mjs');
const customers = Number(process.argv[2] ?? 1e6);
const scenario = mm1Scenario(customers, { energy: process.argv[4] !== 'no-energy' });
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = await simulate(scenario);
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ peer: 'infersim', customers: r.summary.completed, simS: s, cpuS: (c.user + c.system) / 1e6, meanLatency: r.summary.latencyMs.mean / 1000 }));
