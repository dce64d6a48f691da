import { bundledPipelines } from '../bundled/index.js';
import { bundledWorkloads } from '../bundled/index.js';
import { InputError, describeValue, type InputIssue } from '../errors.js';
import type { PipelineProfile, ServiceDist } from '../profiles/types.js';
import type { PolicySpec } from '../policies/registry.js';
import type { AccuracyOptions } from '../serving/compiled-pipeline.js';
import { closest } from '../util/closest.js';
import { dampTrace } from '../workload/trace.js';
import { graphIssues } from '../profiles/graph.js';
import type { WithinSecondMode } from '../workload/types.js';
import { DEFAULTS } from './defaults.js';
import type { Scenario } from './scenario.js';
import { scenarioSchemas } from './schema.js';
import { bundledCarbonTraces } from '../bundled/index.js';
import { REFERENCE_NODE_POWER } from '../energy/power-model.js';
import type { EnergySettings } from './energy-meter.js';
import type { NodeSpec, PlacementRule } from '../serving/cluster.js';
import type { NodePowerSpec } from '../energy/power-model.js';
import { checkInput, schemaKeys } from './zod-issues.js';
import { runSizeIssues, writtenSizeIssues } from './limits.js';
import { lazy } from '../util/lazy.js';

/** A workload with everything resolved: a rate process or per-second counts. */
export type ResolvedWorkload =
  | { type: 'poisson' | 'deterministic'; rps: number }
  | { type: 'trace'; counts: number[]; withinSecond: WithinSecondMode; timeScale: number; repeat: boolean; label: string };

/** A validated scenario with every default filled in. */
export interface ResolvedScenario {
  name: string;
  seed: number | string;
  durationS: number;
  warmupS: number;
  slaMs: number;
  pipeline: PipelineProfile;
  workload: ResolvedWorkload;
  policy: PolicySpec;
  /** Every node of the cluster (one unbounded CPU node when the scenario has no cluster). */
  nodes: NodeSpec[];
  placement: PlacementRule;
  maxBatchWaitS: number;
  dropLimitS: number;
  /** Per stage (pipeline order): its max batch wait and drop limit, the defaults above where not overridden. */
  stageServing: { maxBatchWaitS: number; dropLimitS: number }[];
  adaptationIntervalS: number;
  startupS: number;
  serviceDist: ServiceDist;
  historyS: number;
  earlyDrop: boolean;
  accuracy: AccuracyOptions;
  seriesIntervalS: number;
  trace: boolean;
  /** How latencies and requests are kept (see `MetricsSpec`): exact, or streaming within `relativeError`. */
  recording: { mode: 'exact' | 'streaming'; relativeError: number };
  energy: EnergySettings;
  /** Whether the run accounts energy and carbon (`metrics.energy`, default true). */
  accountEnergy: boolean;
}

/** Every key the scenario format knows, for "did you mean" hints; made with the schemas, on first use. */
const vocabulary = lazy(() => schemaKeys(scenarioSchemas().scenarioSchema));

/**
 * Checks a scenario (parsed JSON or a typed object) and fills in the defaults. Every problem found
 * is reported at once in one {@link InputError}, each with its path, expectation and what was given.
 */
