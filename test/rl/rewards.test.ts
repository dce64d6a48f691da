import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { StepMetrics } from '../../src/rl/metrics.js';
import { stepMetricNames } from '../../src/rl/metrics.js';
import { createReward, expressionReward, opdQos, opdReward, seedReward } from '../../src/rl/rewards.js';

const m: StepMetrics = {
  intervalS: 10, timeS: 100, load: 20, predictedLoad: 22, arrivals: 200, completed: 190, dropped: 4, late: 6,
  slaViolations: 10, slaViolationRate: 10 / 194, meanLatencyMs: 800, p99LatencyMs: 2500, servedAccuracy: 0.5,
  accuracy: 0.45, accuracySum: 1.4, rankAccuracySum: 1.25, cores: 6, usedCores: 6, throughput: 25, excessLoad: -5, latencyS: 0.7,
  modelP99Ms: 900, batchMax: 4, batchSum: 6, queued: 3, pendingReplicas: 0, reconfigured: 1, slaMs: 5000,
};

describe('reward functions', () => {
  it('seed: IPA objective minus a penalty on throughput or SLA violations', () => {
    const r = seedReward({ accuracyWeight: 10, costWeight: 1, batchWeight: 0.1, violationPenalty: 20, slaTolerance: 0.1 });
    expect(r(m)).toBeCloseTo(10 * 0.45 - 6 - 0.6, 12);
    expect(r({ ...m, throughput: 19 })).toBeCloseTo(10 * 0.45 - 6 - 0.6 - 20, 12);
    expect(r({ ...m, slaViolationRate: 0.2 })).toBeCloseTo(10 * 0.45 - 6 - 0.6 - 20, 12);
  });

  it("OPD: Q penalises excess load with gamma and spare capacity with delta; r = Q - beta C - gamma B", () => {
    const w = { accuracyWeight: 10, throughputWeight: 0.1, excessWeight: 2, idleWeight: 0.2, latencyWeight: 1, costWeight: 0.5, batchWeight: 0.05 };
    // Spare capacity: E = -5.
    expect(opdQos(m, w)).toBeCloseTo(14 + 2.5 - 0.7 - 0.2 * 5, 12);
    // Overload: E = +5.
    expect(opdQos({ ...m, excessLoad: 5, throughput: 15 }, w)).toBeCloseTo(14 + 1.5 - 0.7 - 2 * 5, 12);
    expect(opdReward(w)(m)).toBeCloseTo(14 + 2.5 - 0.7 - 1 - 0.5 * 6 - 0.05 * 4, 12);
  });

  it('OPD with normalizeAccuracy: V is the sum of rank-normalised accuracies; a spec takes it as a boolean', async () => {
    const w = { accuracyWeight: 10, throughputWeight: 0.1, excessWeight: 2, idleWeight: 0.2, latencyWeight: 1 };
    expect(opdQos(m, { ...w, normalizeAccuracy: true }) - opdQos(m, w)).toBeCloseTo(10 * (1.25 - 1.4), 12);
    expect((await createReward({ type: 'opd', normalizeAccuracy: true }))(m)).toBeCloseTo(opdReward({ normalizeAccuracy: true })(m), 12);
    await expect(createReward({ type: 'opd', normalizeAccuracy: 1 } as never)).rejects.toThrow(/reward\.normalizeAccuracy.*true or false/);
  });

  it('OPD with observedLatency: L is the step\'s observed mean latency, the profiled sum when nothing completed', async () => {
    const w = { accuracyWeight: 10, throughputWeight: 0.1, excessWeight: 2, idleWeight: 0.2, latencyWeight: 1 };
    // Observed 800 ms against the profiled 0.7 s.
    expect(opdQos(m, { ...w, observedLatency: true }) - opdQos(m, w)).toBeCloseTo(-(0.8 - 0.7), 12);
    expect(opdQos({ ...m, completed: 0, meanLatencyMs: 0 }, { ...w, observedLatency: true })).toBeCloseTo(opdQos(m, w), 12);
    expect((await createReward({ type: 'opd', observedLatency: true }))(m)).toBeCloseTo(opdReward({ observedLatency: true })(m), 12);
    const { completed: _, ...partial } = m;
    expect(() => opdQos(partial, { observedLatency: true })).toThrow(/observedLatency needs/);
  });

  it('expression: parsed once, evaluated over the named metrics only', async () => {
    const r = await expressionReward('2 * accuracy - cores - (slaViolationRate > 0.05 ? 20 : 0) + max(0, load - throughput)');
    expect(r(m)).toBeCloseTo(0.9 - 6 - 20 + 0, 12);
    expect(r({ ...m, slaViolationRate: 0 })).toBeCloseTo(0.9 - 6, 12);
    const b = await expressionReward('slaViolationRate < 0.1');
    expect(b(m)).toBe(1);
    // Every metric name is usable.
    const all = await expressionReward(stepMetricNames.join(' + '));
    expect(Number.isFinite(all(m))).toBe(true);
  });

  it('a bad expression is an InputError naming the expression and the unknown symbol', async () => {
    await expect(expressionReward('2 * acuracy - cores')).rejects.toThrow(InputError);
    await expect(expressionReward('2 * acuracy - cores')).rejects.toThrow(/reward: expected an expression over the step metrics .*, got "2 \* acuracy - cores" \(unknown symbol "acuracy" \(did you mean "accuracy"\?\)\)/);
    await expect(expressionReward('2 * (accuracy')).rejects.toThrow(/expected an expression mathjs can parse, got "2 \* \(accuracy" \(Parenthesis \) expected/);
    await expect(expressionReward('cores = 3')).rejects.toThrow(/assignment is not allowed/);
    await expect(expressionReward('f(x) = x')).rejects.toThrow(/is not allowed/);
    await expect(expressionReward('import(cores)')).rejects.toThrow(/unknown function "import"/);
    await expect(expressionReward('evaluate("1")')).rejects.toThrow(/unknown function "evaluate"/);
    await expect(expressionReward('')).rejects.toThrow(InputError);
    const div = await expressionReward('1 / completed');
    expect(() => div({ ...m, completed: 0 })).toThrow(/reward: expected an expression that evaluates to a finite number, got "1 \/ completed" \(it gave Infinity at t=/);
    // An overflow and a text constant are bad input too (InputError, exit code 2 in the CLI), not crashes.
    const huge = await expressionReward('1e308 * 10 * (cores + 1)');
    expect(() => huge(m)).toThrow(InputError);
    expect(() => huge(m)).toThrow(/got "1e308 \* 10 \* \(cores \+ 1\)" \(it gave Infinity at t=/);
    await expect(expressionReward('"cores"')).rejects.toThrow(/"cores" is not a number/);
  });

  it('createReward takes names, specs with weights, expressions and functions', async () => {
    expect((await createReward('seed'))(m)).toBeCloseTo(seedReward()(m), 12);
    expect((await createReward({ type: 'opd', costWeight: 2 }))(m)).toBeCloseTo(opdReward({ costWeight: 2 })(m), 12);
    expect((await createReward({ type: 'expression', expression: 'cores' }))(m)).toBe(6);
    expect((await createReward('cores * 2'))(m)).toBe(12);
    expect((await createReward(() => 7))(m)).toBe(7);
    await expect(createReward({ type: 'opd', costWieght: 2 } as never)).rejects.toThrow(/reward.costWieght.*did you mean "costWeight"/);
    await expect(createReward({ type: 'opt' } as never)).rejects.toThrow(/reward.type.*did you mean "opd"/);
  });
});
