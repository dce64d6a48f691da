/**
 * Loki's path flows with per-variant multiplicative factors (Loki's `multFactor`, our `byVariant`
 * branching), for path-aware routing: the load a stage receives depends on which upstream variants
 * served the tasks, and the plan says, per upstream variant, how its tasks are split across the
 * next stage's variants. Used by `loki` with `routing: "path"`; the MILP rows are in `loki-milp.ts`.
 *
 * **Flows.** A *prefix* is a stage path from the entry (each once, a DAG unrolled into its paths);
 * a variant prefix picks one variant per stage on it. `h(P, Q)` is the rate (tasks/s) of tasks that
 * reached the last stage of prefix `P` served along variant prefix `Q`. At the entry `sum_v h = alpha
 * lambda`; along an edge `u -> t` with factor `f(u -> t, a)` for the variant `a` that served at `u`,
 * `sum_b h(P + t, Q + b) = f(a) h(P, Q)`; a variant's load is the sum of `h` over the prefixes that
 * end at its stage with it. **Accuracy** is Loki's: per entry-to-sink path `p` (weight `w_p`) the
 * share of requests following each variant path, `c = h / (lambda F(Q))` with `F(Q)` the product of
 * the factors along `Q`, times the product of its accuracies.
 *
 * @module
 */
import { variantEdges, edgeFactor } from '../../profiles/graph.js';
import type { PipelineProfile } from '../../profiles/types.js';
import type { LokiProblem } from './loki-model.js';

/** The flow part of a path-aware Loki problem. */
export interface LokiFlowModel {
  /** Entry load, requests/s (what `alpha = 1` serves). */
  lambdaRps: number;
  /** Per stage, its out edges: the child and the factor per variant (in `LokiStage.variants` order). */
  edges: { to: number; factor: number[] }[][];
  /** Stage-path prefixes from the entry, each once, parents before children. */
  prefixes: number[][];
}

/** The flow model of a pipeline, its variants ordered as the problem's stages order them. */
export function lokiFlowModel(pipeline: PipelineProfile, variantOrder: readonly (readonly string[])[], lambdaRps: number, sinkPaths: readonly (readonly number[])[]): LokiFlowModel {
  const edges = pipeline.stages.map((_, s) => {
    const per = variantOrder[s].map((v) => variantEdges(pipeline, s, v));
    return (per[0] ?? []).map((e, j) => ({ to: e.to, factor: per.map((es) => edgeFactor(es[j])) }));
  });
  const seen = new Set<string>();
  const prefixes: number[][] = [];
  for (const p of sinkPaths) {
    for (let k = 1; k <= p.length; k++) {
      const pre = p.slice(0, k);
      const key = pre.join('/');
      if (!seen.has(key)) {
        seen.add(key);
        prefixes.push(pre);
      }
    }
  }
  prefixes.sort((a, b) => a.length - b.length);
  return { lambdaRps, edges, prefixes };
}

/** Every variant prefix of a stage prefix (one variant index per stage on it, last varying fastest). */
export function variantSequences(problem: Pick<LokiProblem, 'stages'>, stages: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const s of stages) {
    const V = problem.stages[s].variants.length;
    out = out.flatMap((p) => Array.from({ length: V }, (_, v) => [...p, v]));
  }
  return out;
}

/** The factor of the edge `from -> to` for variant `v` of `from`. */
export function flowFactor(flow: LokiFlowModel, from: number, to: number, v: number): number {
  return flow.edges[from].find((e) => e.to === to)?.factor[v] ?? 0;
}

/** `F(Q)`: the product of the factors along a variant prefix (1 at the entry). */
export function prefixFactor(flow: LokiFlowModel, stages: readonly number[], seq: readonly number[]): number {
  let f = 1;
  for (let k = 0; k + 1 < stages.length; k++) f *= flowFactor(flow, stages[k], stages[k + 1], seq[k]);
  return f;
}

/** Flows of a solution: per prefix (in {@link LokiFlowModel.prefixes} order), per variant sequence, tasks/s. */
export type LokiFlows = number[][];