export function validateScenario(input: unknown): ResolvedScenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError([{ path: '', expected: 'a scenario object', received: describeValue(input) }]);
  }
  const raw = input as Record<string, unknown>;
  // A policy given as a function or object is the library's business; only its JSON form is checked here.
  const policyIsCode = typeof raw.policy === 'function' || (typeof raw.policy === 'object' && raw.policy !== null && typeof (raw.policy as { decide?: unknown }).decide === 'function');
  const parsed = checkInput(scenarioSchemas().scenarioSchema, policyIsCode ? { ...raw, policy: { name: 'code' } } : raw, vocabulary);
  if (parsed.issues.length) throw new InputError(parsed.issues);
  const s = parsed.data as unknown as Scenario;
  // Sizes first: a cluster of a billion nodes must not be expanded, nor a huge batch buffer made.
  const sizes = writtenSizeIssues(s);
  if (sizes.length) throw new InputError(sizes);
  const issues: InputIssue[] = [];

  const pipeline = resolvePipeline(s.pipeline, issues);
  if (pipeline) checkNames(pipeline, issues);
  if (pipeline && !issues.length) issues.push(...graphIssues(pipeline));
  const slaMs = s.slaMs ?? pipeline?.slaMs;
  if (slaMs === undefined && pipeline) issues.push({ path: 'slaMs', expected: 'a number > 0 (the pipeline has no slaMs of its own)', received: 'nothing' });
  const warmupS = s.warmupS ?? DEFAULTS.warmupS;
  if (warmupS >= s.durationS) issues.push({ path: 'warmupS', expected: `less than durationS (${s.durationS})`, received: String(warmupS) });
  if (pipeline) checkStageServing(s, pipeline, issues);
  // Inline counts are read from the caller's array, which the schema has just checked: the parsed
  // copy of a long trace (1.9 M values for the Twitter trace's 22 days) would otherwise stay
  // alive through the whole run next to the caller's.
  const rawRps = (raw.workload as { rps?: unknown } | undefined)?.rps;
  const workload = resolveWorkload(s.workload, issues, Array.isArray(rawRps) ? (rawRps as number[]) : undefined);
  const nodes = resolveCluster(s, issues);
  const energy = resolveEnergy(s, nodes, issues);
  if (s.metrics?.recording === 'streaming' && s.metrics.trace) {
    issues.push({ path: 'metrics.trace', expected: 'false or absent with metrics.recording "streaming" (a streaming run keeps no per-request table; use "exact" for a trace)', received: 'true' });
  }
  if (s.metrics?.relativeError !== undefined && s.metrics.recording !== 'streaming') {
    issues.push({ path: 'metrics.relativeError', expected: 'absent unless metrics.recording is "streaming" (exact percentiles have no error)', received: String(s.metrics.relativeError) });
  }
  if (issues.length || !pipeline || !workload || !energy) throw new InputError(issues);

  const serving = s.serving ?? {};
  const adaptationIntervalS = serving.adaptationIntervalS ?? DEFAULTS.adaptationIntervalS;
  const dropLimit = serving.dropLimitS === undefined ? pipeline.dropLimitS : serving.dropLimitS;
  const maxBatchWaitMs = serving.maxBatchWaitMs ?? DEFAULTS.maxBatchWaitMs;
  const stageServing = pipeline.stages.map((st) => {
    const o = serving.stages?.[st.name] ?? {};
    const limit = o.dropLimitS === undefined ? dropLimit : o.dropLimitS;
    return { maxBatchWaitS: (o.maxBatchWaitMs ?? maxBatchWaitMs) / 1000, dropLimitS: limit ?? Infinity };
  });
  const resolved: ResolvedScenario = {
    name: s.name ?? pipeline.name ?? 'scenario',
    seed: s.seed,
    durationS: s.durationS,
    warmupS,
    slaMs: slaMs!,
    pipeline,
    workload,
    policy: policyIsCode ? (raw.policy as PolicySpec) : s.policy,
    nodes: nodes.map(({ device, cores, accelerators, memoryMB }) => ({ device, cores, accelerators, memoryMB })),
    placement: s.cluster?.placement ?? 'first-fit',
    maxBatchWaitS: maxBatchWaitMs / 1000,
    dropLimitS: dropLimit ?? Infinity,
    stageServing,
    adaptationIntervalS,
    startupS: serving.startupS ?? DEFAULTS.startupS,
    serviceDist: serving.serviceDist ?? DEFAULTS.serviceDist,
    historyS: serving.historyS ?? DEFAULTS.historyS,
    earlyDrop: serving.earlyDrop ?? false,
    accuracy: { ...DEFAULTS.accuracy, ...s.accuracy },
    seriesIntervalS: s.metrics?.seriesIntervalS ?? adaptationIntervalS,
    trace: s.metrics?.trace ?? false,
    recording: { mode: s.metrics?.recording ?? DEFAULTS.recording, relativeError: s.metrics?.relativeError ?? DEFAULTS.relativeError },
    energy,
    accountEnergy: s.metrics?.energy ?? true,
  };
  const runSizes = runSizeIssues(resolved);
  if (runSizes.length) throw new InputError(runSizes);
  return resolved;
}

