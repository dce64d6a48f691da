import { InputError, describeValue } from '../errors.js';
import { closest } from '../util/closest.js';
import { stepMetricNames, type StepMetrics } from './metrics.js';

/** A reward function: the reward of one step from its metrics. */
export type RewardFn = (m: StepMetrics) => number;

/** Weights of {@link seedReward}. */
export interface SeedRewardOptions {
  /** Weight of the configuration's pipeline accuracy score; default 2 (IPA's alpha for video). */
  accuracyWeight?: number;
  /** Weight of the cores the configuration asks for; default 1 (IPA's beta). */
  costWeight?: number;
  /** Weight of the sum of batch sizes; default 1e-6 (IPA's gamma: a tie-breaker). */
  batchWeight?: number;
  /** Subtracted once in a step with a throughput or SLA violation; default 20. */
  violationPenalty?: number;
  /** SLA violation rate (late + dropped over finished) above which a step violates; default 0.05. */
  slaTolerance?: number;
}

/** Defaults of {@link seedReward}. */
export const seedRewardDefaults: Required<SeedRewardOptions> = {
  accuracyWeight: 2,
  costWeight: 1,
  batchWeight: 1e-6,
  violationPenalty: 20,
  slaTolerance: 0.05,
};

/**
 * Seed 000's Q-learning reward: "+ accuracy, - resource use, heavy penalty for SLA or throughput
 * violations", made concrete as IPA's objective plus a penalty:
 *
 * `r = a * accuracy - c * cores - b * batchSum - P * [throughput < load or slaViolationRate > tol]`
 *
 * With IPA's weights the best configuration without violations is IPA's optimum, which is how the
 * tests check that Q-learning converges. The throughput check is the model's (the configuration's
 * smallest stage throughput against the observed load), the SLA check is observed.
 */
export function seedReward(options: SeedRewardOptions = {}): RewardFn {
  const o = { ...seedRewardDefaults, ...options };
  return (m) => {
    const violated = m.throughput < m.load || m.slaViolationRate > o.slaTolerance;
    return o.accuracyWeight * m.accuracy - o.costWeight * m.cores - o.batchWeight * m.batchSum - (violated ? o.violationPenalty : 0);
  };
}

/** Weights of {@link opdReward} (OPD published none; these defaults are ours). */
export interface OpdRewardOptions {
  /** alpha: weight of V, the sum of the chosen accuracies; default 10. */
  accuracyWeight?: number;
  /** beta in Q: weight of T, the smallest stage throughput (requests/s); default 0.1. */
  throughputWeight?: number;
  /** gamma in Q: weight of E when the load exceeds the throughput (per request/s); default 2. */
  excessWeight?: number;
  /** delta: weight of -E when the throughput exceeds the load (spare capacity, per request/s); default 0.2. */
  idleWeight?: number;
  /** Weight of L, the sum of stage latencies in s; OPD: 1. */
  latencyWeight?: number;
  /** beta in r: weight of C, the cores asked for; default 0.5. */
  costWeight?: number;
  /** gamma in r: weight of B, the largest batch; default 0.05. */
  batchWeight?: number;
  /**
   * Weight of the observed SLA violation rate; default 0 (OPD's reward is all model). Our
   * addition, for problems where the model's latencies understate queueing.
   */
  slaWeight?: number;
  /**
   * V as the sum of rank-normalised accuracies (per stage 0 = least, 1 = most accurate variant:
   * IPA's original pipeline accuracy score, which OPD says its V is "inspired by") instead of raw
   * accuracies; default false (raw, as OPD's Eq. 1 reads).
   */
  normalizeAccuracy?: boolean;
  /**
   * L as the observed mean end-to-end latency of the requests completed in the step (queueing and
   * batch waits included, what a monitored cluster measures as the sum of its tasks' latencies)
   * instead of the sum of the stages' profiled mean batch latencies; a step that completed nothing
   * falls back to the profiled sum. Default false (all model). OPD's L is "the pipeline's latency,
   * the sum of l_n" with l_n task n's latency; OPD ran on Kubernetes and monitored its pipeline, so
   * either reading fits its text. Only the observed one sees a queue that grows because the
   * configuration serves less than the load.
   */
  observedLatency?: boolean;
}

/** Defaults of {@link opdReward} (ours: OPD published none). */
export const opdRewardDefaults: Required<OpdRewardOptions> = {
  accuracyWeight: 10,
  throughputWeight: 0.1,
  excessWeight: 2,
  idleWeight: 0.2,
  latencyWeight: 1,
  costWeight: 0.5,
  batchWeight: 0.05,
  slaWeight: 0,
  normalizeAccuracy: false,
  observedLatency: false,
};

