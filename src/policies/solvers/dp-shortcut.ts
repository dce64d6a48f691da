import { wallMs } from '../../util/wall-clock.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { candidateTables, optionFor, replicasFor, type FixedParams, type LoadParams } from './build.js';
import { clearOptimum } from './dp.js';
import { optionValue, optionValueWeights } from './option-value.js';
import { allocationOf, type Allocation } from './solve.js';
import type { StageOption } from './types.js';

/**
 * The `dp` solver's shortcut for a clear optimum (`clearOptimum` in `dp.ts`) taken straight from a
 * {@link problemBuilder}'s candidate table: per decision it works out the options' numbers without
 * building the problem's candidate and option objects, and builds option objects only for its
 * picks. Returns, for a load, what `solveAllocation(problemBuilder(pipeline, p)(load), dpSolver)`
 * returns when the dp takes its shortcut (the same picks, objects equal field by field, the same
 * scores), and `undefined` when it would not (then build the problem and solve it).
 *
 * The numbers are the problem's, computed by the same expressions in the same order: an option's
 * latency `p99 + queue`, replicas, cores, power with its cores' idle power, and the search's
 * objective term (`optionValue`).
 * @internal
 */
export function dpShortcutPlanner(pipeline: PipelineProfile, p: FixedParams): (load: LoadParams) => Allocation | undefined {
  const { tables, candidateAt, slaAt, queueAt, powerAt, idleWPerCore } = candidateTables(pipeline, p);
  const S = tables.length;
  const w = optionValueWeights(p.weights, p.accuracyMethod, S);
  return (load) => {
    const t0 = wallMs();
    const lambdaRps = load.lambdaRps;
    if (S === 0) return undefined;
    const lat: number[][] = new Array(S);
    const val: number[][] = new Array(S);
    const cores: number[][] = new Array(S);
    const acc: number[][] = new Array(S);
    // Per stage, the template of each option (options are the sustainable candidates, in order).
    const from: number[][] = new Array(S);
    for (let s = 0; s < S; s++) {
      const table = tables[s];
      const l: number[] = [];
      const v: number[] = [];
      const c: number[] = [];
      const a: number[] = [];
      const f: number[] = [];
      for (let i = 0; i < table.length; i++) {
        const t = table[i];
        const replicas = replicasFor(lambdaRps, t.throughputRps, t.minReplicas);
        if (replicas > t.maxReplicas) continue;
        const optionCores = replicas * t.v.cores;
        const power = powerAt(t, lambdaRps);
        const powerW = idleWPerCore ? power + optionCores * idleWPerCore : power;
        l.push(t.p99Ms + queueAt(t, lambdaRps));
        v.push(optionValue(w, t.accuracy, optionCores, t.batch, powerW));
        c.push(optionCores);
        a.push(t.accuracy);
        f.push(i);
      }
      if (f.length === 0) return undefined;
      lat[s] = l;
      val[s] = v;
      cores[s] = c;
      acc[s] = a;
      from[s] = f;
    }
    const sla = slaAt(lambdaRps);
    const cap = load.totalCores ?? Infinity;
    const choice = clearOptimum(lat, val, cores, acc, w.product ? p.weights.alpha : 0, sla, cap);
    if (choice === undefined) return undefined;
    const picks: StageOption[] = new Array(S);
    for (let s = 0; s < S; s++) picks[s] = optionFor(candidateAt(tables[s][from[s][choice[s]]], lambdaRps), lambdaRps)!;
    // The problem as the allocation's scoring reads it (its weights and accuracy method).
    const scored = { stages: [], lambdaRps, slaMs: sla, totalCores: cap, weights: p.weights, accuracyMethod: p.accuracyMethod, current: load.current };
    return allocationOf(scored, picks, 'optimal', lambdaRps, wallMs() - t0);
  };
}