function resolveEnergy(s: Scenario, nodes: ResolvedNode[], issues: InputIssue[]): EnergySettings | undefined {
  const e = s.energy ?? {};
  const bounded = nodes.every((n) => n.cores < Infinity);
  const idle = e.idle ?? (bounded ? 'cluster' : 'allocated');
  if (idle === 'cluster' && !bounded) {
    issues.push({ path: 'energy.idle', expected: '"allocated" for an unbounded cluster (or give cluster.cores / cluster.nodes)', received: '"cluster"' });
    return undefined;
  }
  // The default model's cores are the cluster's node size when all CPU nodes are alike, else the
  // reference node's; each node's own model measures utilisation in its cores, or in its
  // accelerators on accelerator nodes.
  const cpuCores = nodes.filter((n) => n.device === 'cpu').map((n) => n.cores);
  const defaultCores = bounded && cpuCores.length > 0 && new Set(cpuCores).size === 1 ? cpuCores[0] : REFERENCE_NODE_POWER.cores;
  const node = { ...REFERENCE_NODE_POWER, ...e.node, cores: e.node?.cores ?? defaultCores };
  const nodePower = nodes.map((n): NodePowerSpec => {
    const units = n.device === 'cpu' ? (n.cores < Infinity ? n.cores : node.cores) : Math.max(1, n.accelerators);
    return n.power ? { idleW: n.power.idleW, maxW: n.power.maxW, curve: n.power.curve ?? 'linear', cores: units } : { ...node, cores: n.device === 'cpu' ? node.cores : units };
  });
  const settings: EnergySettings = { node, idle, nodePower: bounded ? nodePower : [] };
  const c = e.carbon;
  if (!c) return settings;
  const given = (['trace', 'gPerKWh', 'path'] as const).filter((k) => c[k] !== undefined);
  if (given.length !== 1) {
    issues.push({ path: 'energy.carbon', expected: 'exactly one of "trace" (bundled), "gPerKWh" (inline) or "path" (a CSV file)', received: given.length ? given.map((k) => `"${k}"`).join(' and ') : 'none of them' });
    return undefined;
  }
  let trace: { stepS: number; gPerKWh: number[] };
  if (c.path !== undefined) {
    issues.push({ path: 'energy.carbon.path', expected: 'inline "gPerKWh" or a bundled "trace" here: files are read by the Node loader (the CLI, or loadScenarioFile from "infersim/node")', received: JSON.stringify(c.path) });
    return undefined;
  } else if (c.trace !== undefined) {
    const names = Object.keys(bundledCarbonTraces);
    if (!Object.hasOwn(bundledCarbonTraces, c.trace)) {
      const near = closest(c.trace, names);
      issues.push({ path: 'energy.carbon.trace', expected: `a bundled carbon trace: ${names.map((n) => JSON.stringify(n)).join(', ')}`, received: JSON.stringify(c.trace), hint: near ? `did you mean "${near}"?` : undefined });
      return undefined;
    }
    trace = bundledCarbonTraces[c.trace];
  } else {
    trace = { stepS: c.stepS ?? 3600, gPerKWh: c.gPerKWh! };
  }
  const loop = c.loop ?? true;
  const startHour = c.startHour ?? 0;
  if (!loop && startHour * 3600 + s.durationS > trace.gPerKWh.length * trace.stepS) {
    issues.push({ path: 'energy.carbon', expected: `a trace covering the run (${trace.gPerKWh.length * trace.stepS} s from hour 0), or loop: true`, received: `a run to ${startHour * 3600 + s.durationS} s` });
    return undefined;
  }
  return { ...settings, carbon: { trace, startHour, loop, pue: c.pue ?? 1 } };
}

function resolvePipeline(p: string | PipelineProfile, issues: InputIssue[]): PipelineProfile | undefined {
  if (typeof p !== 'string') return p;
  const found = Object.hasOwn(bundledPipelines, p) ? bundledPipelines[p] : undefined;
  if (!found) {
    const names = Object.keys(bundledPipelines);
    const near = closest(p, names);
    issues.push({ path: 'pipeline', expected: `a pipeline object or a bundled pipeline name: ${names.map((n) => JSON.stringify(n)).join(', ')}`, received: JSON.stringify(p), hint: near ? `did you mean "${near}"?` : undefined });
  }
  return found;
}

