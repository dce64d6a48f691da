// Start-up of the built package: `infersim --version`, `import { simulate } from 'infersim'`
// (ESM) and `require('infersim')` (CJS), each as a fresh Node process, next to a bare `node -e 0`
// that shows this machine's floor. Interleaved rounds, medians (wall time of the whole process).
//
//     npm run build && node bench/startup.mjs [--rounds 15]
//
// Plain JavaScript: it times the package a user installs (dist/), with no TypeScript loader in the
// way. The figures in bench/README.md ("Start-up") come from it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const rounds = Math.max(3, Number(values.rounds) | 0);
const url = (p) => pathToFileURL(join(root, p)).href;

/** What is timed: a label and the node arguments. */
const cases = [
  ['node -e 0 (floor)', ['-e', '0']],
  ['infersim --version', [join(root, 'dist/esm/cli.js'), '--version']],
  ["import { simulate } from 'infersim'", ['--input-type=module', '-e', `import { simulate } from ${JSON.stringify(url('dist/esm/index.js'))}; if (typeof simulate !== 'function') process.exit(1);`]],
  ["import * from 'infersim/node'", ['--input-type=module', '-e', `import * as n from ${JSON.stringify(url('dist/esm/node.js'))}; if (!n.runSweep) process.exit(1);`]],
  ["require('infersim') (CJS)", ['-e', `const { simulate } = require(${JSON.stringify(join(root, 'dist/cjs/index.js'))}); if (typeof simulate !== 'function') process.exit(1);`]],
  // The per-file tsc output the bundles replace, for comparison.
  ['per-file dist/cli/main.js --version', [join(root, 'dist/cli/main.js'), '--version']],
  ["per-file import { simulate } from 'dist/index.js'", ['--input-type=module', '-e', `import { simulate } from ${JSON.stringify(url('dist/index.js'))}; if (typeof simulate !== 'function') process.exit(1);`]],
  ['infersim run examples/minimal.json', [join(root, 'dist/esm/cli.js'), 'run', join(root, 'examples/minimal.json')]],
];

const times = cases.map(() => []);
for (let r = 0; r < rounds; r++) {
  cases.forEach(([label, args], i) => {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (p.status !== 0) throw new Error(`${label} failed: ${p.stderr}`);
    times[i].push(performance.now() - t0);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const floor = median(times[0]);
console.log(`Node ${process.version}, ${rounds} interleaved rounds, median wall time per process`);
console.log('| what | median s | minus the floor, s |');
console.log('|---|---|---|');
cases.forEach(([label], i) => {
  const m = median(times[i]);
  console.log(`| ${label} | ${(m / 1000).toFixed(3)} | ${i ? ((m - floor) / 1000).toFixed(3) : '-'} |`);
});
