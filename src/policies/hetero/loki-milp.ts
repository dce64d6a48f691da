/**
 * Loki's program as a MILP on glpk.js (Loki solves it with Gurobi).
 *
 * @module
 */
import type { GLPK, LP } from '../solvers/glpk-types.js';
import { ACCURACY_TIE, evaluateLoki, type LokiAssignment, type LokiPhase, type LokiProblem } from './loki-model.js';
import { flowFactor, prefixFactor, variantSequences, type LokiFlowModel } from './loki-flow.js';

type Term = { name: string; coef: number };
type Row = LP['subjectTo'][number];

/** Every variant path of a stage path: one variant index per stage on it. */
function variantPaths(problem: LokiProblem, stages: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const s of stages) {
    const V = problem.stages[s].variants.length;
    out = out.flatMap((p) => Array.from({ length: V }, (_, v) => [...p, v]));
  }
  return out;
}

/**
 * Solves one phase of Loki's problem with GLPK (see `loki-model.ts` for the model). Variables, as in
 * Loki's `pipeline_ilp.py`: per deployment and batch option an integer replica count `n` and a
 * binary `y` (one batch size per deployment, `n <= maxReplicas y`); per stage its latency `l_s >=
 * latency(b) y` and at least one replica; per stage and variant its share `r_sv`, with `lambda_s r_sv
 * <= sum throughput(b) n` and `sum_v r_sv = alpha`; per stage path and variant path a flow `c >= 0`
 * whose marginal at every stage of the path is `r_s`; per path `sum l_s <= SLA / deadlineFactor`;
 * per finite resource a capacity row. Loki's product `x * y` of replicas and batch indicator is
 * linearised by giving every batch option its own replica count. `alpha` is 1 except in
 * `max-served`.
 *
 * Objectives, solved in turn (each fixing the previous optimum): `hardware`: min workers + eps x
 * latency sum; `accuracy`: max `A = sum_p w_p sum_P acc(P) c_P`, then min workers + eps x latency
 * sum with `A >= A* - ACCURACY_TIE`; `max-served`: max `alpha`, then as `accuracy`. `eps` keeps the
 * latency term below one worker. Returns `null` when infeasible (or GLPK fails); answers are
 * re-checked with `evaluateLoki`.
 */
