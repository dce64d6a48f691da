// What a run costs in a fresh process at a few sizes: a short run is mostly what every first run
// pays before V8 has optimised the hot path (validation, building, interpreted and baseline code,
// TurboFan compiles in the background, the young generation growing). Not a test: run after
// `npm run build`.
//
//     node bench/first-run.mjs [--customers 10,10000,1000000] [--rounds 9] [--baseline <other dist/>]
//                              [--flags "<V8 flags>;<other V8 flags>"]
//
// Each configuration runs the peers' M/M/1 (bench/peers/infersim-mm1.mjs: simulate() in a fresh
// process, timed from the call to the result) at each number of customers, rounds interleaved;
// the table gives medians of the run's wall time and CPU time (user + system of the process over
// the call, background compiler and GC threads included). `--baseline` adds another build's
// dist/; `--flags` adds runs of this build under V8 flags, to see which of V8's mechanisms a
// first run waits for (diagnostics only: a library cannot set them for its users).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const customers = opt('--customers', '10,10000,1000000').split(',').map(Number);
const rounds = Number(opt('--rounds', '9'));
const baseline = opt('--baseline', undefined);
const flagSets = opt('--flags', '').split(';').map((f) => f.trim()).filter(Boolean);
const configs = [
  { name: 'this build', flags: [], dist: '' },
  ...(baseline ? [{ name: `baseline (${baseline})`, flags: [], dist: baseline }] : []),
  ...flagSets.map((f) => ({ name: `this build, node ${f}`, flags: f.split(/\s+/), dist: '' })),
];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`M/M/1 rho 0.9 through simulate() in a fresh process, median of ${rounds} interleaved rounds, Node ${process.version}:\n`);
console.log(`| run | ${customers.map((n) => `${n.toLocaleString('en-US')} customers: wall ms / CPU ms`).join(' | ')} |`);
console.log(`|---|${customers.map(() => '---:').join('|')}|`);
const cells = configs.map(() => customers.map(() => ({ wall: [], cpu: [] })));
for (let r = 0; r < rounds; r++) {
  customers.forEach((n, j) =>
    configs.forEach((c, i) => {
      const out = spawnSync(process.execPath, [...c.flags, join(here, 'peers/infersim-mm1.mjs'), String(n), c.dist], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${c.name}, ${n} customers: ${out.stderr.trim().split('\n').pop()}`);
      const res = JSON.parse(out.stdout.trim().split('\n').pop());
      cells[i][j].wall.push(res.simS * 1000);
      cells[i][j].cpu.push(res.cpuS * 1000);
    }),
  );
  process.stderr.write(`round ${r + 1}/${rounds}\n`);
}
configs.forEach((c, i) => {
  const row = cells[i].map((x, j) => {
    const wall = median(x.wall);
    const cpu = median(x.cpu);
    const rel = i === 0 ? '' : ` (${(wall / median(cells[0][j].wall)).toFixed(2)}x / ${(cpu / median(cells[0][j].cpu)).toFixed(2)}x)`;
    return `${wall.toFixed(1)} / ${cpu.toFixed(1)}${rel}`;
  });
  console.log(`| ${c.name} | ${row.join(' | ')} |`);
});
console.log('\n(In brackets: against this build, wall / CPU; below 1 is faster.)');
