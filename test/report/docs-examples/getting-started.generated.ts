// Generated from docs/getting-started.md by test/report/docs-examples.test.ts; do not edit.
// After changing the guide: UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts
/* eslint-disable */
import { InputError, parseScenario, policyNames, simulate } from './infersim.js';

/** docs/getting-started.md, the example at line 88. */
export async function example1(): Promise<void> {
  const result = await simulate({
    seed: 1, durationS: 1200, warmupS: 60,
    pipeline: 'video',                                     // a bundled pipeline, or your own profile
    workload: { type: 'trace', name: 'bursty' },           // one of IPA's four Twitter workloads
    policy: { name: 'static', config: [
      { variant: 'yolov5s', batch: 4, replicas: 5 },       // one { variant, batch, replicas } per stage
      { variant: 'resnet34', batch: 4, replicas: 2 } ] },
  });
  const s = result.summary;
  console.log(`p99 ${s.latencyMs.p99.toFixed(0)} ms, SLA violations ${(100 * s.slaViolationRate).toFixed(2)} %,`,
    `accuracy ${s.accuracy.toFixed(3)}, ${s.costCores} cores`);
  console.log(result.series.t.length, 'intervals of', result.series.intervalS, 's');   // time series for plots
}

/** docs/getting-started.md, the example at line 116. */
export async function example2(): Promise<void> {
  const fromFile: unknown = JSON.parse('{ "seed": 1, "duration": 60, "pipeline": "video", "workload": { "type": "poisson", "rps": 5 }, "policy": { "name": "ipa" } }');
  try {
    await simulate(parseScenario(fromFile));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    console.log(err.message);
    // 2 problems
    //   durationS: expected a number, got nothing
    //   duration: expected no such key here, got an unknown key (did you mean "durationS"?)
  }
}

/** docs/getting-started.md, the example at line 136. */
export async function example3(): Promise<void> {
  console.log(policyNames());   // every registered policy: static, ipa, fa2-low, fa2-high, rim, ...
  const base = { seed: 1, durationS: 1200, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'bursty' } } as const;
  for (const name of ['ipa', 'fa2-low', 'rim']) {
    const { summary } = await simulate({ ...base, policy: { name } });
    console.log(name.padEnd(8), summary.accuracy.toFixed(3), summary.costCores.toFixed(2), 'cores', summary.latencyMs.p99.toFixed(0), 'ms p99');
  }
}

/** Every example of docs/getting-started.md, in order, with the line it starts at. */
export const examples: [number, () => Promise<void>][] = [[88, example1], [116, example2], [136, example3]];
