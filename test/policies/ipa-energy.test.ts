import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledPipelines } from '../../src/bundled/index.js';
import { REFERENCE_NODE_POWER } from '../../src/energy/power-model.js';
import { InputError } from '../../src/errors.js';
import type { PlanningPolicy } from '../../src/policies/allocation-policy.js';
import { ipaRunOptions } from '../../src/policies/ipa-baselines.js';
import { movedMoreThan, predictedPowerW, type EnergyPlanningPolicy } from '../../src/policies/ipa-energy.js';
import { createPolicy } from '../../src/policies/registry.js';
import { dynamicStagePowerW, type PowerPrediction } from '../../src/policies/solvers/build.js';
import {
  bruteForceSolver,
  buildProblem,
  createGlpkSolver,
  dpSolver,
  evaluate,
  picksOf,
  toConfig,
  type Solver,
} from '../../src/policies/solvers/index.js';
import type { Observation, PolicyContext, StageConfig } from '../../src/policies/types.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { stream } from '../../src/random/index.js';
import { simulate } from '../../src/sim/simulate.js';
import { arbProblem, expectSameOptimum } from './instances.js';

const REF_ALLOCATED: PowerPrediction = { idleWPerCore: REFERENCE_NODE_POWER.idleW / REFERENCE_NODE_POWER.cores, node: { ...REFERENCE_NODE_POWER } };

function context(pipeline: PipelineProfile, over: Partial<PolicyContext> = {}): PolicyContext {
  return { pipeline, slaMs: pipeline.slaMs ?? 2000, adaptationIntervalS: 10, totalCores: Infinity, random: stream(1, 'policy'), maxBatchWaitMs: 1000, ...over };
}