/** Per stage and variant, the load the flows put on it (tasks/s). */
export function variantLoads(problem: LokiProblem, flow: LokiFlowModel, flows: LokiFlows): number[][] {
  const loads = problem.stages.map((st) => st.variants.map(() => 0));
  flow.prefixes.forEach((pre, i) => {
    const s = pre[pre.length - 1];
    variantSequences(problem, pre).forEach((q, j) => (loads[s][q[q.length - 1]] += flows[i][j]));
  });
  return loads;
}

/** Loki's accuracy of the flows (per entry request, paths weighted) and the served share `alpha`. */
export function flowAccuracy(problem: LokiProblem, flow: LokiFlowModel, flows: LokiFlows): { accuracy: number; served: number } {
  const lambda = flow.lambdaRps;
  if (!(lambda > 0)) return { accuracy: 0, served: 1 };
  const entry = flow.prefixes.findIndex((p) => p.length === 1);
  const served = flows[entry].reduce((a, x) => a + x, 0) / lambda;
  let acc = 0;
  for (const p of problem.paths) {
    const i = flow.prefixes.findIndex((q) => q.length === p.stages.length && q.every((s, k) => s === p.stages[k]));
    variantSequences(problem, p.stages).forEach((q, j) => {
      const F = prefixFactor(flow, p.stages, q);
      if (F > 0) acc += (p.weight * flows[i][j] * q.reduce((a, v, k) => a * problem.stages[p.stages[k]].variants[v].accuracy, 1)) / (lambda * F);
    });
  }
  return { accuracy: served > 0 ? acc / served : 0, served };
}

/**
 * The routing shares of a plan: per stage, a default row over its deployments with replicas (in
 * the order `toLokiConfig` lists them) in proportion to its variants' planned loads, and per parent
 * variant a row by the flows from it (`sharesFrom`, keyed by variant name); within a variant, its
 * deployments share in proportion to their capacity (the runtime pools them in one lane). Rows with
 * no flow are left out (tasks from there use the default); a stage with one variant, or no planned
 * load, gets none (one shared queue).
 */
export function lokiShares(
  problem: LokiProblem,
  flow: LokiFlowModel,
  flows: LokiFlows,
  deployed: readonly (readonly { variantIndex: number; capacityRps: number }[])[],
): { shares?: number[]; sharesFrom?: Record<string, number[]> }[] {
  const loads = variantLoads(problem, flow, flows);
  // Per child stage, per parent stage and variant, the flow to each of the child's variants.
  const from = problem.stages.map(() => new Map<string, number[]>());
  flow.prefixes.forEach((pre, i) => {
    if (pre.length < 2) return;
    const t = pre[pre.length - 1];
    const u = pre[pre.length - 2];
    variantSequences(problem, pre).forEach((q, j) => {
      const name = problem.stages[u].variants[q[q.length - 2]].name;
      const row = from[t].get(name) ?? problem.stages[t].variants.map(() => 0);
      row[q[q.length - 1]] += flows[i][j];
      from[t].set(name, row);
    });
  });
  const round = (w: number[]) => {
    const total = w.reduce((a, x) => a + x, 0);
    return w.map((x) => Math.round((x / total) * 1e4) / 1e4);
  };
  return deployed.map((deps, s) => {
    const cap = problem.stages[s].variants.map(() => 0);
    for (const d of deps) cap[d.variantIndex] += d.capacityRps;
    const spread = (perVariant: readonly number[]) => deps.map((d) => (cap[d.variantIndex] > 0 ? (perVariant[d.variantIndex] * d.capacityRps) / cap[d.variantIndex] : 0));
    const base = spread(loads[s]);
    // One variant (on one or several devices) needs no routing: its deployments share the queue.
    if (new Set(deps.map((d) => d.variantIndex)).size < 2 || !(base.reduce((a, x) => a + x, 0) > 1e-9) || round(base).every((x) => x <= 0)) return {};
    const out: { shares?: number[]; sharesFrom?: Record<string, number[]> } = { shares: round(base) };
    for (const [name, row] of from[s]) {
      const w = spread(row);
      if (w.reduce((a, x) => a + x, 0) > 1e-9 && round(w).some((x) => x > 0)) (out.sharesFrom ??= {})[name] = round(w);
    }
    return out;
  });
}
