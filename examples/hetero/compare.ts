/**
 * Compares the heterogeneous-hardware policies on the two example pipelines of `profiles/hetero/`
 * (IPA's video variants with illustrative CPU, GPU and FPGA-like profiles; a chain and a detector ->
 * classifier graph) under IPA's bundled bursty Twitter workload, on a small cluster with one node of
 * each device type. Reports energy (idle + dynamic), SLA violations, accuracy, p99 latency and the
 * policies' decision times as the simulator measures them.
 *
 *     npx tsx examples/hetero/compare.ts [--minutes 20] [--seed 1] [--policies inferline,ipa,...] [--out DIR]
 *
 * Policies: the built-in ones listed in {@link CANDIDATES} that are registered (`energy-slo` in five
 * settings, `loki` with `serving.earlyDrop` on the whole cluster and on the CPU alone, and any
 * policy registered under one of the other listed names), plus static references. IPA (and
 * `ipa-energy`, IPA with power in its objective) runs on the chain only: it plans one CPU
 * deployment per stage and sizes every stage for the pipeline's arrival rate, so it applies neither
 * to devices nor to a graph's per-stage load.
 * Writes `table.md` and `results.json` to `--out` (default `examples/hetero/results`). About four
 * minutes on one core.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getPolicyFactory } from '../../src/policies/registry.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { simulate } from '../../src/sim/simulate.js';
import type { ClusterSpec, Scenario } from '../../src/sim/scenario.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    policies: { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});

/**
 * The cluster: one 48-core CPU server (the reference node's power model, 60 W idle), one GPU
 * server and one FPGA server with two boards each and a small host. Accelerator nodes' idle power
 * is the host's 40 W plus each board's (about 12 W for a T4-class GPU, 18 W for an U50-class FPGA
 * board); their dynamic energy comes from the profiles' `energyJ`. Illustrative figures, as the
 * device profiles are.
 */
export const CLUSTER: ClusterSpec = {
  nodes: [
    { name: 'cpu', device: 'cpu', cores: 48 },
    { name: 'gpu', device: 'gpu', cores: 8, accelerators: 2, power: { idleW: 64, maxW: 220 } },
    { name: 'fpga', device: 'fpga', cores: 8, accelerators: 2, power: { idleW: 76, maxW: 230 } },
  ],
};

/** A policy run: a label, the pipelines it applies to, and its scenario policy per pipeline. */
interface Entry {
  label: string;
  name: string;
  applies: (pipeline: string) => boolean;
  policy: (pipeline: PipelineProfile) => Record<string, unknown>;
  /** Serving settings on top of the common ones (Loki runs with its early dropping). */
  serving?: Scenario['serving'];
}

const mostAccurate = (p: PipelineProfile) => p.stages.map((s) => s.variants.reduce((a, b) => (b.accuracy > a.accuracy ? b : a)).name);