export function solveLokiMilp(glpk: GLPK, problem: LokiProblem, phase: LokiPhase): LokiAssignment | null {
  const S = problem.stages.length;
  if (S === 0) return { replicas: [], batch: [] };
  if (problem.stages.some((st) => st.deployments.length === 0)) return null;
  const nv = (s: number, k: number, i: number) => `n${s}_${k}_${i}`;
  const yv = (s: number, k: number, i: number) => `y${s}_${k}_${i}`;
  const rows: Row[] = [];
  const bounds: NonNullable<LP['bounds']> = [];
  const binaries: string[] = [];
  const generals: string[] = [];
  const workers: Term[] = [];
  const latencySum: Term[] = [];
  let maxLatency = 1;
  problem.stages.forEach((st, s) => {
    const atLeastOne: Term[] = [];
    st.deployments.forEach((d, k) => {
      const one: Term[] = [];
      d.batches.forEach((b, i) => {
        generals.push(nv(s, k, i));
        binaries.push(yv(s, k, i));
        bounds.push({ name: nv(s, k, i), type: glpk.GLP_DB, lb: 0, ub: b.maxReplicas });
        rows.push({ name: `ny${s}_${k}_${i}`, vars: [{ name: nv(s, k, i), coef: 1 }, { name: yv(s, k, i), coef: -b.maxReplicas }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
        rows.push({ name: `lat${s}_${k}_${i}`, vars: [{ name: `l${s}`, coef: 1 }, { name: yv(s, k, i), coef: -b.latencyMs }], bnds: { type: glpk.GLP_LO, lb: 0, ub: 0 } });
        one.push({ name: yv(s, k, i), coef: 1 });
        atLeastOne.push({ name: nv(s, k, i), coef: 1 });
        workers.push({ name: nv(s, k, i), coef: 1 });
        maxLatency = Math.max(maxLatency, b.latencyMs);
      });
      rows.push({ name: `one${s}_${k}`, vars: one, bnds: { type: glpk.GLP_UP, lb: 0, ub: 1 } });
    });
    rows.push({ name: `min${s}`, vars: atLeastOne, bnds: { type: glpk.GLP_LO, lb: 1, ub: 0 } });
    bounds.push({ name: `l${s}`, type: glpk.GLP_LO, lb: 0, ub: 0 });
    latencySum.push({ name: `l${s}`, coef: 1 });
    // Path-aware problems bound each variant's load by the flows instead (flowRows below).
    if (problem.flow) return;
    // Shares of the stage's load per variant, within capacity, summing to alpha.
    const share: Term[] = [{ name: 'alpha', coef: -1 }];
    st.variants.forEach((_, v) => {
      const r = `r${s}_${v}`;
      bounds.push({ name: r, type: glpk.GLP_DB, lb: 0, ub: 1 });
      share.push({ name: r, coef: 1 });
      const serve: Term[] = [{ name: r, coef: st.loadRps }];
      st.deployments.forEach((d, k) => {
        if (d.variantIndex === v) d.batches.forEach((b, i) => serve.push({ name: nv(s, k, i), coef: -b.throughputRps }));
      });
      rows.push({ name: `serve${s}_${v}`, vars: serve, bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
    });
    rows.push({ name: `share${s}`, vars: share, bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } });
  });
  const accuracy: Term[] = [];
  if (problem.flow) accuracy.push(...flowRows(glpk, problem, problem.flow, rows, bounds));
  problem.paths.forEach((p, pi) => {
    if (Number.isFinite(problem.latencyBudgetMs)) {
      rows.push({ name: `path${pi}`, vars: p.stages.map((s) => ({ name: `l${s}`, coef: 1 })), bnds: { type: glpk.GLP_UP, lb: 0, ub: problem.latencyBudgetMs } });
    }
    if (problem.flow) return;
    const vps = variantPaths(problem, p.stages);
    vps.forEach((vp, j) => {
      const c = `c${pi}_${j}`;
      bounds.push({ name: c, type: glpk.GLP_LO, lb: 0, ub: 0 });
      const acc = vp.reduce((a, v, pos) => a * problem.stages[p.stages[pos]].variants[v].accuracy, 1);
      accuracy.push({ name: c, coef: p.weight * acc });
    });
    p.stages.forEach((s, pos) => {
      problem.stages[s].variants.forEach((_, v) => {
        const vars: Term[] = vps.flatMap((vp, j) => (vp[pos] === v ? [{ name: `c${pi}_${j}`, coef: 1 }] : []));
        vars.push({ name: `r${s}_${v}`, coef: -1 });
        rows.push({ name: `marg${pi}_${pos}_${v}`, vars, bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } });
      });
    });
  });
  problem.capacity.forEach((c, ci) => {
    const vars: Term[] = [];
    problem.stages.forEach((st, s) =>
      st.deployments.forEach((d, k) => {
        if (d.device === c.device && d[c.resource] > 0) d.batches.forEach((_, i) => vars.push({ name: nv(s, k, i), coef: d[c.resource] }));
      }),
    );
    if (vars.length) rows.push({ name: `cap${ci}`, vars, bnds: { type: glpk.GLP_UP, lb: 0, ub: c.limit } });
  });
  const eps = 0.5 / (S * maxLatency);
  const cost: Term[] = [...workers, ...latencySum.map((t) => ({ name: t.name, coef: eps }))];

  const solve = (direction: number, objective: Term[], alpha: { lb: number; ub: number }, extra: Row[] = []): Record<string, number> | null => {
    const lp: LP = {
      name: 'loki',
      objective: { direction, name: 'obj', vars: objective },
      subjectTo: [...rows, ...extra],
      bounds: [...bounds, { name: 'alpha', type: alpha.lb === alpha.ub ? glpk.GLP_FX : glpk.GLP_DB, lb: alpha.lb, ub: alpha.ub }],
      binaries,
      generals,
    };
    // The time limit guards against a stall; solves of the bundled pipelines take milliseconds.
    const res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: 20 });
    return res.result.status === glpk.GLP_OPT || res.result.status === glpk.GLP_FEAS ? res.result.vars : null;
  };
  const value = (vars: Record<string, number>, terms: Term[]) => terms.reduce((a, t) => a + t.coef * (vars[t.name] ?? 0), 0);

  let alpha = { lb: 1, ub: 1 };
  let vars: Record<string, number> | null;
  if (phase === 'hardware') {
    vars = solve(glpk.GLP_MIN, cost, alpha);
  } else {
    if (phase === 'max-served') {
      const first = solve(glpk.GLP_MAX, [{ name: 'alpha', coef: 1 }], { lb: 0, ub: 1 });
      if (!first) return null;
      const a = Math.min(1, first.alpha ?? 0);
      alpha = { lb: Math.max(0, a - 1e-9), ub: 1 };
    }
    const best = solve(glpk.GLP_MAX, accuracy, alpha);
    if (!best) return null;
    const aStar = value(best, accuracy);
    const scale = Math.max(alpha.lb, 1e-12);
    const floor: Row = { name: 'accfloor', vars: accuracy, bnds: { type: glpk.GLP_LO, lb: aStar - ACCURACY_TIE * scale, ub: 0 } };
    const fewest = solve(glpk.GLP_MIN, cost, alpha, [floor]);
    // The tie-break may spend the accuracy tolerance on flows through deployments without replicas
    // (path-aware problems): then the first optimum, which passed, stands.
    const tied = fewest ? assignmentOf(problem, fewest, phase) : null;
    return tied ?? (problem.flow ? assignmentOf(problem, best, phase) : null);
  }
  return vars ? assignmentOf(problem, vars, phase) : null;
}

/** The assignment of a solver answer, or `null` when it does not pass the exact evaluation. */
function assignmentOf(problem: LokiProblem, vars: Record<string, number>, phase: LokiPhase): LokiAssignment | null {
  const a: LokiAssignment = {
    replicas: problem.stages.map((st) => st.deployments.map(() => 0)),
    batch: problem.stages.map((st) => st.deployments.map(() => -1)),
  };
  problem.stages.forEach((st, s) =>
    st.deployments.forEach((d, k) =>
      d.batches.forEach((_, i) => {
        const n = Math.round(vars[`n${s}_${k}_${i}`] ?? 0);
        if (n > 0 && n > a.replicas[s][k]) {
          a.replicas[s][k] = n;
          a.batch[s][k] = i;
        }
      }),
    ),
  );
  if (problem.flow) a.flows = problem.flow.prefixes.map((pre, i) => variantSequences(problem, pre).map((_, j) => Math.max(0, vars[`h${i}_${j}`] ?? 0)));
  const e = evaluateLoki(problem, a);
  if (!e.feasible || (phase !== 'max-served' && e.served < 1 - 1e-6)) return null;
  return a;
}

/**
 * The rows of the path flows (see `loki-flow.ts`): flow variables `h{prefix}_{sequence} >= 0`; at
 * the entry `sum h = lambda alpha`; along every edge the children's flows sum to the factor of the
 * parent's variant times its flow; every variant's load within its replicas' throughput. Returns
 * the accuracy objective's terms.
 */
function flowRows(glpk: GLPK, problem: LokiProblem, flow: LokiFlowModel, rows: Row[], bounds: NonNullable<LP['bounds']>): Term[] {
  const hv = (i: number, j: number) => `h${i}_${j}`;
  const seqs = flow.prefixes.map((pre) => variantSequences(problem, pre));
  const index = new Map(flow.prefixes.map((pre, i) => [pre.join('/'), i]));
  const load = problem.stages.map((st) => st.variants.map((): Term[] => []));
  flow.prefixes.forEach((pre, i) => {
    const s = pre[pre.length - 1];
    seqs[i].forEach((q, j) => {
      bounds.push({ name: hv(i, j), type: glpk.GLP_LO, lb: 0, ub: 0 });
      load[s][q[q.length - 1]].push({ name: hv(i, j), coef: 1 });
    });
    if (pre.length === 1) {
      rows.push({ name: `entry${i}`, vars: [...seqs[i].map((_, j) => ({ name: hv(i, j), coef: 1 })), { name: 'alpha', coef: -flow.lambdaRps }], bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } });
      return;
    }
    const parent = index.get(pre.slice(0, -1).join('/'))!;
    const u = pre[pre.length - 2];
    seqs[parent].forEach((q, jp) => {
      const f = flowFactor(flow, u, s, q[q.length - 1]);
      const vars: Term[] = [{ name: hv(parent, jp), coef: -f }];
      seqs[i].forEach((qc, j) => {
        if (qc.slice(0, -1).every((v, k) => v === q[k])) vars.push({ name: hv(i, j), coef: 1 });
      });
      rows.push({ name: `edge${i}_${jp}`, vars, bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } });
    });
  });
  problem.stages.forEach((st, s) =>
    st.variants.forEach((_, v) => {
      if (load[s][v].length === 0) return;
      const serve: Term[] = [...load[s][v]];
      st.deployments.forEach((d, k) => {
        if (d.variantIndex === v) d.batches.forEach((b, i) => serve.push({ name: `n${s}_${k}_${i}`, coef: -b.throughputRps }));
      });
      rows.push({ name: `fserve${s}_${v}`, vars: serve, bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
    }),
  );
  const lambda = Math.max(flow.lambdaRps, 1e-9);
  const terms: Term[] = [];
  for (const p of problem.paths) {
    const i = index.get(p.stages.join('/'))!;
    seqs[i].forEach((q, j) => {
      const F = prefixFactor(flow, p.stages, q);
      const acc = q.reduce((a, v, k) => a * problem.stages[p.stages[k]].variants[v].accuracy, 1);
      if (F > 0 && acc > 0) terms.push({ name: hv(i, j), coef: (p.weight * acc) / (lambda * F) });
    });
  }
  return terms;
}
