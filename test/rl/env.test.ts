import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createEnv } from '../../src/rl/env.js';
import { maskedChoice } from '../../src/policies/learning/sampling.js';
import { configCores, variantFigures } from '../../src/policies/learning/layout.js';
import { stream } from '../../src/random/streams.js';
import { smallPipeline, smallScenario } from './fixtures.js';

const poisson = (durationS = 60) => ({ ...smallScenario(durationS), workload: { type: 'poisson', rps: 12 } });

describe('InferenceEnv: spaces and masks', () => {
  it('describes a multi-discrete action per stage and a box of features', async () => {
    const env = await createEnv(smallScenario(), { maxReplicas: 3, features: { predictor: 'reactive' } });
    // det: 3 variants, batches {1, 2}, replicas 1..3; cls: 2 variants, batches {1, 2}, replicas 1..3.
    expect(env.actionSpace.nvec).toEqual([3, 2, 3, 2, 2, 3]);
    expect(env.actionSpace.labels).toEqual(['det.variant', 'det.batch', 'det.replicas', 'cls.variant', 'cls.batch', 'cls.replicas']);
    expect(env.actionSpace.values[0]).toEqual(['d-small', 'd-big', 'd-slow']);
    const { observation, info } = env.reset({ seed: 1 });
    expect(observation).toBeInstanceOf(Float64Array);
    expect(observation.length).toBe(env.observationSpace.shape[0]);
    expect(env.observationSpace.labels.length).toBe(observation.length);
    expect(env.observationSpace.low.length).toBe(observation.length);
    // Nothing deployed yet: the first action is the t = 0 decision.
    expect(info.config).toEqual([]);
    expect(info.timeS).toBe(0);
    const r = env.step([1, 0, 1, 1, 1, 0]);
    expect(r.observation.length).toBe(observation.length);
    expect(r.info.config).toEqual([
      { variant: 'd-big', batch: 1, replicas: 2 },
      { variant: 'c-big', batch: 2, replicas: 1 },
    ]);
    expect(r.info.timeS).toBe(5);
    for (let i = 0; i < r.observation.length; i++) {
      expect(r.observation[i]).toBeGreaterThanOrEqual(env.observationSpace.low[i]);
      expect(r.observation[i]).toBeLessThanOrEqual(env.observationSpace.high[i]);
    }
  });

  it("OPD's state by default: node triple, then per task model index, replicas, batch, cost, latency, throughput", async () => {
    const env = await createEnv(smallScenario(), { maxReplicas: 3, features: { predictor: 'reactive' } });
    expect(env.featureSpec.extras).toBe(false);
    expect(env.observationSpace.labels).toEqual([
      'availableCores', 'load', 'predictedLoad',
      'det.model', 'det.replicas', 'det.batch', 'det.cost', 'det.latency', 'det.throughput',
      'cls.model', 'cls.replicas', 'cls.batch', 'cls.cost', 'cls.latency', 'cls.throughput',
    ]);
    env.reset({ seed: 1 });
    // d-big (index 1 of 3, 2 cores) x 2 at batch 1; c-big (index 1 of 2, 1 core) x 1 at batch 2.
    const r = env.step([1, 0, 1, 1, 1, 0]);
    const x = r.observation;
    const { loadScale, coreScale, slaMs } = env.featureSpec;
    const h = r.info.raw.arrivalsPerSecond;
    expect(x[0]).toBeCloseTo(1 - r.info.raw.capacity.usedCores / 12, 12);
    expect(x[1]).toBeCloseTo(h.slice(-5).reduce((a, b) => a + b, 0) / 5 / loadScale, 12);
    expect(x[2]).toBeCloseTo(h[h.length - 1] / loadScale, 12); // the reactive predictor: last second
    const det = variantFigures(smallPipeline, 0, 'd-big', 1);
    const cls = variantFigures(smallPipeline, 1, 'c-big', 2);
    const expected = [0.5, 2 / 3, 1 / 2, 4 / coreScale, det.latencyP99Ms / slaMs, (2 * det.throughputRps) / loadScale, 1, 1 / 3, 1, 1 / coreScale, cls.latencyP99Ms / slaMs, cls.throughputRps / loadScale];
    expected.forEach((v, i) => expect(x[3 + i]).toBeCloseTo(v, 12));
    const extended = await createEnv(smallScenario(), { maxReplicas: 3, features: { predictor: 'reactive', extras: true } });
    expect(extended.observationSpace.labels).toContain('det.needed[d-small]');
    expect(extended.observationSpace.shape[0]).toBeGreaterThan(env.observationSpace.shape[0]);
  });

  it('masks batches a variant was not profiled at and replicas beyond the cluster', async () => {
    // 12 cores: the classifier needs at least 1, so the detector may use 11.
    const env = await createEnv(smallScenario(), { maxReplicas: 8, features: { predictor: 'reactive' } });
    const [det, cls] = env.actionMasks();
    expect(det.variant).toEqual([true, true, true]);
    expect(det.batch[2]).toEqual([true, false]); // d-slow is profiled at batch 1 only
    expect(det.replicas[0]).toEqual([true, true, true, true, true, true, true, true]); // 1..8 x 1 core
    expect(det.replicas[1]).toEqual([true, true, true, true, true, false, false, false]); // 1..5 x 2 cores <= 11
    expect(cls.replicas[0].every(Boolean)).toBe(true);
    const flat = env.actionMask();
    expect(flat.length).toBe(env.actionSpace.nvec.reduce((a, b) => a + b, 0));
    // Sampling under the masks never exceeds the cluster, whatever the logits.
    const u = stream(3, 'test');
    const L = flat.length;
    for (let i = 0; i < 200; i++) {
      const logits = Array.from({ length: L }, () => 10 * (u() - 0.5));
      const a = maskedChoice(env.layout, logits, env.totalCores, { kind: 'sample', uniform: u }).action;
      expect(configCores(env.layout, a)).toBeLessThanOrEqual(12);
      expect(env.layout.stages[0].batches[a[1]]).toBeLessThanOrEqual(env.layout.stages[0].maxBatch[a[0]]);
    }
  });

  it('rejects malformed actions with paths and flags over-capacity ones', async () => {
    const env = await createEnv(smallScenario(), { maxReplicas: 8, features: { predictor: 'reactive' } });
    env.reset({ seed: 1 });
    expect(() => env.step([0, 0, 0])).toThrow(InputError);
    expect(() => env.step([3, 0, 0, 0, 0, 0])).toThrow(/action\[0\]: expected an integer in \[0, 2\]/);
    expect(() => env.step([2, 1, 0, 0, 0, 0])).toThrow(/d-slow is profiled up to batch 1/);
    const r = env.step([1, 0, 7, 0, 0, 0]); // 8 x 2 cores + 1 > 12
    expect(r.info.overCapacity).toBe(true);
    expect(r.info.metrics!.pendingReplicas).toBeGreaterThan(0);
  });
});