/**
 * OPD's QoS: `Q = alpha V + beta T - L - gamma E` when the excess load `E >= 0`, else
 * `alpha V + beta T - L - delta (-E)`; V = sum of the chosen accuracies, T = smallest stage
 * throughput, L = sum of stage latencies (s; observed with `observedLatency`), E = load - T.
 */
export function opdQos(
  m: Pick<StepMetrics, 'accuracySum' | 'throughput' | 'latencyS' | 'excessLoad'> & Partial<Pick<StepMetrics, 'rankAccuracySum' | 'meanLatencyMs' | 'completed'>>,
  options: OpdRewardOptions = {},
): number {
  const o = { ...opdRewardDefaults, ...options };
  const e = m.excessLoad;
  const v = o.normalizeAccuracy ? m.rankAccuracySum : m.accuracySum;
  if (v === undefined) throw new RangeError('opdQos: normalizeAccuracy needs the metrics\' rankAccuracySum');
  if (o.observedLatency && (m.completed === undefined || m.meanLatencyMs === undefined)) throw new RangeError('opdQos: observedLatency needs the metrics\' completed and meanLatencyMs');
  const l = o.observedLatency && m.completed! > 0 ? m.meanLatencyMs! / 1000 : m.latencyS;
  const base = o.accuracyWeight * v + o.throughputWeight * m.throughput - o.latencyWeight * l;
  return e >= 0 ? base - o.excessWeight * e : base - o.idleWeight * -e;
}

/** OPD's reward `r = Q - beta C - gamma B` (see {@link opdQos}), plus an optional observed SLA term. */
export function opdReward(options: OpdRewardOptions = {}): RewardFn {
  const o = { ...opdRewardDefaults, ...options };
  return (m) => opdQos(m, o) - o.costWeight * m.cores - o.batchWeight * m.batchMax - o.slaWeight * m.slaViolationRate;
}

/** Functions a reward expression may call. */
export const rewardFunctions: readonly string[] = ['abs', 'min', 'max', 'sqrt', 'exp', 'log', 'log2', 'log10', 'pow', 'floor', 'ceil', 'round', 'sign'];

/** Constants a reward expression may use besides the metrics. */
const constants = ['pi', 'e'];

/** Node types of mathjs's syntax tree allowed in a reward expression: arithmetic only. */
const allowedNodes = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode']);

/** A mathjs node as far as checking needs it. */
interface MathNodeLike {
  type: string;
  name?: string;
  fn?: MathNodeLike | string;
  traverse(cb: (node: MathNodeLike, path: string, parent: MathNodeLike | null) => void): void;
  compile(): { evaluate(scope: Record<string, number>): unknown };
}

const exprIssue = (expression: string, expected: string, hint?: string) =>
  new InputError([{ path: 'reward', expected, received: describeValue(expression), hint }]);

/**
 * A reward written as an expression over the step metrics ({@link stepMetricNames}), e.g.
 * `"2 * accuracy - cores - (slaViolationRate > 0.05 ? 20 : 0)"`. Parsed once with mathjs's
 * number-only build (loaded on first use: it is large); the tree is checked before anything runs:
 * only numbers, metric names, `pi`/`e`, arithmetic, comparisons, `? :` and the functions in
 * {@link rewardFunctions}, so no assignment, function definition, property access or import can
 * run. Evaluated with a scope holding the metrics and nothing else.
 *
 * @throws InputError naming the expression and the unknown symbol or syntax error; the returned
 * function throws an InputError naming the expression when it evaluates to something other than a
 * finite number (say `1 / completed` in a step that completed nothing, or an overflow).
 */
