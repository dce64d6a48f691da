import type { InputIssue } from '../errors.js';
import type { PipelineProfile } from './types.js';

/** A resolved edge: child stage index, firing probability, fixed count or Poisson mean. */
export interface ResolvedEdge {
  to: number;
  probability: number;
  /** Fixed number of tasks sent, or undefined when Poisson. */
  count: number | undefined;
  /** Poisson mean when `count` is undefined. */
  meanCount: number;
}

/** Whether a pipeline is a graph (some stage has `next`) rather than a chain. */
export function isGraph(p: PipelineProfile): boolean {
  return p.stages.some((s) => s.next !== undefined);
}

/**
 * The children of every stage: the `next` edges of a graph, or stage i -> i + 1 for a chain.
 * Assumes names were checked ({@link graphIssues}).
 */
export function stageEdges(p: PipelineProfile): ResolvedEdge[][] {
  if (!isGraph(p)) return p.stages.map((_, i) => (i + 1 < p.stages.length ? [{ to: i + 1, probability: 1, count: 1, meanCount: 1 }] : []));
  const index = new Map(p.stages.map((s, i) => [s.name, i]));
  return p.stages.map((s) =>
    (s.next ?? []).map((e) => {
      const c = e.count ?? 1;
      return typeof c === 'number'
        ? { to: index.get(e.stage)!, probability: e.probability ?? 1, count: c, meanCount: c }
        : { to: index.get(e.stage)!, probability: e.probability ?? 1, count: undefined, meanCount: c.mean };
    }),
  );
}

/**
 * Problems of a pipeline graph: edges to unknown stages, cycles, stages not reachable from the entry
 * (stage 0). Paths are under `pipeline.stages`.
 */
export function graphIssues(p: PipelineProfile): InputIssue[] {
  if (!isGraph(p)) return [];
  const issues: InputIssue[] = [];
  const index = new Map(p.stages.map((s, i) => [s.name, i]));
  p.stages.forEach((s, i) =>
    (s.next ?? []).forEach((e, j) => {
      if (!index.has(e.stage)) {
        issues.push({ path: `pipeline.stages[${i}].next[${j}].stage`, expected: `a stage name: ${[...index.keys()].map((n) => JSON.stringify(n)).join(', ')}`, received: JSON.stringify(e.stage) });
      } else if (index.get(e.stage) === 0) {
        issues.push({ path: `pipeline.stages[${i}].next[${j}].stage`, expected: 'a stage other than the entry (stage 0)', received: JSON.stringify(e.stage) });
      }
    }),
  );
  if (issues.length) return issues;
  const edges = stageEdges(p);
  // Depth-first search from the entry: a back edge is a cycle; unvisited stages are unreachable.
  const state = new Uint8Array(p.stages.length); // 0 new, 1 on the stack, 2 done
  const visit = (u: number): void => {
    state[u] = 1;
    for (const e of edges[u]) {
      if (state[e.to] === 1) issues.push({ path: `pipeline.stages[${u}].next`, expected: 'edges that form no cycle', received: `an edge back to "${p.stages[e.to].name}"` });
      else if (state[e.to] === 0) visit(e.to);
    }
    state[u] = 2;
  };
  visit(0);
  state.forEach((st, i) => {
    if (st === 0) issues.push({ path: `pipeline.stages[${i}]`, expected: 'a stage reachable from the entry (stage 0) through next edges', received: `"${p.stages[i].name}", unreachable` });
  });
  return issues;
}

/**
 * Expected tasks per request at each stage: 1 at the entry, and each edge multiplies its parent's
 * by `probability x mean count`. A stage's arrival rate is the pipeline's times its factor; planners
 * size replicas with it.
 */
export function stageLoadFactors(p: PipelineProfile): number[] {
  const edges = stageEdges(p);
  const order = topologicalOrder(edges);
  const f = new Array<number>(p.stages.length).fill(0);
  f[0] = 1;
  for (const u of order) for (const e of edges[u]) f[e.to] += f[u] * e.probability * e.meanCount;
  return f;
}

/** Stage indices in an order where every edge goes forward (the graph must be acyclic). */
export function topologicalOrder(edges: readonly (readonly ResolvedEdge[])[]): number[] {
  const indegree = new Array<number>(edges.length).fill(0);
  for (const out of edges) for (const e of out) indegree[e.to]++;
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length) {
    const u = ready.shift()!;
    order.push(u);
    for (const e of edges[u]) if (--indegree[e.to] === 0) ready.push(e.to);
  }
  return order;
}
