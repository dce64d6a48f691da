/**
 * Times the heterogeneous planners on the `profiles/hetero/` pipelines (and `traffic-variants`, the
 * graph with per-variant crops of `variants-lib.ts`):
 *
 * - `--part inferline`: InferLine's planner (`planInferLine` with the simulation Estimator, as the
 *   `inferline` policy runs it) for planning samples of several lengths, cut from IPA's bursty
 *   workload at its peak (from second 380) and at its start (second 0): estimates (simulations) per
 *   plan, the plan's status and cost, the median wall time of a plan and of one estimate;
 * - `--part decide`: `decide()` of `energy-slo` and `loki` (the programs they solve per decision)
 *   at a steady 5, 15 and 30 requests/s, with the reactive predictor so that every call plans from
 *   scratch: median and maximum wall time of `--calls` calls (the first included).
 *
 *     npx tsx examples/hetero/planner-timing.ts [--part all|inferline|decide] [--repeats 3] [--seconds 30,60,120,300] [--calls 15]
 *
 * Prints markdown tables; the figures in bench/README.md ("Heterogeneous planners") come from it.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundledWorkloads, createPolicy, INFERLINE_DEFAULT_PRICES, inferlineDefaults, planInferLine, sampleEstimator, stream, variantDevices, type NodeSpec, type Observation, type PipelineProfile } from 'infersim';
import { variantPipeline } from './variants-lib.js';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    repeats: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '30,60,120,300' },
    calls: { type: 'string', default: '15' },
  },
});
if (!['all', 'inferline', 'decide'].includes(values.part!)) {
  process.stderr.write('planner-timing.ts: --part must be all, inferline or decide\n');
  process.exit(2);
}
const repeats = Math.max(1, Number(values.repeats) | 0);
/** Lengths of the planning samples, s. */
const lengths = values.seconds.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);

/** The nodes of examples/hetero/compare.ts's cluster. */
const nodes: NodeSpec[] = [
  { device: 'cpu', cores: 48, accelerators: 0, memoryMB: Infinity },
  { device: 'gpu', cores: 8, accelerators: 2, memoryMB: Infinity },
  { device: 'fpga', cores: 8, accelerators: 2, memoryMB: Infinity },
];

const load = (name: string): PipelineProfile => JSON.parse(readFileSync(new URL(`../../profiles/hetero/${name}.json`, import.meta.url), 'utf8')) as PipelineProfile;
const bursty = bundledWorkloads['bursty'].rps;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (values.part !== 'decide') inferlineTiming();
if (values.part !== 'inferline') await decideTiming();

