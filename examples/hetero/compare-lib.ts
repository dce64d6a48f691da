/**
 * The heterogeneous comparison's setup and one run of it, shared by `compare.ts` (the CLI that writes
 * the tables docs/hetero.md quotes) and the test that checks the doc against a rerun.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { meanCI, simulate, type ClusterSpec, type PipelineProfile, type Scenario } from 'infersim';

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
export interface Entry {
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
  // Without the burst-aware tuner: replicas scaled by the envelope ratio alone (InferLine's rule).
  { label: 'inferline (rate tuner)', name: 'inferline', applies: () => true, policy: () => ({ name: 'inferline', initialRps: 6, tuneBursts: false }) },
  { label: 'ipa (cpu)', name: 'ipa', applies: (n) => n === 'video-hetero', policy: () => ({ name: 'ipa', initialRps: 6 }) },
  { label: 'ipa-energy (cpu)', name: 'ipa-energy', applies: (n) => n === 'video-hetero', policy: () => ({ name: 'ipa-energy', initialRps: 6 }) },
  // The energy-minimising planner (seed 003): without an accuracy floor, with the most accurate
  // variants' floor (0.4959 on both pipelines), with that floor and 30 % throughput headroom; and
  // with idle power left out of its objective (`idle: "cluster"`), as this cluster's nodes are
  // always powered.
  { label: 'energy-slo', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6 }) },
  { label: 'energy-slo (min accuracy 0.49)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49 }) },
  // The rate model (no queueing: replicas for the per-second rate, p99 + batch fill), as the planner was.
  { label: 'energy-slo (min accuracy 0.49, rate model)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49, withinSecond: 'poisson' }) },
  { label: 'energy-slo (min accuracy 0.49, 30 % headroom)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49, throughputMarginPct: -30 }) },
  { label: 'energy-slo (idle: cluster)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, idle: 'cluster' }) },
  { label: 'energy-slo (min accuracy 0.49, idle: cluster)', name: 'energy-slo', applies: () => true, policy: () => ({ name: 'energy-slo', initialRps: 6, minAccuracy: 0.49, idle: 'cluster' }) },
  // Loki, with its early dropping; on the whole cluster, and on the CPU alone, where its phase 1
  // (the most accurate variants) cannot meet the latency budget and accuracy scaling takes over.
  { label: 'loki (early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6 }), serving: { earlyDrop: true } },
  { label: 'loki (cpu only, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, devices: ['cpu'] }), serving: { earlyDrop: true } },
  { label: 'loki (cpu only, early drop, rate model)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, devices: ['cpu'], withinSecond: 'poisson' }), serving: { earlyDrop: true } },
  // Other heterogeneous policies, under the names they may be registered as.
  ...['energy', 'energy-min', 'hetero-energy'].map((name) => ({ label: name, name, applies: () => true, policy: () => ({ name }) })),
];

/** The example pipelines compared, in table order. */
export const PIPELINES = ['video-hetero', 'traffic-graph'] as const;

/** A pipeline of `profiles/hetero/` by name. */
export const loadHeteroPipeline = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;

