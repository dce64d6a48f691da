import type { InputIssue } from '../errors.js';
import { stageLoadFactors } from '../profiles/graph.js';
import type { PipelineProfile, StageEdge } from '../profiles/types.js';
import type { Scenario } from './scenario.js';
import type { ResolvedScenario } from './validate.js';

/**
 * Sizes a scenario may ask for, checked before anything is allocated or run, so that no input can
 * exhaust memory or run for ever without a word. Each is far above what the papers' experiments
 * need (IPA: 20 minutes, tens of requests/s, tens of replicas); docs/scenario.md ("Limits") lists
 * them and why. Every buffer of a run is bounded by one of them.
 */
export const LIMITS = {
  /** Simulated seconds: the per-second arrival counts policies observe hold one number per second. */
  durationS: 1e7,
  /** Points of each time series (durationS / metrics.seriesIntervalS): ~14 numbers per point and stage. */
  seriesBins: 1e6,
  /** Policy decisions (durationS / serving.adaptationIntervalS). */
  decisions: 1e6,
  /** Carbon-intensity steps within the run (durationS / energy.carbon.stepS): one event each. */
  carbonSteps: 1e6,
  /** Requests in any one second (a rate, or a trace row after damping). */
  requestsPerSecond: 1e6,
  /** Requests of the whole run (expected) with exact recording: ~45 bytes each are kept to the end, plus the latencies. */
  requests: 1e7,
  /** Stage visits of the whole run (expected requests x tasks per request over all stages): the run's events. */
  taskVisits: 5e7,
  /** Numbers copied into observations: decisions x min(serving.historyS, durationS). */
  observedSeconds: 1e9,
  /** A profiled batch size: every replica holds a buffer of its variant's largest. */
  batchSize: 4096,
  /** Replicas of one configuration, over all stages and mixes (static, or a policy's decision). */
  replicas: 10_000,
  /** Nodes of the cluster (the sum of the groups' `count`). */
  nodes: 10_000,
  /** Stages of a pipeline. */
  stages: 1000,
  /** Tasks one edge of a pipeline graph sends (`count`, or its Poisson `mean`). */
  edgeCount: 500,
} as const;

const fmt = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : n.toPrecision(4));

/**
 * Size problems visible in the scenario as written (checked before the cluster's nodes are
 * expanded or a pipeline compiled): node count, pipeline size, batch sizes, edge counts, the
 * duration, rates and trace rows.
 */
export function writtenSizeIssues(s: Scenario): InputIssue[] {
  const issues: InputIssue[] = [];
  const over = (path: string, value: number, limit: number, what: string, why: string): void => {
    if (value > limit) issues.push({ path, expected: `${what} of at most ${fmt(limit)} (${why}; see "Limits" in docs/scenario.md)`, received: fmt(value) });
  };
  over('durationS', s.durationS, LIMITS.durationS, 'a duration', 'policies observe one arrival count per simulated second');
  const nodes = s.cluster?.nodes?.reduce((a, n) => a + (n.count ?? 1), 0) ?? 0;
  over('cluster.nodes', nodes, LIMITS.nodes, 'a node count', 'each node is tracked for placement and power');
  if (typeof s.pipeline === 'object') issues.push(...pipelineSizeIssues(s.pipeline));
  const w = s.workload;
  if (w.type !== 'trace') over('workload.rps', w.rps, LIMITS.requestsPerSecond, 'a rate', 'requests are simulated one by one');
  else if (w.rps) {
    const damping = w.damping ?? 1;
    const i = w.rps.findIndex((v) => Math.floor(v / damping) > LIMITS.requestsPerSecond);
    if (i >= 0) over(`workload.rps[${i}]`, w.rps[i], LIMITS.requestsPerSecond * damping, 'a count per second', 'requests are simulated one by one');
  }
  return issues;
}

/** Size problems of a pipeline: its stages, profiled batch sizes and edge counts. */
export function pipelineSizeIssues(p: PipelineProfile, prefix = 'pipeline'): InputIssue[] {
  const issues: InputIssue[] = [];
  if (p.stages.length > LIMITS.stages) {
    issues.push({ path: `${prefix}.stages`, expected: `at most ${LIMITS.stages} stages (see "Limits" in docs/scenario.md)`, received: `${p.stages.length} stages` });
    return issues;
  }
  p.stages.forEach((st, i) => {
    st.variants.forEach((v, j) => {
      const tables: [string, Record<string, number> | undefined][] = [['latencyMs', v.latencyMs], ['latencyP99Ms', v.latencyP99Ms], ['energyJ', v.energyJ], ['maxThroughputRps', v.maxThroughputRps]];
      for (const [device, d] of Object.entries(v.devices ?? {})) tables.push([`devices.${device}.latencyMs`, d.latencyMs], [`devices.${device}.latencyP99Ms`, d.latencyP99Ms], [`devices.${device}.energyJ`, d.energyJ]);
      for (const [key, table] of tables) {
        const big = Object.keys(table ?? {}).find((b) => Number(b) > LIMITS.batchSize);
        if (big !== undefined) {
          issues.push({ path: `${prefix}.stages[${i}].variants[${j}].${key}.${big}`, expected: `a batch size of at most ${LIMITS.batchSize} (every replica holds a buffer of its largest batch; see "Limits" in docs/scenario.md)`, received: big });
        }
      }
    });
    (st.next ?? []).forEach((e, k) => {
      const counts: [string, StageEdge['count']][] = [[`next[${k}]`, e.count], ...Object.entries(e.byVariant ?? {}).map(([v, b]): [string, StageEdge['count']] => [`next[${k}].byVariant.${v}`, b.count])];
      for (const [at, c] of counts) {
        const n = typeof c === 'object' ? c.mean : c;
        if (n !== undefined && n > LIMITS.edgeCount) {
          issues.push({ path: `${prefix}.stages[${i}].${at}.count${typeof c === 'object' ? '.mean' : ''}`, expected: `at most ${LIMITS.edgeCount} tasks per edge (see "Limits" in docs/scenario.md)`, received: fmt(n) });
        }
      }
    });
  });
  return issues;
}

