// Start-up of the built package: `infersim --version`, `import { simulate } from 'infersim'`
// (ESM) and `require('infersim')` (CJS), each as a fresh Node process, next to a bare `node -e 0`
// that shows this machine's floor. Interleaved rounds, medians (wall time of the whole process).
//
//     npm run build && node bench/startup.mjs [--rounds 15] [--baseline <another checkout>]
//
// `--baseline` times the same cases against another built checkout (e.g. a worktree of main) in the
// same interleaved rounds and adds the ratio of the two "minus the floor" columns: on a loaded
// machine the ratio holds better than either figure.
//
// `--callgrind` counts instead the instructions each process executes (valgrind's callgrind, in
// millions): ~100x slower, but the load of a shared machine hardly moves it, so before/after
// comparisons hold where wall times do not. `--cases <regexp>` keeps the cases whose label matches
// (the floor always runs), e.g. `--callgrind --rounds 3 --cases "import|require|version"`.
//
// Plain JavaScript: it times the package a user installs (dist/), with no TypeScript loader in the
// way. The figures in bench/README.md ("Start-up") come from it.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '15' }, baseline: { type: 'string' }, callgrind: { type: 'boolean', default: false }, cases: { type: 'string' } },
});
const rounds = Math.max(values.callgrind ? 1 : 3, Number(values.rounds) | 0);

/** What is timed in the checkout at `at`: a label and the node arguments. */
function casesOf(at) {
  const url = (p) => pathToFileURL(join(at, p)).href;
  return [
    ['infersim --version', [join(at, 'dist/esm/cli.js'), '--version']],
    ["import { simulate } from 'infersim'", ['--input-type=module', '-e', `import { simulate } from ${JSON.stringify(url('dist/esm/index.js'))}; if (typeof simulate !== 'function') process.exit(1);`]],
    ["import * from 'infersim/node'", ['--input-type=module', '-e', `import * as n from ${JSON.stringify(url('dist/esm/node.js'))}; if (!n.runSweep) process.exit(1);`]],
    ["require('infersim') (CJS)", ['-e', `const { simulate } = require(${JSON.stringify(join(at, 'dist/cjs/index.js'))}); if (typeof simulate !== 'function') process.exit(1);`]],
    // The per-file tsc output the bundles replace, for comparison.
    ['per-file dist/cli/main.js --version', [join(at, 'dist/cli/main.js'), '--version']],
    ["per-file import { simulate } from 'dist/index.js'", ['--input-type=module', '-e', `import { simulate } from ${JSON.stringify(url('dist/index.js'))}; if (typeof simulate !== 'function') process.exit(1);`]],
    ['infersim run examples/minimal.json', [join(at, 'dist/esm/cli.js'), 'run', join(at, 'examples/minimal.json')]],
  ];
}

const floorCase = ['node -e 0 (floor)', ['-e', '0']];
const keep = values.cases ? new RegExp(values.cases) : /./;
const mine = casesOf(root).filter(([label]) => keep.test(label));
const baseline = values.baseline ? casesOf(resolve(values.baseline)).filter(([label]) => keep.test(label)) : [];
const all = [floorCase, ...mine, ...baseline];

/** Wall time of one process in ms, or with --callgrind the instructions it executed in millions. */
function measure(label, args) {
  if (values.callgrind) {
    const p = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const collected = /Collected : (\d+)/.exec(p.stderr ?? '');
    if (p.status !== 0 || !collected) throw new Error(`${label} failed under valgrind (is valgrind installed?): ${p.error?.message ?? p.stderr}`);
    return Number(collected[1]) / 1e6;
  }
  const t0 = performance.now();
  const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (p.status !== 0) throw new Error(`${label} failed: ${p.stderr}`);
  return performance.now() - t0;
}

const times = all.map(() => []);
for (let r = 0; r < rounds; r++) all.forEach(([label, args], i) => times[i].push(measure(label, args)));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const floor = median(times[0]);
const s = values.callgrind ? (m) => m.toFixed(1) : (ms) => (ms / 1000).toFixed(3);
const unit = values.callgrind ? 'M instructions' : 's';
console.log(`Node ${process.version}, ${rounds} interleaved rounds, median ${values.callgrind ? 'instructions executed (callgrind)' : 'wall time'} per process`);
if (!baseline.length) {
  console.log(`| what | median ${unit} | minus the floor, ${unit} |`);
  console.log('|---|---|---|');
  console.log(`| ${floorCase[0]} | ${s(floor)} | - |`);
  mine.forEach(([label], i) => console.log(`| ${label} | ${s(median(times[1 + i]))} | ${s(median(times[1 + i]) - floor)} |`));
} else {
  console.log(`baseline: ${resolve(values.baseline)}`);
  console.log(`| what | median ${unit} | minus the floor, ${unit} | baseline minus the floor, ${unit} | ratio |`);
  console.log('|---|---|---|---|---|');
  console.log(`| ${floorCase[0]} | ${s(floor)} | - | - | - |`);
  mine.forEach(([label], i) => {
    const m = median(times[1 + i]) - floor;
    const b = median(times[1 + mine.length + i]) - floor;
    console.log(`| ${label} | ${s(median(times[1 + i]))} | ${s(m)} | ${s(b)} | ${(m / b).toFixed(2)} |`);
  });
}
