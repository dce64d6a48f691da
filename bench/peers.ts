/**
 * infersim against its peers on one model: M/M/1 at rho 0.9 (arrivals 0.9/s, exponential service of
 * mean 1 s), the same number of customers for every peer. Not a test: run after `npm run build`
 * (infersim runs from dist/):
 *
 *     npx tsx bench/peers.ts [--customers 1000000] [--rounds 5] [--baseline /path/to/other/dist]
 *
 * `--baseline` adds another build of infersim (its `dist/` directory, e.g. of an earlier commit built
 * in a separate worktree) as one more peer, to compare two versions in the same interleaved rounds;
 * `--only infersim,bare` keeps the peers whose names start with one of the given words.
 *
 * Every peer runs as a child process of this one (one process tree), round after round in turn
 * (interleaved, so a busy spell of the machine hits all of them), and the table gives medians over
 * the rounds: the simulation's own time, measured inside the peer from its first model object to
 * the end (start-up excluded), also as the CPU time the peer's process spent in it (steadier than
 * wall time on a loaded machine: time spent waiting for a core is not in it), and the whole
 * process's wall time (start-up included). A peer that
 * is not installed is skipped with a message: SimPy (Debian `python3-simpy`; `PYTHON` picks the
 * interpreter, default /usr/bin/python3 if present), SIM.JS (npm `simjs`, a devDependency).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'peers');
const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const customers = opt('--customers', 1_000_000);
const rounds = opt('--rounds', 5);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? args[baselineAt + 1] : undefined;
const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

interface Peer {
  name: string;
  cmd: string;
  args: string[];
}
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].toLowerCase().split(',') : undefined;
const allPeers: Peer[] = [
  { name: 'infersim (library, dist/)', cmd: process.execPath, args: [join(here, 'infersim-mm1.mjs')] },
  ...(baseline ? [{ name: `infersim baseline (${baseline})`, cmd: process.execPath, args: [join(here, 'infersim-mm1.mjs'), baseline] }] : []),
  // The same run without energy accounting (metrics.energy false): the peers account no energy either.
  { name: 'infersim, metrics.energy false', cmd: process.execPath, args: [join(here, 'infersim-mm1.mjs'), '', 'no-energy'] },
  { name: 'bare JS loop (typed-array heap, alea)', cmd: process.execPath, args: [join(here, 'bare-loop.mjs')] },
  { name: 'SIM.JS 2.0.3', cmd: process.execPath, args: [join(here, 'simjs-mm1.cjs')] },
  { name: 'Python heapq loop', cmd: python, args: [join(here, 'heapq_mm1.py')] },
  { name: 'SimPy', cmd: python, args: [join(here, 'simpy_mm1.py')] },
];
const peers = only ? allPeers.filter((p) => only.some((w) => p.name.toLowerCase().startsWith(w))) : allPeers;

interface Run {
  simS: number;
  cpuS: number;
  wallS: number;
  customers: number;
  label?: string;
}
const runs = new Map<string, Run[]>(peers.map((p) => [p.name, []]));
const skipped = new Map<string, string>();
for (let r = 0; r < rounds; r++) {
  for (const p of peers) {
    if (skipped.has(p.name)) continue;
    const t0 = performance.now();
    // The script, the number of customers, then any further arguments of the peer.
    const out = spawnSync(p.cmd, [p.args[0], String(customers), ...p.args.slice(1)], { encoding: 'utf8' });
    const wallS = (performance.now() - t0) / 1000;
    if (out.error || out.status !== 0) {
      const why = out.error ? String(out.error.message) : (out.stderr.trim().split('\n').pop() ?? `exit ${out.status}`);
      skipped.set(p.name, why);
      console.error(`skipping ${p.name}: ${why}`);
      continue;
    }
    const j = JSON.parse(out.stdout.trim().split('\n').pop()!) as { peer: string; customers: number; simS: number; cpuS: number };
    runs.get(p.name)!.push({ simS: j.simS, cpuS: j.cpuS, wallS, customers: j.customers, label: j.peer });
  }
  process.stderr.write(`round ${r + 1}/${rounds}\n`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ours = runs.get(peers[0].name)!;
const base = ours.length ? { sim: median(ours.map((r) => r.simS)), cpu: median(ours.map((r) => r.cpuS)), wall: median(ours.map((r) => r.wallS)) } : undefined;
const fmt = (v: number, d: number) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`M/M/1 rho 0.9, ${fmt(customers, 0)} customers, median of ${rounds} interleaved rounds, Node ${process.version}:\n`);
console.log('| peer | simulation s | customers/s | infersim / peer speed | simulation CPU s | infersim / peer (CPU) | whole process s | infersim / peer (whole process) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const p of peers) {
  const rs = runs.get(p.name)!;
  if (rs.length === 0) {
    console.log(`| ${p.name} | skipped: ${skipped.get(p.name)} | | | | | | |`);
    continue;
  }
  const sim = median(rs.map((r) => r.simS));
  const cpu = median(rs.map((r) => r.cpuS));
  const wall = median(rs.map((r) => r.wallS));
  const name = p.name === 'SimPy' ? rs[0].label! : p.name;
  const ratio = (ourS: number, theirS: number) => (base ? fmt(theirS / ourS, 2) : '-');
  console.log(`| ${name} | ${fmt(sim, 2)} | ${fmt(rs[0].customers / sim, 0)} | ${ratio(base?.sim ?? 1, sim)} | ${fmt(cpu, 2)} | ${ratio(base?.cpu ?? 1, cpu)} | ${fmt(wall, 2)} | ${ratio(base?.wall ?? 1, wall)} |`);
}
console.log('\n(infersim / peer: the peer\'s time over infersim\'s; above 1, infersim is faster.)');
