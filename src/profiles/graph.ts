import type { InputIssue } from '../errors.js';
import { closest } from '../util/closest.js';
import type { PipelineProfile, StageEdge } from './types.js';

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

/** An edge's branching resolved from its `probability` and `count` (defaults 1 and 1). */
function resolveBranching(to: number, probability: number | undefined, count: StageEdge['count']): ResolvedEdge {
  const c = count ?? 1;
  return typeof c === 'number' ? { to, probability: probability ?? 1, count: c, meanCount: c } : { to, probability: probability ?? 1, count: undefined, meanCount: c.mean };
}

/**
 * The children of every stage: the `next` edges of a graph, or stage i -> i + 1 for a chain.
 * These are the edges' own branching; {@link variantEdges} applies a variant's `byVariant`.
 * Assumes names were checked ({@link graphIssues}).
 */
export function stageEdges(p: PipelineProfile): ResolvedEdge[][] {
  if (!isGraph(p)) return p.stages.map((_, i) => (i + 1 < p.stages.length ? [{ to: i + 1, probability: 1, count: 1, meanCount: 1 }] : []));
  const index = new Map(p.stages.map((s, i) => [s.name, i]));
  return p.stages.map((s) => (s.next ?? []).map((e) => resolveBranching(index.get(e.stage)!, e.probability, e.count)));
}

/**
 * The children of stage `s` when its variant `variant` served the task: each edge's `byVariant`
 * entry for the variant, its fields falling back to the edge's own (the same edges, in the same
 * order, as {@link stageEdges}).
 */
export function variantEdges(p: PipelineProfile, s: number, variant: string): ResolvedEdge[] {
  const own = stageEdges(p)[s];
  const next = p.stages[s].next;
  if (!next) return own;
  return own.map((e, j) => {
    const b = next[j].byVariant?.[variant];
    return b ? resolveBranching(e.to, b.probability ?? next[j].probability, b.count ?? next[j].count) : e;
  });
}

/** Whether some edge of the pipeline branches per variant (`byVariant`). */
export function hasVariantBranching(p: PipelineProfile): boolean {
  return p.stages.some((s) => (s.next ?? []).some((e) => e.byVariant !== undefined && Object.keys(e.byVariant).length > 0));
}

/** Expected tasks an edge sends per task: `probability x mean count`. */
export function edgeFactor(e: ResolvedEdge): number {
  return e.probability * e.meanCount;
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
      const names = s.variants.map((v) => v.name);
      for (const v of Object.keys(e.byVariant ?? {})) {
        if (names.includes(v)) continue;
        const near = closest(v, names);
        issues.push({
          path: `pipeline.stages[${i}].next[${j}].byVariant.${v}`,
          expected: `a variant of stage "${s.name}" (the edge's source): ${names.map((n) => JSON.stringify(n)).join(', ')}`,
          received: JSON.stringify(v),
          hint: near ? `did you mean "${near}"?` : undefined,
        });
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
 * size replicas with it. With per-variant branching (`byVariant`) an edge's factor is the largest
 * of its variants' (and its own, for variants not listed): an upper bound whatever variants serve,
 * which planners that choose no variant mix by it (and the run's size limits) take.
 */
export function stageLoadFactors(p: PipelineProfile): number[] {
  const edges = stageEdges(p);
  const order = topologicalOrder(edges);
  const f = new Array<number>(p.stages.length).fill(0);
  f[0] = 1;
  const perVariant = hasVariantBranching(p) ? p.stages.map((st, s) => st.variants.map((v) => variantEdges(p, s, v.name))) : undefined;
  for (const u of order) {
    edges[u].forEach((e, j) => {
      // Without per-variant branching, the product in its historical order (bit-identical factors).
      f[e.to] += perVariant ? f[u] * Math.max(...perVariant[u].map((es) => edgeFactor(es[j]))) : f[u] * e.probability * e.meanCount;
    });
  }
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
