/**
 * OPD's decision-time experiment (seed 002: "decision time flat as pipelines grow while IPA's
 * grows"): four pipelines of growing size (2 stages x 2 variants up to 8 x 5), the wall time of one
 * decision of IPA (its integer program on a MILP solver, as IPA's code solves it, and infersim's
 * exact Pareto DP) and of a PPO policy (a forward pass of OPD's residual network
 * and the masked choice), both on the same observations and the same load predictor. Used by
 * `decision-time.ts` (the CLI that writes the table docs/learning.md quotes) and its test.
 *
 * A PPO network's forward pass costs the same whatever its weights, so the network here is freshly
 * initialised (seeded), not trained: the figure measures the decision's cost, not its quality.
 *
 * @module
 */
import { bundledPipelines } from 'infersim';
import { createFeaturizer, type FeatureSpec } from 'infersim';
import { actionLayout } from 'infersim';
import { initNetwork } from 'infersim';
import { createPpoPolicy, type PpoModel } from 'infersim';
import { createPolicy } from 'infersim';
import type { Observation, Policy, PolicyContext } from 'infersim';
import type { PipelineProfile, VariantProfile } from 'infersim';
import { stream } from 'infersim';
/** Wall-clock ms (timing only). */
const wallMs = (): number => performance.now();

/** The pipelines' sizes: stages x variants per stage (OPD's four pipelines grow both). */
export const SIZES: readonly (readonly [number, number])[] = [
  [2, 2],
  [4, 3],
  [6, 4],
  [8, 5],
];

/**
 * A pipeline of `stages` stages with `variants` variants each, built from IPA's video variants
 * (stage `s` takes the detector's variants on even stages, the classifier's on odd ones, the
 * `variants` most accurate), SLA the video pipeline's per two stages.
 */
export function syntheticPipeline(stages: number, variants: number): PipelineProfile {
  const video = bundledPipelines.video as PipelineProfile;
  return {
    name: `synthetic-${stages}x${variants}`,
    slaMs: (video.slaMs! * stages) / 2,
    stages: Array.from({ length: stages }, (_, s) => {
      const src = video.stages[s % 2].variants;
      const chosen = [...src].sort((a, b) => b.accuracy - a.accuracy).slice(0, variants);
      return { name: `s${s}`, variants: chosen.map((v): VariantProfile => ({ ...v, name: `${v.name}-${s}` })) };
    }),
  };
}

/** Per-second arrivals of `n` decision points: a slow sine between 5 and 30 requests/s, 120 s of history each. */
function histories(n: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < n; k++) out.push(Array.from({ length: 120 }, (_, i) => Math.round(17.5 + 12.5 * Math.sin((k * 10 + i) / 60))));
  return out;
}

function observation(pipeline: PipelineProfile, arrivals: number[], totalCores: number): Observation {
  return {
    timeS: arrivals.length,
    arrivalsPerSecond: arrivals,
    config: [],
    stages: pipeline.stages.map(() => ({ queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: pipeline.slaMs!,
    capacity: { totalCores, usedCores: 0 },
  };
}

/** One pipeline's measurement. */
export interface DecisionTimeRow {
  stages: number;
  variants: number;
  /** Action values of the PPO head (sum of the multi-discrete sizes). */
  actionValues: number;
  /** IPA with its exact Pareto DP (infersim's default solver). */
  ipaMedianMs: number;
  ipaP90Ms: number;
  /** IPA with its integer program on a MILP solver (glpk.js), as IPA's code solved it (Gurobi). */
  ipaMilpMedianMs: number;
  ipaMilpP90Ms: number;
  ppoMedianMs: number;
  ppoP90Ms: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * Times `decisions` decisions of IPA and of PPO per pipeline size, interleaved (one IPA, one PPO,
 * so machine load hits both alike), after `warmup` untimed decisions of each. Both use the `max`
 * predictor over 60 s (the same forecast cost); IPA's solver is the exact Pareto DP (`dp`).
 */
export async function measureDecisionTimes(decisions = 60, warmup = 5): Promise<DecisionTimeRow[]> {
  const rows: DecisionTimeRow[] = [];
  const totalCores = 96;
  for (const [S, V] of SIZES) {
    const pipeline = syntheticPipeline(S, V);
    const context: PolicyContext = { pipeline, slaMs: pipeline.slaMs!, adaptationIntervalS: 10, totalCores, random: stream(1, 'policy'), maxBatchWaitMs: 1000 };
    const predictor = { type: 'max', windowS: 60 } as const;
    const ipa: Policy = await createPolicy({ name: 'ipa', predictor, solver: 'dp' }, context);
    const ipaMilp: Policy = await createPolicy({ name: 'ipa', predictor, solver: 'glpk' }, context);
    const layout = actionLayout(pipeline, { batchingCap: 8 });
    // OPD's state (no extras): what OPD's figure times.
    const features: FeatureSpec = { loadScale: 30, coreScale: totalCores, predictor, intervalS: 10, slaMs: pipeline.slaMs!, totalCores, extras: false };
    const size = createFeaturizer(pipeline, layout, features).size;
    const outputs = layout.nvec.reduce((a, b) => a + b, 0);
    const model: PpoModel = { format: 'infersim-ppo/1', pipeline: pipeline.name, layout, features, network: initNetwork({ inputSize: size, outputs }, stream(1, 'decision-time/init')) };
    const ppo = createPpoPolicy(model, context);
    const obs = histories(decisions + warmup).map((h) => observation(pipeline, h, totalCores));
    const ipaMs: number[] = [];
    const milpMs: number[] = [];
    const ppoMs: number[] = [];
    const time = (p: Policy, o: Observation) => {
      const t = wallMs();
      p.decide(o);
      return wallMs() - t;
    };
    obs.forEach((o, k) => {
      const a = time(ipa, o);
      const m = time(ipaMilp, o);
      const b = time(ppo, o);
      if (k >= warmup) {
        ipaMs.push(a);
        milpMs.push(m);
        ppoMs.push(b);
      }
    });
    rows.push({
      stages: S,
      variants: V,
      actionValues: outputs,
      ipaMedianMs: quantile(ipaMs, 0.5),
      ipaP90Ms: quantile(ipaMs, 0.9),
      ipaMilpMedianMs: quantile(milpMs, 0.5),
      ipaMilpP90Ms: quantile(milpMs, 0.9),
      ppoMedianMs: quantile(ppoMs, 0.5),
      ppoP90Ms: quantile(ppoMs, 0.9),
    });
  }
  return rows;
}

/** The table docs/learning.md quotes. */
export function formatDecisionTimes(rows: readonly DecisionTimeRow[]): string {
  const f = (x: number) => x.toFixed(3);
  return [
    '| pipeline (stages x variants) | PPO action values | IPA, MILP (glpk.js) ms median / p90 | IPA, exact DP ms median / p90 | PPO ms median / p90 | IPA MILP / PPO (medians) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.stages} x ${r.variants} | ${r.actionValues} | ${f(r.ipaMilpMedianMs)} / ${f(r.ipaMilpP90Ms)} | ${f(r.ipaMedianMs)} / ${f(r.ipaP90Ms)} | ${f(r.ppoMedianMs)} / ${f(r.ppoP90Ms)} | ${(r.ipaMilpMedianMs / r.ppoMedianMs).toFixed(1)} |`,
    ),
  ].join('\n');
}