function inferlineTiming(): void {
console.log('| pipeline | sample | mean rps | estimates | status | cost | plan ms (median) | ms per estimate |');
console.log('|---|---|---|---|---|---|---|---|');
for (const name of ['video-hetero', 'traffic-graph']) {
  const pipeline = load(name);
  const variants = pipeline.stages.map((s) => s.variants.reduce((a, b) => (b.accuracy > a.accuracy ? b : a)));
  for (const [from, label] of [
    [0, 'start'],
    [380, 'peak'],
  ] as const) {
    for (const seconds of lengths) {
      const sample = bursty.slice(from, from + seconds);
      const loadRps = sample.reduce((a, b) => a + b, 0) / sample.length;
      const times: number[] = [];
      let plan: ReturnType<typeof planInferLine> | undefined;
      for (let k = 0; k < repeats; k++) {
        const t0 = performance.now();
        const { estimator } = sampleEstimator({ pipeline, slaMs: pipeline.slaMs!, sample, withinSecond: 'ipa', nodes, maxBatchWaitMs: 200, seed: 1, quantile: 0.99 });
        plan = planInferLine({
          pipeline,
          slaMs: pipeline.slaMs!,
          variants: variants.map((v) => v.name),
          devices: variants.map((v) => variantDevices(v)),
          prices: INFERLINE_DEFAULT_PRICES,
          defaultAcceleratorPrice: INFERLINE_DEFAULT_PRICES.gpu,
          loadRps,
          batchingCap: inferlineDefaults.batchingCap,
          scalingCap: inferlineDefaults.scalingCap,
          maxEstimates: inferlineDefaults.maxEstimates,
          nodes,
          estimator,
        });
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      console.log(`| ${name} | ${label} ${seconds} s | ${loadRps.toFixed(1)} | ${plan!.estimates} | ${plan!.status} | ${plan!.cost} | ${ms.toFixed(1)} | ${(ms / Math.max(1, plan!.estimates)).toFixed(2)} |`);
    }
  }
}
}

/** `decide()` of the program-solving planners, per pipeline, planner setting and load. */
async function decideTiming(): Promise<void> {
  const calls = Math.max(1, Number(values.calls) | 0);
  const settings: [string, string, { name: string } & Record<string, unknown>][] = [
    ['video-hetero', '`energy-slo` (dp)', { name: 'energy-slo' }],
    ['video-hetero', '`energy-slo` (glpk)', { name: 'energy-slo', solver: 'glpk' }],
    ['video-hetero', '`energy-slo` (dp, `minAccuracy` 0.49)', { name: 'energy-slo', minAccuracy: 0.49 }],
    ['video-hetero', '`loki` (MILP)', { name: 'loki' }],
    ['video-hetero', '`loki` (MILP, CPU only)', { name: 'loki', devices: ['cpu'] }],
    ['video-hetero', '`loki` (exhaustive, CPU only)', { name: 'loki', devices: ['cpu'], solver: 'exhaustive' }],
    ['traffic-graph', '`energy-slo` (dp)', { name: 'energy-slo' }],
    ['traffic-graph', '`energy-slo` (glpk)', { name: 'energy-slo', solver: 'glpk' }],
    ['traffic-graph', '`loki` (MILP)', { name: 'loki' }],
    ['traffic-variants', '`loki` (MILP, routing `path`)', { name: 'loki' }],
    ['traffic-variants', '`loki` (MILP, routing `path`, CPU only)', { name: 'loki', devices: ['cpu'] }],
    ['traffic-variants', '`loki` (MILP, routing `accurate-first`, CPU only)', { name: 'loki', devices: ['cpu'], routing: 'accurate-first' }],
  ];
  const loads = [5, 15, 30];
  console.log();
  console.log(`| pipeline | planner | ${loads.map((l) => `${l} rps`).join(' | ')} |`);
  console.log(`|---|---|${loads.map(() => '---').join('|')}|`);
  for (const [name, label, options] of settings) {
    const pipeline = name === 'traffic-variants' ? variantPipeline() : load(name);
    const cells: string[] = [];
    for (const rps of loads) {
      const policy = await createPolicy({ ...options, predictor: { type: 'reactive' } }, {
        pipeline,
        slaMs: pipeline.slaMs!,
        adaptationIntervalS: 10,
        totalCores: nodes.reduce((a, n) => a + n.cores, 0),
        random: stream(1, 'policy'),
        maxBatchWaitMs: 200,
        nodes,
      });
      const obs: Observation = {
        timeS: 60,
        arrivalsPerSecond: new Array(60).fill(rps),
        config: [],
        stages: pipeline.stages.map(() => ({ queueLength: 0, readyReplicas: 0, startingReplicas: 0, pendingReplicas: 0 })),
        latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
        droppedLastInterval: 0,
        slaMs: pipeline.slaMs!,
        capacity: { totalCores: 0, usedCores: 0 },
      };
      const times: number[] = [];
      for (let k = 0; k < calls; k++) {
        const t0 = performance.now();
        policy.decide(obs);
        times.push(performance.now() - t0);
      }
      const fmt = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
      cells.push(`${fmt(median(times))} / ${fmt(Math.max(...times))}`);
    }
    console.log(`| ${name} | ${label} | ${cells.join(' | ')} |`);
  }
}