/** Policies compared when registered, in table order; `--policies` picks a subset by `name`. */
export const CANDIDATES: Entry[] = [
  {
    label: 'static cpu (peak-sized)',
    name: 'static',
    applies: () => true,
    // The most accurate variants on CPU at batch 1, replicas for the trace's peak (34 rps) x load factor.
    policy: (p) => ({ name: 'static', config: mostAccurate(p).map((v, i) => ({ variant: v, batch: 1, replicas: i === 0 ? 11 : p.stages.length > 1 && p.stages[0].next ? 16 : 7 })) }),
  },
  {
    label: 'static gpu',
    name: 'static',
    applies: () => true,
    policy: (p) => ({ name: 'static', config: mostAccurate(p).map((v) => ({ variant: v, batch: 4, replicas: 1, device: 'gpu' })) }),
  },
  { label: 'inferline', name: 'inferline', applies: () => true, policy: () => ({ name: 'inferline', initialRps: 6 }) },
  { label: 'inferline (cpu only)', name: 'inferline', applies: () => true, policy: () => ({ name: 'inferline', initialRps: 6, devices: ['cpu'] }) },
  { label: 'ipa (cpu)', name: 'ipa', applies: (n) => n === 'video-hetero', policy: () => ({ name: 'ipa', initialRps: 6 }) },
  { label: 'ipa-energy (cpu)', name: 'ipa-energy', applies: (n) => n === 'video-hetero', policy: () => ({ name: 'ipa-energy', initialRps: 6 }) },
  // The energy-minimising planner (seed 003): without an accuracy floor, with the most accurate
  // variants' floor (0.4959 on both pipelines), with that floor and 30 % throughput headroom; and
  // with idle power left out of its objective (`idle: "cluster"`), as this cluster's nodes are
  // always powered.
  { label: 'energy-slo', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6 }) },
  { label: 'energy-slo (min accuracy 0.49)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49 }) },
  { label: 'energy-slo (min accuracy 0.49, 30 % headroom)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49, throughputMarginPct: -30 }) },
  { label: 'energy-slo (idle: cluster)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, idle: 'cluster' }) },
  { label: 'energy-slo (min accuracy 0.49, idle: cluster)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49, idle: 'cluster' }) },
  // Loki, with its early dropping; on the whole cluster, and on the CPU alone, where its phase 1
  // (the most accurate variants) cannot meet the latency budget and accuracy scaling takes over.
  { label: 'loki (early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6 }), serving: { earlyDrop: true } },
  { label: 'loki (cpu only, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, devices: ['cpu'] }), serving: { earlyDrop: true } },
  // Other heterogeneous policies, under the names they may be registered as.
  ...['energy', 'energy-min', 'hetero-energy'].map((name) => ({ label: name, name, applies: () => true, policy: () => ({ name }) })),
];

const PIPELINES = ['video-hetero', 'traffic-graph'] as const;

const minutes = Number(values.minutes);
const seed = Number(values.seed);
if (!(minutes > 1) || !Number.isInteger(seed)) {
  process.stderr.write('compare.ts: --minutes must be > 1 and --seed an integer\n');
  process.exit(2);
}
const wanted = values.policies ? new Set(values.policies.split(',').map((s) => s.trim())) : undefined;
const entries = CANDIDATES.filter((e) => getPolicyFactory(e.name) !== undefined && (!wanted || wanted.has(e.name)));

const load = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;

/** One row of the comparison. */
export interface Row {
  pipeline: string;
  policy: string;
  energyKJ: number;
  idleKJ: number;
  dynamicKJ: number;
  dynamicJPerRequest: number;
  slaViolationPct: number;
  accuracy: number;
  p99Ms: number;
  reconfigurations: number;
  decisionMeanMs: number;
  decisionMaxMs: number;
  devices: string;
}

const rows: Row[] = [];
for (const name of PIPELINES) {
  const pipeline = load(name);
  for (const e of entries.filter((x) => x.applies(name))) {
    const scenario: Scenario = {
      name: `${name}/${e.label}`,
      seed,
      durationS: minutes * 60,
      warmupS: 60,
      pipeline,
      workload: { type: 'trace', name: 'bursty' },
      cluster: CLUSTER,
      serving: { maxBatchWaitMs: 200, ...e.serving },
      policy: e.policy(pipeline) as Scenario['policy'],
    };
    const r = await simulate(scenario);
    const s = r.summary;
    const d = r.timing.decisionMs;
    const used = new Set<string>();
    for (const st of r.series.stages) for (const dev of st.device) used.add(dev);
    rows.push({
      pipeline: name,
      policy: e.label,
      energyKJ: s.energyJ / 1000,
      idleKJ: s.idleEnergyJ / 1000,
      dynamicKJ: s.dynamicEnergyJ / 1000,
      dynamicJPerRequest: s.dynamicEnergyJ / Math.max(1, s.completed),
      slaViolationPct: 100 * s.slaViolationRate,
      accuracy: s.accuracy,
      p99Ms: s.latencyMs.p99,
      reconfigurations: s.reconfigurations,
      decisionMeanMs: d.reduce((a, b) => a + b, 0) / d.length,
      decisionMaxMs: Math.max(...d),
      devices: [...used].sort().join('+'),
    });
    process.stderr.write(`${name} ${e.label}: done\n`);
  }
}

const f = (x: number, k: number) => (Number.isFinite(x) ? x.toFixed(k) : '-');
const header =
  '| pipeline | policy | energy kJ (idle + dynamic) | dynamic J/request | SLA violations % | accuracy | p99 ms | reconfigurations | decision ms mean / max | devices used |\n' +
  '|---|---|---|---|---|---|---|---|---|---|';
const lines = rows.map(
  (r) =>
    `| ${r.pipeline} | ${r.policy} | ${f(r.energyKJ, 1)} (${f(r.idleKJ, 1)} + ${f(r.dynamicKJ, 1)}) | ${f(r.dynamicJPerRequest, 3)} | ${f(r.slaViolationPct, 2)} | ${f(r.accuracy, 4)} | ${f(r.p99Ms, 0)} | ${r.reconfigurations} | ${f(r.decisionMeanMs, 2)} / ${f(r.decisionMaxMs, 1)} | ${r.devices} |`,
);
const table = [header, ...lines].join('\n');
console.log(table);
const out = values.out!;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'table.md'), `${table}\n`);
writeFileSync(join(out, 'results.json'), `${JSON.stringify({ minutes, seed, node: process.version, rows }, null, 2)}\n`);