describe('InferenceEnv: episodes', () => {
  it('resets deterministically with a seed, and differently with another', async () => {
    const env = await createEnv(poisson(), { maxReplicas: 3, features: { predictor: 'reactive' } });
    const play = (seed: number) => {
      const out: number[] = [];
      env.reset({ seed });
      for (let i = 0; i < 6; i++) {
        const r = env.step([i % 2, 0, 1, 1, 1, 0]);
        out.push(r.reward, ...r.observation);
      }
      return out;
    };
    const a = play(4);
    expect(play(4)).toEqual(a);
    expect(play(5)).not.toEqual(a);
  });

  it('ends when the scenario does (terminated, with a summary) or at maxSteps (truncated)', async () => {
    const env = await createEnv(smallScenario(30), { maxReplicas: 2, features: { predictor: 'reactive' } });
    expect(env.episodeSteps).toBe(6);
    env.reset({ seed: 1 });
    let r;
    let steps = 0;
    do {
      r = env.step([0, 0, 1, 0, 0, 0]);
      steps++;
    } while (!r.terminated && !r.truncated);
    expect(steps).toBe(6);
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(false);
    expect(r.info.timeS).toBe(30);
    expect(r.info.summary!.requests).toBe(359); // one every 1/12 s from 1/12 s, before 30 s
    expect(() => env.step([0, 0, 1, 0, 0, 0])).toThrow(/reset/);

    const short = await createEnv(smallScenario(30), { maxReplicas: 2, maxSteps: 2, features: { predictor: 'reactive' } });
    short.reset({ seed: 1 });
    expect(short.step([0, 0, 1, 0, 0, 0]).truncated).toBe(false);
    const last = short.step([0, 0, 1, 0, 0, 0]);
    expect([last.terminated, last.truncated]).toEqual([false, true]);
  });

  it('starts from a configuration when asked, one interval in', async () => {
    const env = await createEnv(smallScenario(30), { maxReplicas: 2, initialConfig: 'scenario', features: { predictor: 'reactive' } });
    const { info } = env.reset({ seed: 1 });
    expect(info.timeS).toBe(5);
    expect(info.config).toEqual([
      { variant: 'd-small', batch: 1, replicas: 1 },
      { variant: 'c-small', batch: 1, replicas: 1 },
    ]);
    expect(env.episodeSteps).toBe(5);
    const random = await createEnv(smallScenario(30), { maxReplicas: 2, initialConfig: 'random', features: { predictor: 'reactive' } });
    expect(random.reset({ seed: 1 }).info.config).toEqual(random.reset({ seed: 1 }).info.config);
  });

  it('reports per-step metrics that add up to the run', async () => {
    const env = await createEnv(poisson(60), { maxReplicas: 3, features: { predictor: 'reactive' } });
    env.reset({ seed: 2 });
    let arrivals = 0;
    let completed = 0;
    let r;
    do {
      r = env.step([0, 0, 2, 0, 0, 1]);
      arrivals += r.info.metrics!.arrivals;
      completed += r.info.metrics!.completed;
      expect(r.info.metrics!.cores).toBe(5);
      expect(r.info.metrics!.accuracy).toBeCloseTo(0.5 * 0.6, 12);
    } while (!r.terminated);
    expect(arrivals).toBe(r.info.summary!.requests);
    // Requests still in flight at the end finish in the drain, after the last step.
    expect(completed).toBeLessThanOrEqual(r.info.summary!.completed);
    expect(completed).toBeGreaterThan(r.info.summary!.completed - 20);
  });

  it('runs several scenarios of one pipeline, drawing one per episode from the seed', async () => {
    const env = await createEnv([smallScenario(20, 6), smallScenario(20, 14)], { maxReplicas: 2, features: { predictor: 'reactive' } });
    const seen = new Set<number>();
    for (let s = 0; s < 12; s++) seen.add(env.reset({ seed: s }).info.scenario);
    expect([...seen].sort()).toEqual([0, 1]);
    expect(env.reset({ seed: 0, scenario: 1 }).info.scenario).toBe(1);
    const other = { ...smallScenario(20), pipeline: 'video' };
    await expect(createEnv([smallScenario(20), other])).rejects.toThrow(/scenarios\[1\]: expected the same pipeline/);
  });
});