/** `serving.stages` may only name the pipeline's stages. */
function checkStageServing(s: Scenario, p: PipelineProfile, issues: InputIssue[]): void {
  const names = p.stages.map((st) => st.name);
  for (const key of Object.keys(s.serving?.stages ?? {})) {
    if (names.includes(key)) continue;
    const near = closest(key, names);
    issues.push({ path: `serving.stages.${key}`, expected: `a stage of the pipeline (${names.join(', ')})${near ? `; did you mean "${near}"?` : ''}`, received: JSON.stringify(key) });
  }
}

function checkNames(p: PipelineProfile, issues: InputIssue[]): void {
  const stageNames = new Set<string>();
  p.stages.forEach((stage, i) => {
    if (stageNames.has(stage.name)) issues.push({ path: `pipeline.stages[${i}].name`, expected: 'a name unique among stages', received: JSON.stringify(stage.name) });
    stageNames.add(stage.name);
    const names = new Set<string>();
    stage.variants.forEach((v, j) => {
      if (names.has(v.name)) issues.push({ path: `pipeline.stages[${i}].variants[${j}].name`, expected: 'a name unique in its stage', received: JSON.stringify(v.name) });
      names.add(v.name);
    });
  });
}

function resolveWorkload(w: Scenario['workload'], issues: InputIssue[], checkedRps?: number[]): ResolvedWorkload | undefined {
  if (w.type !== 'trace') return { type: w.type, rps: w.rps };
  const given = (['name', 'rps', 'path'] as const).filter((k) => w[k] !== undefined);
  if (given.length !== 1) {
    issues.push({ path: 'workload', expected: 'exactly one of "name" (a bundled trace), "rps" (inline counts) or "path" (a CSV file)', received: given.length ? given.map((k) => `"${k}"`).join(' and ') : 'none of them' });
    return undefined;
  }
  let counts: number[];
  let label: string;
  if (w.path !== undefined) {
    issues.push({ path: 'workload.path', expected: 'inline "rps" or a bundled "name" here: files are read by the Node loader (the CLI, or loadScenario from "infersim/node")', received: JSON.stringify(w.path) });
    return undefined;
  } else if (w.name !== undefined) {
    const names = Object.keys(bundledWorkloads);
    if (!Object.hasOwn(bundledWorkloads, w.name)) {
      const near = closest(w.name, names);
      issues.push({ path: 'workload.name', expected: `a bundled trace: ${names.map((n) => JSON.stringify(n)).join(', ')}`, received: JSON.stringify(w.name), hint: near ? `did you mean "${near}"?` : undefined });
      return undefined;
    }
    counts = bundledWorkloads[w.name].rps;
    label = w.name;
  } else {
    counts = checkedRps ?? w.rps!;
    label = 'inline';
  }
  if (w.damping !== undefined) counts = dampTrace(counts, w.damping);
  return { type: 'trace', counts, withinSecond: w.withinSecond ?? DEFAULTS.withinSecond, timeScale: w.timeScale ?? 1, repeat: w.repeat ?? false, label };
}

/** A node with its own power model, if any. */
type ResolvedNode = NodeSpec & { power?: { idleW: number; maxW: number; curve?: 'linear' | 'fan2007' } };

function resolveCluster(s: Scenario, issues: InputIssue[]): ResolvedNode[] {
  const cpu = (cores: number): ResolvedNode => ({ device: 'cpu', cores, accelerators: 0, memoryMB: Infinity });
  const c = s.cluster;
  if (!c || (c.cores === undefined && c.nodes === undefined)) return [cpu(Infinity)];
  if (c.cores !== undefined && c.nodes !== undefined) {
    issues.push({ path: 'cluster', expected: 'either "cores" (one node) or "nodes", not both', received: 'both' });
    return [];
  }
  if (c.nodes) {
    return c.nodes.flatMap((n) => {
      const device = n.device ?? 'cpu';
      const node: ResolvedNode = { device, cores: n.cores, accelerators: n.accelerators ?? (device === 'cpu' ? 0 : 1), memoryMB: n.memoryMB ?? Infinity, power: n.power };
      return Array.from({ length: n.count ?? 1 }, () => ({ ...node }));
    });
  }
  return [cpu(c.cores!)];
}