/** One row of the comparison. */
export interface Row {
  pipeline: string;
  policy: string;
  seed: number;
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

/**
 * The comparison's scenario for one row: IPA's bursty trace (IPA's within-second spread), `minutes`
 * long, on {@link CLUSTER}; `policyOverrides` replace options of the row's policy.
 */
export function rowScenario(name: string, e: Entry, seed: number, minutes: number, policyOverrides: Record<string, unknown> = {}, pipeline: PipelineProfile = loadHeteroPipeline(name)): Scenario {
  return {
    name: `${name}/${e.label}`,
    seed,
    durationS: minutes * 60,
    warmupS: 60,
    pipeline,
    workload: { type: 'trace', name: 'bursty' },
    cluster: CLUSTER,
    serving: { maxBatchWaitMs: 200, ...e.serving },
    policy: { ...e.policy(pipeline), ...policyOverrides } as Scenario['policy'],
  };
}

/** Runs one policy on one pipeline ({@link rowScenario}; `pipeline` defaults to `profiles/hetero/<name>.json`). */
export async function runRow(name: string, e: Entry, seed: number, minutes: number, pipeline?: PipelineProfile): Promise<Row> {
  const r = await simulate(rowScenario(name, e, seed, minutes, {}, pipeline));
  const s = r.summary;
  const d = r.timing.decisionMs;
  const used = new Set<string>();
  for (const st of r.series.stages) for (const dev of st.device) used.add(dev);
  return {
    pipeline: name,
    policy: e.label,
    seed,
    energyKJ: s.energyJ / 1000,
    idleKJ: s.idleEnergyJ / 1000,
    dynamicKJ: s.dynamicEnergyJ / 1000,
    dynamicJPerRequest: s.dynamicEnergyJ / Math.max(1, s.completed),
    slaViolationPct: 100 * s.slaViolationRate,
    accuracy: s.accuracy,
    p99Ms: s.latencyMs.p99,
    reconfigurations: s.reconfigurations,
    decisionMeanMs: d.length ? d.reduce((a, b) => a + b, 0) / d.length : 0,
    decisionMaxMs: d.length ? Math.max(...d) : 0,
    devices: [...used].sort().join('+'),
  };
}

const f = (x: number, k: number) => (Number.isFinite(x) ? x.toFixed(k) : '-');

/** The per-run table (one seed): every column of {@link Row}. */
export function formatRows(rows: readonly Row[]): string {
  const header =
    '| pipeline | policy | energy kJ (idle + dynamic) | dynamic J/request | SLA violations % | accuracy | p99 ms | reconfigurations | decision ms mean / max | devices used |\n' +
    '|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.pipeline} | ${r.policy} | ${f(r.energyKJ, 1)} (${f(r.idleKJ, 1)} + ${f(r.dynamicKJ, 1)}) | ${f(r.dynamicJPerRequest, 3)} | ${f(r.slaViolationPct, 2)} | ${f(r.accuracy, 4)} | ${f(r.p99Ms, 0)} | ${r.reconfigurations} | ${f(r.decisionMeanMs, 2)} / ${f(r.decisionMaxMs, 1)} | ${r.devices} |`,
  );
  return [header, ...lines].join('\n');
}

/**
 * The across-seeds table: per pipeline and policy, SLA violations and dynamic energy as mean and
 * 95 % Student-t interval over the seeds, and the worst seed's violations.
 */
export function formatSeedSummary(rows: readonly Row[]): string {
  const keys: string[] = [];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.pipeline}\u0000${r.policy}`;
    if (!groups.has(k)) {
      groups.set(k, []);
      keys.push(k);
    }
    groups.get(k)!.push(r);
  }
  const ci = (xs: number[], k: number) => {
    const m = meanCI(xs);
    return m.n > 1 ? `${f(m.mean, k)} [${f(m.ciLow, k)}, ${f(m.ciHigh, k)}]` : f(m.mean, k);
  };
  const header =
    '| pipeline | policy | seeds | SLA violations % mean [95 % CI] | worst seed % | dynamic kJ mean [95 % CI] | accuracy mean |\n' + '|---|---|---|---|---|---|---|';
  const lines = keys.map((k) => {
    const g = groups.get(k)!;
    const v = g.map((r) => r.slaViolationPct);
    return `| ${g[0].pipeline} | ${g[0].policy} | ${g.length} | ${ci(v, 2)} | ${f(Math.max(...v), 2)} | ${ci(g.map((r) => r.dynamicKJ), 1)} | ${f(meanCI(g.map((r) => r.accuracy)).mean, 4)} |`;
  });
  return [header, ...lines].join('\n');
}

/**
 * Prints the seed-1 table and the across-seeds summary of `rows`, and writes them to
 * `<out>/<prefix>table.md`, `<out>/<prefix>seeds.md` and `<out>/<json>` (with `minutes`, `seeds`, the
 * Node version and the rows).
 */
export function writeResults(out: string, rows: readonly Row[], meta: { minutes: number; seeds: number }, names: { prefix: string; json: string }): void {
  const table = formatRows(rows.filter((r) => r.seed === 1));
  const summary = formatSeedSummary(rows);
  console.log(table);
  console.log();
  console.log(summary);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${names.prefix}table.md`), `${table}\n`);
  writeFileSync(join(out, `${names.prefix}seeds.md`), `${summary}\n`);
  writeFileSync(join(out, names.json), `${JSON.stringify({ ...meta, node: process.version, rows }, null, 2)}\n`);
}
