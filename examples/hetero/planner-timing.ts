/**
 * Times InferLine's planner (`planInferLine` with the simulation Estimator, as the `inferline`
 * policy runs it) on the two `profiles/hetero/` pipelines for planning samples of several lengths,
 * cut from IPA's bursty workload at its peak (from second 380) and at its start (second 0).
 *
 *     npx tsx examples/hetero/planner-timing.ts [--repeats 3] [--seconds 30,60,120,300]
 *
 * Prints a markdown table: estimates (simulations) per plan, the plan's status and cost, and the
 * median wall time of a plan and of one estimate. The figures in bench/README.md ("Heterogeneous
 * planners") come from it.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundledWorkloads, INFERLINE_DEFAULT_PRICES, inferlineDefaults, planInferLine, sampleEstimator, variantDevices, type NodeSpec, type PipelineProfile } from 'infersim';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' }, seconds: { type: 'string', default: '30,60,120,300' } } });
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
