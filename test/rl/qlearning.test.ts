import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { buildProblem } from '../../src/policies/solvers/build.js';
import { dpSolver } from '../../src/policies/solvers/dp.js';
import { solveAllocation } from '../../src/policies/solvers/solve.js';
import { actionLayout } from '../../src/policies/learning/layout.js';
import { applyMove, neighbourMoves, parseQTable } from '../../src/policies/qlearning.js';
import { trainQLearning } from '../../src/rl/train-qlearning.js';
import { smallPipeline, smallScenario } from './fixtures.js';
import type { Scenario } from '../../src/sim/scenario.js';

/** IPA's weights for this test: accuracy is worth paying for, so the optimum is not the cheapest. */
const weights = { alpha: 10, beta: 1, gamma: 0.1 };

describe('tabular Q-learning', () => {
  it('moves to neighbouring configurations only, within bounds', () => {
    const layout = actionLayout(smallPipeline, { maxReplicas: 2 });
    const moves = neighbourMoves(layout);
    expect(moves.length).toBe(1 + 2 * 6);
    const start = [0, 1, 0, 0, 0, 0]; // d-small batch 2, 1 replica; c-small batch 1, 1 replica
    const up = applyMove(layout, start, { knob: 'variant', stage: 0, delta: 1 })!;
    expect(up).toEqual([1, 1, 0, 0, 0, 0]); // d-big keeps batch 2
    // d-slow (the most accurate) was profiled at batch 1 only: the batch follows it down.
    expect(applyMove(layout, up, { knob: 'variant', stage: 0, delta: 1 })).toEqual([2, 0, 0, 0, 0, 0]);
    expect(applyMove(layout, start, { knob: 'variant', stage: 0, delta: -1 })).toBeNull();
    expect(applyMove(layout, start, { knob: 'replicas', stage: 1, delta: -1 })).toBeNull();
    expect(applyMove(layout, start, { knob: 'replicas', stage: 1, delta: 1 })).toEqual([0, 1, 0, 0, 0, 1]);
    expect(applyMove(layout, start, { knob: 'batch', stage: 0, delta: 1 })).toBeNull();
  });

  it('converges on a small pipeline to the configuration of the exact IPA solver', async () => {
    const ipa = solveAllocation(
      buildProblem(smallPipeline, {
        lambdaRps: 12,
        slaMs: 1000,
        totalCores: 12,
        weights,
        accuracyMethod: 'product',
        normalizeAccuracy: false,
        scalingCap: 2,
        maxBatchWaitMs: 1000,
      }),
      dpSolver,
    );
    expect(ipa.status).toBe('optimal');
    // Not the cheapest configuration: the accurate detector and classifier pay for themselves.
    expect(ipa.config).toEqual([
      { variant: 'd-big', batch: 1, replicas: 2 },
      { variant: 'c-big', batch: 2, replicas: 1 },
    ]);
    const { table, curve } = await trainQLearning(smallScenario(100), {
      episodes: 400,
      seed: 1,
      maxReplicas: 2,
      learningRate: 0.5,
      discount: 0.9,
      loadBucketRps: 20,
      // Random starts cover the small configuration space; the policy still deploys the scenario's.
      initialConfig: 'random',
      // The seed's reward with IPA's weights, so its best violation-free configuration is IPA's optimum.
      reward: { type: 'seed', accuracyWeight: weights.alpha, costWeight: weights.beta, batchWeight: weights.gamma },
    });
    expect(curve.length).toBe(400);
    expect(curve[399].epsilon!).toBeCloseTo(0.05, 6);
    // The greedy policy of the table, from the cheapest configuration, walks to IPA's optimum and stays.
    const run = await simulate({ ...smallScenario(300), policy: { name: 'qlearning', table } });
    expect(run.decisions[0].config).toEqual([
      { variant: 'd-small', batch: 1, replicas: 1 },
      { variant: 'c-small', batch: 1, replicas: 1 },
    ]);
    expect(run.decisions.at(-1)!.config).toEqual(ipa.config);
    expect(run.decisions.at(-1)!.t).toBeLessThan(100);
    // Learning shows in the curve: the last episodes earn more than the first (mostly random) ones.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(curve.slice(-50).map((p) => p.meanReward))).toBeGreaterThan(mean(curve.slice(0, 50).map((p) => p.meanReward)));

    // Saved as JSON and loaded back, the table makes the same decisions.
    const loaded = parseQTable(JSON.parse(JSON.stringify(table)));
    const again = await simulate({ ...smallScenario(300), policy: { name: 'qlearning', table: loaded } });
    expect(again.decisions).toEqual(run.decisions);
  });

  it('rejects a table that does not fit, with paths', async () => {
    await expect(simulate({ ...smallScenario(20), policy: { name: 'qlearning' } })).rejects.toThrow(/policy.table: expected a trained Q-table/);
    await expect(simulate({ ...smallScenario(20), policy: { name: 'qlearning', tablePath: 'q.json' } })).rejects.toThrow(/policy.tablePath: .*Node layer/);
    await expect(simulate({ ...smallScenario(20), policy: { name: 'qlearning', table: { format: 'x' } } })).rejects.toThrow(/policy.table.format: expected "infersim-qlearning\/1"/);
    const { table } = await trainQLearning(smallScenario(20), { episodes: 2, maxReplicas: 2 });
    const video: Scenario = { seed: 1, durationS: 20, pipeline: 'video', workload: { type: 'poisson', rps: 5 }, policy: { name: 'qlearning', table } };
    await expect(simulate(video)).rejects.toThrow(/policy.table.layout.stages\[0\].variants: expected the variants/);
  });
});
