/**
 * What the heterogeneous planners (`energy-slo`, `loki`) know of a cluster and a pipeline graph:
 * capacity and idle power per device type, what one replica holds, whether it fits on a node, the
 * predicted dynamic power of a stage, and the pipeline's entry-to-sink paths.
 *
 * @module
 */
import { curveShare, REFERENCE_NODE_POWER, type NodePowerSpec } from '../../energy/power-model.js';
import { DEFAULT_DEVICE, acceleratorsOn, hasDevice, onDevice } from '../../profiles/device.js';
import { stageEdges, topologicalOrder } from '../../profiles/graph.js';
import type { PipelineProfile, VariantProfile } from '../../profiles/types.js';
import { batchEnergyJ, latencyMs } from '../../profiles/variant.js';
import { closest } from '../../util/closest.js';
import type { OptionReader } from '../options.js';
import type { PolicyContext } from '../types.js';
import { InputError } from '../../errors.js';

/** The nodes of one device type, summed, with their idle power per power unit. */
export interface DeviceGroup {
  device: string;
  /** Host cores over all nodes of the type (Infinity when unbounded). */
  cores: number;
  /** Accelerator slots over all nodes of the type. */
  accelerators: number;
  /** Every node of the type: what a single replica must fit into. */
  nodes: readonly { cores: number; accelerators: number; memoryMB: number }[];
  /**
   * Idle power per power unit, W: the nodes' idle power over their units (cores on CPU nodes,
   * accelerator slots on accelerator nodes, as the energy meter measures utilisation).
   */
  idleWPerUnit: number;
  /** Power model of the type's first node: dynamic energy of variants without an `energyJ` profile. */
  power: NodePowerSpec;
}

/** The cluster as the heterogeneous planners see it. */
export interface ClusterModel {
  /** Device types in the order their nodes first appear. */
  devices: string[];
  groups: ReadonlyMap<string, DeviceGroup>;
}

/**
 * Groups the context's nodes by device type. Without nodes (an unbounded cluster) there is one CPU
 * group of `context.totalCores` cores whose idle power is the reference node's per core
 * (`REFERENCE_NODE_POWER`, 1.25 W), as the energy meter charges an unbounded cluster.
 */
export function clusterModel(context: Pick<PolicyContext, 'nodes' | 'nodePower' | 'totalCores'>): ClusterModel {
  const nodes = context.nodes ?? [{ device: DEFAULT_DEVICE, cores: context.totalCores, accelerators: 0, memoryMB: Infinity }];
  const referencePerCore = REFERENCE_NODE_POWER.idleW / REFERENCE_NODE_POWER.cores;
  type Acc = { device: string; cores: number; accelerators: number; nodes: DeviceGroup['nodes'][number][]; power: NodePowerSpec; idleW: number; units: number };
  const groups = new Map<string, Acc>();
  nodes.forEach((n, i) => {
    const given = context.nodePower?.[i];
    let g = groups.get(n.device);
    if (!g) {
      const power = given ?? { ...REFERENCE_NODE_POWER, cores: n.device === DEFAULT_DEVICE ? REFERENCE_NODE_POWER.cores : Math.max(1, n.accelerators) };
      g = { device: n.device, cores: 0, accelerators: 0, nodes: [], power, idleW: 0, units: 0 };
      groups.set(n.device, g);
    }
    g.cores += n.cores;
    g.accelerators += n.accelerators;
    g.nodes.push({ cores: n.cores, accelerators: n.accelerators, memoryMB: n.memoryMB });
    if (given) {
      // The node's idle power over its power units (cores, or accelerator slots).
      g.idleW += given.idleW;
      g.units += given.cores;
    }
  });
  const out = new Map<string, DeviceGroup>();
  for (const g of groups.values()) {
    out.set(g.device, {
      device: g.device,
      cores: g.cores,
      accelerators: g.accelerators,
      nodes: g.nodes,
      // Unbounded (no node power models): the reference node's idle power per core.
      idleWPerUnit: g.units > 0 ? g.idleW / g.units : referencePerCore,
      power: g.power,
    });
  }
  return { devices: [...out.keys()], groups: out };
}

/** What one replica of a variant holds on a device. */
export interface ReplicaNeeds {
  cores: number;
  accelerators: number;
  memoryMB: number;
  /** Its power units: cores on `cpu`, accelerator slots elsewhere. */
  units: number;
}

/** What one replica of `v` holds on `device` (the variant must have a profile for it). */
export function replicaNeeds(v: VariantProfile, device: string): ReplicaNeeds {
  const d = onDevice(v, device);
  const accelerators = acceleratorsOn(v, device);
  return { cores: d.cores, accelerators, memoryMB: d.memoryMB ?? 0, units: device === DEFAULT_DEVICE ? d.cores : accelerators };
}

/** Whether one replica with `needs` fits on some single node of the group. */
export function fitsOneNode(group: DeviceGroup, needs: ReplicaNeeds): boolean {
  return group.nodes.some((n) => n.cores >= needs.cores && n.accelerators >= needs.accelerators && n.memoryMB >= needs.memoryMB);
}

