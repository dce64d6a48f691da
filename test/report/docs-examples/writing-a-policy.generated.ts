// Generated from docs/writing-a-policy.md by test/report/docs-examples.test.ts; do not edit.
// After changing the guide: UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts
/* eslint-disable */
import assert from 'node:assert/strict';
import { InputError, type InputIssue, type Observation, type PipelineConfig, type PolicyFactory, registerPolicy, type Scenario, simulate, throughputRps } from './infersim.js';

/** docs/writing-a-policy.md, the example at line 61. */
export async function example1(): Promise<void> {
  const peakAutoscaler: PolicyFactory = (options, context) => {
    const { windowS = 30, headroomPct = 20, ...rest } = options as { windowS?: unknown; headroomPct?: unknown };
    const issues: InputIssue[] = [];
    if (!(typeof windowS === 'number' && Number.isInteger(windowS) && windowS >= 1)) {
      issues.push({ path: 'policy.windowS', expected: 'an integer >= 1', received: JSON.stringify(windowS) });
    }
    if (!(typeof headroomPct === 'number' && headroomPct >= 0)) {
      issues.push({ path: 'policy.headroomPct', expected: 'a number >= 0', received: JSON.stringify(headroomPct) });
    }
    for (const key of Object.keys(rest)) {
      issues.push({ path: `policy.${key}`, expected: 'no such option (windowS, headroomPct)', received: JSON.stringify(rest[key as keyof typeof rest]) });
    }
    if (issues.length) throw new InputError(issues);
    const window = windowS as number;
    const headroom = 1 + (headroomPct as number) / 100;

    // Decided once: the most accurate variant of each stage, at batch 4.
    const plan = context.pipeline.stages.map((stage) => {
      const variant = stage.variants.reduce((best, v) => (v.accuracy > best.accuracy ? v : best));
      return { variant, batch: 4 };
    });

    return {
      name: 'peak-autoscaler',
      decide(observation): PipelineConfig {
        const recent = observation.arrivalsPerSecond.slice(-window);
        const load = recent.length > 0 ? Math.max(...recent) : 1;   // t = 0: nothing seen yet
        return plan.map(({ variant, batch }) => ({
          variant: variant.name,
          batch,
          replicas: Math.max(1, Math.ceil((load * headroom) / throughputRps(variant, batch))),
        }));
      },
    };
  };

  // Registered by name: scenario files, sweeps and the playground can now say { "name": "peak-autoscaler" }.
  registerPolicy('peak-autoscaler', peakAutoscaler);

  const base = { seed: 1, durationS: 1200, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'bursty' } } as const;
  for (const policy of [{ name: 'peak-autoscaler' }, { name: 'peak-autoscaler', headroomPct: 50 }, { name: 'ipa' }]) {
    const { summary: s } = await simulate({ ...base, policy });
    console.log(JSON.stringify(policy).padEnd(45), `accuracy ${s.accuracy.toFixed(3)}`, `cores ${s.costCores.toFixed(1)}`,
      `p99 ${s.latencyMs.p99.toFixed(0)} ms`, `SLA violations ${(100 * s.slaViolationRate).toFixed(2)} %`);
  }
}

/** docs/writing-a-policy.md, the example at line 123. */
export async function example2(): Promise<void> {
  const base = { seed: 1, durationS: 300, pipeline: 'video', workload: { type: 'trace', name: 'steady_low' } } as const;
  // A function: the same configuration whatever happens (what `static` does, in one line).
  const fixed = (_: Observation) => [{ variant: 'yolov5n', batch: 1, replicas: 2 }, { variant: 'resnet18', batch: 1, replicas: 1 }];
  const a = await simulate({ ...base, policy: fixed });
  // An object with decide(): here one that doubles the replicas when the last interval dropped requests.
  const b = await simulate({
    ...base,
    policy: {
      name: 'double-on-drops',
      decide: (o: Observation) => (o.droppedLastInterval > 0 ? o.config.map((c) => ({ ...c, replicas: 2 * c.replicas })) : o.timeS === 0 ? fixed(o) : undefined),
    },
  });
  console.log(a.policy, a.summary.costCores, b.policy, b.summary.costCores);
}

/** docs/writing-a-policy.md, the example at line 150. */
export async function example3(): Promise<void> {
  // A reactive policy under test: replicas for the last second's load, one fixed variant.
  const lastSecond: PolicyFactory = (_options, context) => {
    const variant = context.pipeline.stages[0].variants[0];
    return {
      name: 'last-second',
      decide: (o) => [{ variant: variant.name, batch: 1, replicas: Math.max(1, Math.ceil((o.arrivalsPerSecond.at(-1) ?? 1) / throughputRps(variant, 1))) }],
    };
  };
  registerPolicy('last-second', lastSecond);

  const scenario = {
    seed: 7, durationS: 600, warmupS: 60, slaMs: 1000,
    pipeline: { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.9, cores: 1, latencyMs: { '1': 100 } }] }] },
    workload: { type: 'poisson', rps: 25 },
    policy: { name: 'last-second' },
  } satisfies Scenario;

  // Deterministic: the same seed, the same summary, to the last bit.
  const first = await simulate(scenario);
  const again = await simulate(scenario);
  assert.deepEqual(again.summary, first.summary);

  // Sized for the load: ~25 rps at 10 rps per replica needs about 3 replicas, and nothing is dropped.
  assert.ok(first.summary.costCores > 2.5 && first.summary.costCores < 6, `cores ${first.summary.costCores}`);
  assert.equal(first.summary.dropped, 0);

  // Within a finite cluster, the cores never exceed it.
  const capped = await simulate({ ...scenario, cluster: { cores: 3 } });
  assert.ok(Math.max(...capped.series.cores) <= 3);

  // Bad options fail before the run, with their path.
  await assert.rejects(simulate({ ...scenario, policy: { name: 'static', config: 'big' } }), InputError);
  console.log('all checks passed');
}

/** Every example of docs/writing-a-policy.md, in order, with the line it starts at. */
export const examples: [number, () => Promise<void>][] = [[61, example1], [123, example2], [150, example3]];