export async function expressionReward(expression: string): Promise<RewardFn> {
  if (typeof expression !== 'string' || expression.trim() === '') throw exprIssue(String(expression), 'a non-empty expression over the step metrics');
  const math = await import('mathjs/number');
  let root: MathNodeLike;
  try {
    root = math.parse(expression) as unknown as MathNodeLike;
  } catch (err) {
    throw exprIssue(expression, 'an expression mathjs can parse', (err as Error).message);
  }
  const known = new Set<string>([...stepMetricNames, ...constants]);
  const problems: string[] = [];
  root.traverse((node, path, parent) => {
    if (!allowedNodes.has(node.type)) {
      problems.push(`${node.type.replace(/Node$/, '').toLowerCase()} is not allowed (only arithmetic, comparisons, ? : and functions)`);
      return;
    }
    if (node.type === 'ConstantNode' && typeof (node as { value?: unknown }).value !== 'number') {
      problems.push(`${describeValue((node as { value?: unknown }).value)} is not a number (only numbers, metrics and arithmetic)`);
      return;
    }
    if (node.type !== 'SymbolNode') return;
    const name = node.name ?? '';
    if (parent?.type === 'FunctionNode' && path === 'fn') {
      if (!rewardFunctions.includes(name)) {
        const near = closest(name, rewardFunctions);
        problems.push(`unknown function "${name}"${near ? ` (did you mean "${near}"?)` : ''}; functions: ${rewardFunctions.join(', ')}`);
      }
    } else if (!known.has(name)) {
      const near = closest(name, [...known]);
      problems.push(`unknown symbol "${name}"${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  });
  if (problems.length) {
    throw exprIssue(expression, `an expression over the step metrics (${stepMetricNames.join(', ')})`, [...new Set(problems)].join('; '));
  }
  const compiled = root.compile();
  const scope: Record<string, number> = { pi: Math.PI, e: Math.E };
  return (m) => {
    for (const k of stepMetricNames) scope[k] = m[k];
    let v: unknown;
    try {
      v = compiled.evaluate(scope);
    } catch (err) {
      throw exprIssue(expression, 'an expression that evaluates', `at t=${m.timeS} s: ${(err as Error).message}`);
    }
    const r = typeof v === 'boolean' ? Number(v) : v;
    if (typeof r !== 'number' || !Number.isFinite(r)) {
      // Bad input (the expression), not a crash: name what it gave, when, and the metrics it saw.
      const metrics = stepMetricNames.map((k) => `${k}=${m[k]}`).join(', ');
      throw exprIssue(expression, 'an expression that evaluates to a finite number', `it gave ${describeValue(v)} at t=${m.timeS} s, with ${metrics.length > 400 ? metrics.slice(0, 397) + '...' : metrics}`);
    }
    return r;
  };
}

/**
 * A reward by name or spec, as scenario-like JSON and the CLI give it: `"seed"`, `"opd"`, an
 * expression (anything else that is a string), `{ "type": "seed" | "opd", ...weights }`,
 * `{ "type": "expression", "expression": "..." }`, or a function (passed through).
 *
 * @throws InputError for an unknown type, unknown weights or a bad expression
 */
export async function createReward(spec: RewardSpec): Promise<RewardFn> {
  if (typeof spec === 'function') return spec;
  if (typeof spec === 'string') {
    if (spec === 'seed') return seedReward();
    if (spec === 'opd') return opdReward();
    return expressionReward(spec);
  }
  if (typeof spec !== 'object' || spec === null) throw new InputError([{ path: 'reward', expected: '"seed", "opd", an expression, or { type, ... }', received: describeValue(spec) }]);
  const { type, ...rest } = spec as { type?: unknown } & Record<string, unknown>;
  if (type === 'expression') {
    const extra = Object.keys(rest).filter((k) => k !== 'expression');
    if (extra.length) throw new InputError(extra.map((k) => ({ path: `reward.${k}`, expected: 'no such key (only "expression")', received: describeValue(rest[k]) })));
    return expressionReward(rest.expression as string);
  }
  const table = type === 'seed' ? seedRewardDefaults : type === 'opd' ? opdRewardDefaults : undefined;
  if (!table) {
    const near = typeof type === 'string' ? closest(type, ['seed', 'opd', 'expression']) : undefined;
    throw new InputError([{ path: 'reward.type', expected: 'one of "seed", "opd", "expression"', received: describeValue(type), hint: near ? `did you mean "${near}"?` : undefined }]);
  }
  const keys = Object.keys(table);
  const issues = Object.entries(rest).flatMap(([k, v]) => {
    if (!keys.includes(k)) {
      const near = closest(k, keys);
      return [{ path: `reward.${k}`, expected: `a weight of the ${String(type)} reward (${keys.join(', ')})`, received: describeValue(v), hint: near ? `did you mean "${near}"?` : undefined }];
    }
    if (typeof (table as Record<string, unknown>)[k] === 'boolean') return typeof v === 'boolean' ? [] : [{ path: `reward.${k}`, expected: 'true or false', received: describeValue(v) }];
    return typeof v === 'number' && Number.isFinite(v) ? [] : [{ path: `reward.${k}`, expected: 'a finite number', received: describeValue(v) }];
  });
  if (issues.length) throw new InputError(issues);
  return type === 'seed' ? seedReward(rest as SeedRewardOptions) : opdReward(rest as OpdRewardOptions);
}

/** What {@link createReward} accepts. */
export type RewardSpec =
  | 'seed'
  | 'opd'
  | string
  | ({ type: 'seed' } & SeedRewardOptions)
  | ({ type: 'opd' } & OpdRewardOptions)
  | { type: 'expression'; expression: string }
  | RewardFn;