/**
 * Size problems of a resolved scenario, from what the run will allocate and do: series bins,
 * decisions, carbon steps, expected requests and stage visits, observation copies, bundled or
 * damped trace rows.
 */
export function runSizeIssues(sc: ResolvedScenario): InputIssue[] {
  const issues: InputIssue[] = [];
  const check = (path: string, value: number, limit: number, what: string, how: string): void => {
    if (value > limit) issues.push({ path, expected: `at most ${fmt(limit)} ${what} (${how}; see "Limits" in docs/scenario.md)`, received: `${fmt(value)} ${what}` });
  };
  const bins = Math.ceil(sc.durationS / sc.seriesIntervalS - 1e-9);
  check('metrics.seriesIntervalS', bins, LIMITS.seriesBins, 'series points', `durationS ${fmt(sc.durationS)} / seriesIntervalS ${fmt(sc.seriesIntervalS)}`);
  const decisions = Math.ceil(sc.durationS / sc.adaptationIntervalS);
  check('serving.adaptationIntervalS', decisions, LIMITS.decisions, 'policy decisions', `durationS ${fmt(sc.durationS)} / adaptationIntervalS ${fmt(sc.adaptationIntervalS)}`);
  const carbon = sc.energy.carbon;
  if (carbon) check('energy.carbon.stepS', sc.durationS / carbon.trace.stepS, LIMITS.carbonSteps, 'carbon-intensity steps', `durationS ${fmt(sc.durationS)} / stepS ${fmt(carbon.trace.stepS)}`);
  check('serving.historyS', decisions * Math.min(sc.historyS, Math.ceil(sc.durationS)), LIMITS.observedSeconds, 'observed seconds', 'decisions x min(historyS, durationS): every observation copies that many per-second counts');
  const w = sc.workload;
  if (w.type === 'trace') {
    const i = w.counts.findIndex((v) => v > LIMITS.requestsPerSecond);
    if (i >= 0) check(`workload (${w.label}, second ${i})`, w.counts[i], LIMITS.requestsPerSecond, 'requests in a second', 'requests are simulated one by one');
  }
  if (issues.length) return issues;
  const requests = expectedArrivals(sc);
  // A streaming run keeps no request to the end: only its events (stage visits) bound it.
  const streaming = sc.recording.mode === 'streaming';
  if (!streaming) check('workload', requests, LIMITS.requests, 'expected requests', `the workload over durationS ${fmt(sc.durationS)}; each request is kept to the end of the run unless metrics.recording is "streaming"`);
  const perRequest = stageLoadFactors(sc.pipeline).reduce((a, f) => a + f, 0);
  if (streaming || requests <= LIMITS.requests) check('pipeline', requests * perRequest, LIMITS.taskVisits, 'expected stage visits', `${fmt(requests)} requests x ${fmt(perRequest)} stage visits each`);
  return issues;
}

/** How many requests a run will see, by the workload's rates (a trace's counts, replayed if it repeats). */
export function expectedArrivals(sc: Pick<ResolvedScenario, 'workload' | 'durationS'>): number {
  const w = sc.workload;
  if (w.type !== 'trace') return w.rps * sc.durationS;
  const seconds = Math.min(w.counts.length, Math.ceil(sc.durationS / w.timeScale));
  let sum = 0;
  for (let i = 0; i < seconds; i++) sum += w.counts[i];
  const loops = w.repeat ? Math.max(1, sc.durationS / w.timeScale / w.counts.length) : 1;
  return sum * loops;
}

/**
 * Problems of a configuration's size: replicas over all stages and mixes. Checked with every
 * configuration applied (a static one at t = 0, a policy's at each decision), under `path`.
 */
export function configSizeIssues(config: readonly { replicas?: unknown; mix?: readonly { replicas?: unknown }[] }[], path: string): InputIssue[] {
  let total = 0;
  for (const c of config) {
    if (typeof c !== 'object' || c === null) continue;
    if (typeof c.replicas === 'number') total += c.replicas;
    if (Array.isArray(c.mix)) for (const d of c.mix) if (typeof d?.replicas === 'number') total += d.replicas;
  }
  if (!(total > LIMITS.replicas)) return [];
  return [{ path, expected: `at most ${LIMITS.replicas} replicas in all (every replica is simulated; see "Limits" in docs/scenario.md)`, received: `${fmt(total)} replicas` }];
}