/** A steady observation: `rps` every second for a minute, optionally with a carbon intensity. */
function observation(pipeline: PipelineProfile, rps: number, over: Partial<Observation> = {}): Observation {
  return {
    timeS: 60,
    arrivalsPerSecond: Array.from({ length: 60 }, () => rps),
    config: [],
    stages: pipeline.stages.map(() => ({ queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: pipeline.slaMs ?? 2000,
    capacity: { totalCores: Infinity, usedCores: 0 },
    ...over,
  };
}

/** IPA's own settings for a bundled pipeline, as policy options, with a steady-load predictor. */
function ipaOptions(pipeline: string): Record<string, unknown> {
  return ipaRunOptions(pipeline, 'reactive');
}

/** Product of raw accuracies of a configuration: the PAS the simulator reports by default. */
function rawPas(pipeline: PipelineProfile, config: readonly StageConfig[]): number {
  return config.reduce((p, c, s) => p * pipeline.stages[s].variants.find((v) => v.name === c.variant)!.accuracy, 1);
}

describe('the energy term in the solvers', () => {
  let glpk: Solver;
  const brute = bruteForceSolver();
  beforeAll(async () => {
    glpk = await createGlpkSolver();
  });

  // The solver-agreement instances, with a power term: random delta, idle power per core, and some
  // variants carrying a profile `energyJ` (others fall back to the node model).
  const arbEnergyProblem = arbProblem.chain(({ pipeline, params }) =>
    fc
      .record({
        delta: fc.oneof(fc.constant(0.02), fc.constant(1), fc.integer({ min: 1, max: 300 }).map((x) => x / 100)),
        idleWPerCore: fc.constantFrom(0, 1.25, 4),
        energyPerCoreW: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        maxBatchWaitMs: fc.option(fc.constantFrom(100, 1000), { nil: undefined }),
      })
      .map((e) => {
        const withEnergy: PipelineProfile = {
          ...pipeline,
          stages: pipeline.stages.map((st) => ({
            ...st,
            variants: st.variants.map((v, i) =>
              e.energyPerCoreW !== undefined && i % 2 === 0
                ? { ...v, energyJ: Object.fromEntries(Object.entries(v.latencyMs).map(([b, ms]) => [b, (v.cores * e.energyPerCoreW! * ms) / 1000])) }
                : v,
            ),
          })),
        };
        const power: PowerPrediction = { idleWPerCore: e.idleWPerCore, node: { idleW: 60, maxW: 330, curve: 'linear', cores: 48 } };
        const p = { ...params, weights: { ...params.weights, delta: e.delta }, power, maxBatchWaitMs: e.maxBatchWaitMs };
        return { pipeline: withEnergy, params: p, problem: buildProblem(withEnergy, p) };
      }),
  );

  it('dp, glpk and bruteForce find the same optimum, the same least change, and satisfy every constraint', () => {
    let feasible = 0;
    fc.assert(
      fc.property(arbEnergyProblem, ({ problem }) => {
        if (expectSameOptimum(problem, [dpSolver, glpk], brute, { leastChange: true })) feasible++;
      }),
      { numRuns: 250, seed: 20250301 },
    );
    expect(feasible).toBeGreaterThan(60);
  });

  it("an option's power is the predicted power of its configuration (idle share of its cores + dynamic)", () => {
    fc.assert(
      fc.property(arbEnergyProblem, ({ pipeline, params, problem }) => {
        const b = brute.solve(problem);
        if (!b) return;
        const picks = picksOf(problem, b);
        const predicted = predictedPowerW(pipeline, toConfig(picks), params.lambdaRps, params.power!, params.maxBatchWaitMs);
        expect(evaluate(problem, picks).powerW).toBeCloseTo(predicted, 9);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('with the power term off (delta 0) the problem is exactly IPA\'s', () => {
    const video = bundledPipelines['video'];
    const base = { lambdaRps: 20, slaMs: 6890, weights: { alpha: 2, beta: 1, gamma: 1e-6 }, accuracyMethod: 'sum' as const, normalizeAccuracy: true, scalingCap: 100, batchingCap: 8, maxBatchWaitMs: 1000 };
    expect(buildProblem(video, { ...base, weights: { ...base.weights, delta: 0 }, power: REF_ALLOCATED }).stages).toEqual(buildProblem(video, base).stages);
  });
});

describe('predicted power', () => {
  const video = bundledPipelines['video'];

  it('is replicas x cores x idle per core plus energy per batch x batches per second', () => {
    const yolo = video.stages[0].variants.find((v) => v.name === 'yolov5s')!;
    const resnet = video.stages[1].variants.find((v) => v.name === 'resnet101')!;
    const config = [
      { variant: 'yolov5s', batch: 1, replicas: 3 },
      { variant: 'resnet101', batch: 4, replicas: 2 },
    ];
    // 20 rps fills batches of 4 within the 1 s wait (1 + 20 x 1 >= 4).
    const expected = (3 * yolo.cores + 2 * resnet.cores) * 1.25 + 20 * yolo.energyJ!['1'] + (20 / 4) * resnet.energyJ!['4'];
    expect(predictedPowerW(video, config, 20, REF_ALLOCATED, 1000)).toBeCloseTo(expected, 9);
    // At 2 rps a batch of 4 only collects 1 + 2 x 1 = 3 requests before the wait runs out.
    expect(dynamicStagePowerW(resnet, 4, 2, REF_ALLOCATED.node, 1000)).toBeCloseTo((2 / 3) * (resnet.energyJ!['2'] + resnet.energyJ!['4']) / 2, 9);
  });

  it("matches the simulator's measured mean power for a static configuration at a steady load (within 3 %)", async () => {
    const config = [
      { variant: 'yolov5s', batch: 1, replicas: 4 },
      { variant: 'resnet50', batch: 1, replicas: 2 },
    ];
    const r = await simulate({
      seed: 3, durationS: 600, warmupS: 60, pipeline: 'video',
      workload: { type: 'poisson', rps: 15 },
      serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
      policy: { name: 'static', config },
    });
    const measuredRps = r.summary.requests / 540;
    expect(r.summary.meanPowerW).toBeGreaterThan(0);
    expect(Math.abs(r.summary.meanPowerW / predictedPowerW(video, config, measuredRps, REF_ALLOCATED, 1000) - 1)).toBeLessThan(0.03);
  });
});

describe('ipa-energy (power mode)', () => {
  it('with a large enough delta picks lower predicted power than IPA at a small accuracy cost', async () => {
    // IPA's audio-sentiment pipeline at 2 rps: IPA runs the large speech model (16 cores a replica);
    // pricing power moves it to the medium one (2 cores).
    const pipeline = bundledPipelines['audio-sent'];
    const obs = observation(pipeline, 2);
    const ipa = (await createPolicy({ name: 'ipa', ...ipaOptions('audio-sent') }, context(pipeline))) as PlanningPolicy;
    const green = (await createPolicy({ name: 'ipa-energy', ...ipaOptions('audio-sent'), delta: 0.1 }, context(pipeline))) as EnergyPlanningPolicy;
    const a = ipa.decide(obs)!;
    const b = green.decide(obs);
    const powerA = predictedPowerW(pipeline, a, 2, REF_ALLOCATED, 1000);
    expect(green.lastDecision!.powerW).toBeCloseTo(predictedPowerW(pipeline, b, 2, REF_ALLOCATED, 1000), 9);
    expect(green.lastDecision!.powerW).toBeLessThan(0.5 * powerA);
    expect(green.lastDecision!.cores).toBeLessThan(ipa.lastDecision!.cores);
    const [pasA, pasB] = [rawPas(pipeline, a), rawPas(pipeline, b)];
    expect(pasB).toBeLessThan(pasA);
    expect(pasB).toBeGreaterThan(0.95 * pasA);
    expect(green.lastDecision!.status).toBe('optimal');
  });

  it('glpk and dp choose the same configuration inside the policy', async () => {
    const pipeline = bundledPipelines['video'];
    for (const rps of [3, 12, 30]) {
      const configs = [];
      for (const solver of ['dp', 'glpk']) {
        const p = (await createPolicy({ name: 'ipa-energy', predictor: 'reactive', delta: 0.3, solver }, context(pipeline))) as EnergyPlanningPolicy;
        configs.push({ config: p.decide(observation(pipeline, rps)), objective: p.lastDecision!.objective });
      }
      expect(configs[1].objective).toBeCloseTo(configs[0].objective, 9);
      expect(configs[1].config).toEqual(configs[0].config);
    }
  });

  it('with delta 0 makes exactly IPA\'s decisions in a simulation', async () => {
    const scenario = { seed: 4, durationS: 400, pipeline: 'video', workload: { type: 'trace', name: 'bursty', withinSecond: 'ipa' } } as const;
    const a = await simulate({ ...scenario, policy: { name: 'ipa', predictor: 'max' } });
    const b = await simulate({ ...scenario, policy: { name: 'ipa-energy', predictor: 'max', delta: 0 } });
    expect(b.decisions).toEqual(a.decisions);
  });

  it('validates its options at policy.<option>, with suggestions', async () => {
    const pipeline = bundledPipelines['video'];
    const issues = async (spec: Record<string, unknown>) => {
      try {
        await createPolicy({ name: 'ipa-energy', ...spec }, context(pipeline));
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).issues;
      }
      throw new Error('accepted');
    };
    const [typo] = await issues({ delat: 1 });
    expect(typo.path).toBe('policy.delat');
    expect(typo.hint).toBe('did you mean "delta"?');
    const bad = await issues({ delta: -1, idle: 'nodes', node: { maxW: 10 } });
    expect(bad.map((i) => i.path).sort()).toEqual(['policy.delta', 'policy.idle', 'policy.node.maxW']);
  });
});

describe('ipa-energy (carbon mode)', () => {
  const pipeline = bundledPipelines['video'];

  it('plans from its candidate tables exactly what solving buildProblem with the decision\'s weight gives', async () => {
    const ctx = context(pipeline);
    const p = (await createPolicy({ name: 'ipa-energy', carbonAware: true, predictor: 'reactive', idle: 'allocated' }, ctx)) as EnergyPlanningPolicy;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0, 3, 150, 420, 900), (rps, intensity) => {
        const config = p.decide(observation(pipeline, rps, { carbonIntensity: intensity, pue: 1 }));
        const d = p.lastDecision!;
        const problem = buildProblem(pipeline, {
          lambdaRps: d.predictedRps,
          slaMs: ctx.slaMs,
          weights: { alpha: 2, beta: 1, gamma: 1e-6, delta: d.weight },
          accuracyMethod: 'sum',
          normalizeAccuracy: true,
          batchingCap: 8,
          scalingCap: 100,
          maxBatchWaitMs: ctx.maxBatchWaitMs,
          totalCores: Infinity,
          power: REF_ALLOCATED,
        });
        expect(config).toEqual(toConfig(picksOf(problem, dpSolver.solve(problem)!)));
      }),
      { numRuns: 40 },
    );
  });

  it('re-plans when intensity x PUE moves more than 5 % since the last plan, or the load changes; not otherwise', async () => {
    const p = (await createPolicy({ name: 'ipa-energy', carbonAware: true, predictor: 'reactive' }, context(pipeline))) as EnergyPlanningPolicy;
    const at = (rps: number, carbonIntensity: number, pue = 1.2) => p.decide(observation(pipeline, rps, { carbonIntensity, pue }));
    at(10, 200);
    expect([p.plans, p.kept]).toEqual([1, 0]);
    expect(p.lastDecision!.carbonFactor).toBeCloseTo(240, 9);
    expect(p.lastDecision!.weight).toBeCloseTo(1e-4 * 240, 12);
    at(10, 209); // +4.5 %: kept
    at(10, 191); // -4.5 %: kept (still measured from the last plan's 200)
    expect([p.plans, p.kept]).toEqual([1, 2]);
    const config = at(10, 211); // +5.5 %: re-plan
    expect([p.plans, p.kept]).toEqual([2, 2]);
    expect(p.lastDecision!.carbonFactor).toBeCloseTo(211 * 1.2, 9);
    expect(at(10, 215)).toEqual(config); // +1.9 % from the new reference: kept, same configuration
    expect([p.plans, p.kept]).toEqual([2, 3]);
    at(10, 211, 1.3); // PUE counts as much as intensity: +8.3 %
    expect(p.plans).toBe(3);
    at(11, 211, 1.3); // a new load prediction: re-plan as IPA would
    expect(p.plans).toBe(4);
    expect(movedMoreThan(105, 100, 5)).toBe(false);
    expect(movedMoreThan(105.0001, 100, 5)).toBe(true);
    expect(movedMoreThan(1, 0, 5)).toBe(true);
  });

  it('weights power by intensity: lower power at the dirty hour than at the clean one', async () => {
    // Hour 0 is clean (5 g/kWh), hour 1 dirty (900 g/kWh); the run starts 300 s before the step.
    const r = await simulate({
      seed: 2, durationS: 600, pipeline: 'video',
      workload: { type: 'poisson', rps: 3 },
      energy: { carbon: { gPerKWh: [5, 900], startHour: 1 - 300 / 3600, pue: 1.1 } },
      policy: { name: 'ipa-energy', carbonAware: true, delta: 1e-3, predictor: { type: 'max', windowS: 30 }, initialRps: 3 },
    });
    // `decisions` lists the configurations as they changed: the one in force at the step, then the later ones.
    const power = (d: { config: StageConfig[] }) => predictedPowerW(pipeline, d.config, 3, REF_ALLOCATED, 1000);
    const clean = r.decisions.filter((d) => d.t < 300).at(-1)!;
    const dirty = r.decisions.filter((d) => d.t >= 300);
    expect(dirty.length).toBeGreaterThan(0);
    for (const d of dirty) {
      expect(power(d)).toBeLessThan(0.8 * power(clean));
      expect(rawPas(pipeline, d.config)).toBeLessThan(rawPas(pipeline, clean.config));
    }
    expect(r.summary.slaViolationRate).toBeLessThan(0.01);
  });

  it('says plainly when the scenario has no carbon trace', async () => {
    await expect(
      simulate({ seed: 1, durationS: 30, pipeline: 'video', workload: { type: 'poisson', rps: 5 }, policy: { name: 'ipa-energy', carbonAware: true } }),
    ).rejects.toThrow(/policy\.carbonAware: expected a scenario with "energy\.carbon"/);
  });
});
