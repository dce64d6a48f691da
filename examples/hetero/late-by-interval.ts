/**
 * Where one comparison run's late requests are: per 10-s interval with any, the arrival rate, the
 * late (or dropped) requests and every stage's deployment (device, batch, replicas asked / ready),
 * then every configuration the policy applied. The tool behind docs/hetero.md's account of
 * InferLine's transitions and load step.
 *
 *     npx tsx examples/hetero/late-by-interval.ts [--pipeline video-hetero] [--policy inferline] [--seed 1] [--set holdTransitions=false]
 *
 * `--policy` is a row label of `compare.ts` (`CANDIDATES` in compare-lib.ts); `--set key=value`
 * (repeatable; values parsed as JSON when they can be) overrides that row's policy options.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { simulate, type Scenario } from 'infersim';
import { CANDIDATES, PIPELINES, rowScenario } from './compare-lib.js';

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string', default: 'video-hetero' },
    policy: { type: 'string', default: 'inferline' },
    seed: { type: 'string', default: '1' },
    minutes: { type: 'string', default: '20' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const entry = CANDIDATES.find((e) => e.label === values.policy);
const fail = (msg: string) => {
  process.stderr.write(`late-by-interval.ts: ${msg}\n`);
  process.exit(2);
};
if (!entry) fail(`--policy: expected a row label of compare.ts (${[...new Set(CANDIDATES.map((e) => e.label))].join(', ')}), got "${values.policy}"`);
if (!(PIPELINES as readonly string[]).includes(values.pipeline!)) fail(`--pipeline: expected one of ${PIPELINES.join(', ')}, got "${values.pipeline}"`);
const seed = Number(values.seed);
const minutes = Number(values.minutes);
if (!Number.isInteger(seed) || !(minutes > 1)) fail('--seed must be an integer and --minutes > 1');
const overrides: Record<string, unknown> = {};
for (const kv of values.set!) {
  const i = kv.indexOf('=');
  if (i <= 0) fail(`--set: expected key=value, got "${kv}"`);
  const raw = kv.slice(i + 1);
  try {
    overrides[kv.slice(0, i)] = JSON.parse(raw);
  } catch {
    overrides[kv.slice(0, i)] = raw;
  }
}

// The comparison's own scenario for this row (compare-lib.ts), with per-10-s series.
const scenario: Scenario = { ...rowScenario(values.pipeline!, entry!, seed, minutes, overrides), metrics: { seriesIntervalS: 10 } };
const r = await simulate(scenario);
const s = r.series;
console.log(`${scenario.name}, seed ${seed}: ${(100 * r.summary.slaViolationRate).toFixed(2)} % of ${r.summary.requests} requests late or dropped`);
console.log('| t s | arrivals/s | late | ' + s.stages.map((st) => `${st.name}: device b replicas/ready`).join(' | ') + ' |');
for (let i = 0; i < s.t.length; i++) {
  if (s.slaViolations[i] === 0) continue;
  const stages = s.stages.map((st) => `${st.device[i]} b${st.batch[i]} ${st.replicas[i]}/${st.readyReplicas[i]}`);
  console.log(`| ${s.t[i]} | ${s.arrivalRate[i].toFixed(1)} | ${s.slaViolations[i]} | ${stages.join(' | ')} |`);
}
console.log('\nconfigurations applied (t s: per stage device b replicas):');
for (const d of r.decisions) console.log(`${d.t}: ${d.config.map((c) => `${c.device ?? 'cpu'} b${c.batch} ${c.replicas}${c.mix ? ` (+ ${c.mix.length} more)` : ''}`).join(' | ')}`);