/**
 * Idle power a replica is charged, W: its share of its node's idle power, by cores on CPU nodes and
 * by accelerator slots on accelerator nodes (a GPU replica holding one of a node's two GPUs carries
 * half the node's idle power, its host core included).
 */
export function idleWPerReplica(group: DeviceGroup, needs: ReplicaNeeds): number {
  return needs.units * group.idleWPerUnit;
}

/**
 * Predicted dynamic power of a stage, W: `lambda / k * e(k)` with `k = min(b, 1 + lambda * W)` the
 * batch size that forms at `lambda` requests/s under the maximum batch wait `W` (a batch leaves full
 * or when its oldest request has waited `W`), `e` the profile's dynamic energy per batch on the
 * device, or without one the device node's power model above idle for the replica's units over the
 * batch's latency (as the energy meter charges it). Independent of the replica count.
 */
export function dynamicPowerW(v: VariantProfile, device: string, b: number, lambdaRps: number, group: DeviceGroup, maxBatchWaitMs: number): number {
  if (lambdaRps <= 0) return 0;
  const d = onDevice(v, device);
  const k = Math.min(b, 1 + (lambdaRps * maxBatchWaitMs) / 1000);
  const units = replicaNeeds(v, device).units;
  const e =
    batchEnergyJ(d, k) ?? (group.power.maxW - group.power.idleW) * curveShare(group.power.curve, Math.min(1, units / group.power.cores)) * (latencyMs(d, k) / 1000);
  return (lambdaRps / k) * e;
}

/** A path of stages from the entry to a stage without children, with its traffic weight. */
export interface StagePath {
  /** Stage indices, entry first. */
  stages: number[];
  /** Expected tasks per request that reach the path's end along it: the product of its edges' probability x mean count. */
  weight: number;
}

/** Every entry-to-sink path of the pipeline (a chain has one, of weight 1). */
export function stagePaths(pipeline: PipelineProfile): StagePath[] {
  const edges = stageEdges(pipeline);
  const out: StagePath[] = [];
  const walk = (s: number, path: number[], w: number): void => {
    const next = [...path, s];
    if (edges[s].length === 0) {
      out.push({ stages: next, weight: w });
      return;
    }
    for (const e of edges[s]) walk(e.to, next, w * e.probability * e.meanCount);
  };
  walk(0, [], 1);
  return out;
}

/** Parents of every stage and a topological order (entry first). */
export function stageParents(pipeline: PipelineProfile): { parents: number[][]; order: number[]; children: number[][] } {
  const edges = stageEdges(pipeline);
  const parents: number[][] = pipeline.stages.map(() => []);
  edges.forEach((out, u) => out.forEach((e) => parents[e.to].push(u)));
  return { parents, order: topologicalOrder(edges), children: edges.map((out) => out.map((e) => e.to)) };
}

/** Device types of the cluster a variant can run on whose replica fits on one of their nodes. */
export function usableDevices(v: VariantProfile, cluster: ClusterModel, allowed: readonly string[]): string[] {
  return allowed.filter((d) => hasDevice(v, d) && cluster.groups.has(d) && fitsOneNode(cluster.groups.get(d)!, replicaNeeds(v, d)));
}

/**
 * Reads `policy.devices`: a non-empty list of device types the cluster has nodes of (a misspelt
 * name gets a suggestion). `undefined` when absent or bad (the problem is recorded in `r`).
 */
export function readDeviceList(r: OptionReader, available: readonly string[]): string[] | undefined {
  const v = r.value('devices');
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0) {
    r.issue('devices', `a non-empty array of device types (the cluster has ${available.map((d) => JSON.stringify(d)).join(', ')})`, v);
    return undefined;
  }
  let ok = true;
  v.forEach((d, i) => {
    if (typeof d !== 'string' || !available.includes(d)) {
      const near = typeof d === 'string' ? closest(d, available) : undefined;
      r.issue(`devices[${i}]`, `a device type the cluster has nodes of: ${available.map((x) => JSON.stringify(x)).join(', ')}`, d, near ? `did you mean "${near}"?` : undefined);
      ok = false;
    }
  });
  return ok ? [...new Set(v as string[])] : undefined;
}

/**
 * The error of a planner that finds no configuration at all on the cluster (not even one replica
 * per stage fits): bad input, as the cluster is too small for the pipeline, so it names `cluster`.
 */
export function noFitError(policy: string, cluster: ClusterModel): InputError {
  const have = [...cluster.groups.values()].map((g) => `${g.nodes.length} ${g.device} node(s), ${g.cores} cores${g.accelerators ? `, ${g.accelerators} accelerators` : ''}`).join('; ');
  return new InputError([
    { path: 'cluster', expected: `room for one replica of some variant in every stage (${policy} found no stage configuration that fits)`, received: have || 'no nodes', hint: 'give the cluster more or larger nodes, or the pipeline smaller variants' },
  ]);
}

export { wallMs } from '../../util/wall-clock.js';
