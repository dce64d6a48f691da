import { InputError, describeValue } from '../errors.js';
import { recentMean } from './learning/features.js';
import { actionIssues, checkLayout, configCores, decodeAction, encodeConfig, type ActionLayout } from './learning/layout.js';
import { readOptions } from './options.js';
import type { Observation, PipelineConfig, Policy, PolicyContext, PolicyFactory } from './types.js';

/**
 * One neighbour move of tabular Q-learning, as seed 000 describes the actions: keep the
 * configuration, or change one knob of one stage by one step (the next more or less accurate
 * variant, one replica more or less, the next larger or smaller batch size).
 */
export type NeighbourMove = { knob: 'keep' } | { knob: 'variant' | 'batch' | 'replicas'; stage: number; delta: 1 | -1 };

/**
 * A trained Q-table as JSON (`infersim-qlearning/1`): the action layout it was trained on, how load
 * is bucketed into the state, the configuration a run starts from, and one row of Q-values per
 * visited state (key: {@link qStateKey}), indexed like {@link neighbourMoves}.
 */
export interface QTable {
  format: 'infersim-qlearning/1';
  /** The pipeline's name, for people. */
  pipeline?: string;
  layout: ActionLayout;
  /** Width of a load bucket in requests/s. */
  loadBucketRps: number;
  /** Buckets above this are merged into it. */
  maxLoadBucket: number;
  /** Seconds of arrivals averaged into the load that is bucketed (the adaptation interval). */
  intervalS: number;
  /** Flat action (`[variant, batch, replicas]` per stage) of the configuration deployed at t = 0. */
  initial: number[];
  /** Q-values per state key, one per neighbour move. */
  q: Record<string, number[]>;
  /** Free-form provenance: episodes, seed, reward, hyper-parameters, wall time. */
  training?: Record<string, unknown>;
}

/** The moves of a layout, `keep` first, then per stage: variant up/down, replicas up/down, batch up/down. */
export function neighbourMoves(layout: ActionLayout): NeighbourMove[] {
  const out: NeighbourMove[] = [{ knob: 'keep' }];
  layout.stages.forEach((_, stage) => {
    for (const knob of ['variant', 'replicas', 'batch'] as const) {
      out.push({ knob, stage, delta: 1 }, { knob, stage, delta: -1 });
    }
  });
  return out;
}

/** Variant indices of a stage layout from least to most accurate (ties by profile order). */
function accuracyOrder(accuracy: readonly number[]): number[] {
  return accuracy.map((a, i) => ({ a, i })).sort((x, y) => x.a - y.a || x.i - y.i).map((o) => o.i);
}

/**
 * The flat action after `move`, or `null` when the move leaves the layout's bounds. A variant move
 * goes to the next more (`+1`) or less (`-1`) accurate variant and clamps the batch to what the new
 * variant was profiled at.
 */
export function applyMove(layout: ActionLayout, action: readonly number[], move: NeighbourMove): number[] | null {
  if (move.knob === 'keep') return action.slice();
  const st = layout.stages[move.stage];
  const out = action.slice();
  const base = 3 * move.stage;
  if (move.knob === 'variant') {
    const order = accuracyOrder(st.accuracy);
    const at = order.indexOf(action[base]) + move.delta;
    if (at < 0 || at >= order.length) return null;
    const v = order[at];
    out[base] = v;
    while (out[base + 1] > 0 && st.batches[out[base + 1]] > st.maxBatch[v]) out[base + 1]--;
    return out;
  }
  if (move.knob === 'batch') {
    const k = action[base + 1] + move.delta;
    if (k < 0 || k >= st.batches.length || st.batches[k] > st.maxBatch[action[base]]) return null;
    out[base + 1] = k;
    return out;
  }
  const r = action[base + 2] + move.delta;
  if (r < 0 || r > st.maxReplicas - st.minReplicas) return null;
  out[base + 2] = r;
  return out;
}

/**
 * The moves allowed from `action`: within bounds and, with a finite `totalCores`, within the
 * cluster (moves that shrink are always allowed, so a state over capacity can leave it).
 */
export function allowedMoves(layout: ActionLayout, action: readonly number[], moves: readonly NeighbourMove[], totalCores: number): (number[] | null)[] {
  const cores = configCores(layout, action);
  return moves.map((m) => {
    const next = applyMove(layout, action, m);
    if (!next) return null;
    const c = configCores(layout, next);
    return c <= totalCores || c <= cores ? next : null;
  });
}

/** The load bucket of an observation: the mean load of the last `intervalS` seconds, bucketed. */
export function loadBucket(obs: Observation, table: Pick<QTable, 'loadBucketRps' | 'maxLoadBucket' | 'intervalS'>): number {
  const load = recentMean(obs.arrivalsPerSecond, Math.max(1, Math.round(table.intervalS)));
  return Math.min(table.maxLoadBucket, Math.floor(load / table.loadBucketRps));
}

/** The Q-table key of a state: the load bucket and every stage's `[variant, batch, replicas]` indices. */
export function qStateKey(action: readonly number[], bucket: number): string {
  return `${bucket}|${action.join(',')}`;
}

/**
 * The greedy move's index among `moves` for a Q-row: the highest Q among allowed moves; ties go to
 * `keep`, then to the lowest index, so decisions are deterministic.
 */
export function greedyMove(row: readonly number[] | undefined, allowed: readonly (number[] | null)[]): number {
  let best = 0;
  for (let i = 1; i < allowed.length; i++) {
    if (!allowed[i]) continue;
    if (!allowed[best] || (row && row[i] > row[best])) best = i;
  }
  return best;
}

/**
 * Checks that `value` is a usable {@link QTable}, so a table read from a file fails with a path.
 *
 * @throws InputError
 */
export function parseQTable(value: unknown, path = 'policy.table'): QTable {
  const bad = (where: string, expected: string, v: unknown): never => {
    throw new InputError([{ path: `${path}${where}`, expected, received: describeValue(v) }]);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('', 'a Q-table object (as infersim train writes)', value);
  const t = value as Record<string, unknown>;
  if (t.format !== 'infersim-qlearning/1') bad('.format', '"infersim-qlearning/1"', t.format);
  const layout = t.layout as ActionLayout;
  if (typeof layout !== 'object' || layout === null || !Array.isArray(layout.stages) || !Array.isArray(layout.nvec)) bad('.layout', 'an action layout', layout);
  for (const k of ['loadBucketRps', 'maxLoadBucket', 'intervalS'] as const) {
    if (typeof t[k] !== 'number' || !((t[k] as number) > 0 || (k === 'maxLoadBucket' && t[k] === 0))) bad(`.${k}`, 'a number > 0', t[k]);
  }
  const initial = t.initial as number[];
  const issues = actionIssues(layout, initial, `${path}.initial`);
  if (issues.length) throw new InputError(issues);
  if (typeof t.q !== 'object' || t.q === null) bad('.q', 'an object of Q-value rows', t.q);
  const width = neighbourMoves(layout).length;
  for (const [key, row] of Object.entries(t.q as Record<string, unknown>)) {
    if (!Array.isArray(row) || row.length !== width || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      bad(`.q[${JSON.stringify(key)}]`, `${width} finite numbers (one per move)`, row);
    }
  }
  return value as QTable;
}

/** A Q-learning policy with the statistics of its decisions. */
export interface QLearningPolicy extends Policy {
  /** Decisions whose state was not in the table (the policy kept the configuration). */
  readonly unknownStates: number;
}

/**
 * Makes the greedy policy of a trained table: at t = 0 it deploys the table's initial
 * configuration; then every interval it looks up (load bucket, configuration) and applies the move
 * with the highest Q-value. A state the table never visited keeps the configuration (counted in
 * `unknownStates`): tabular Q-learning knows nothing outside what it explored.
 */
export function createQLearningPolicy(table: QTable, context: PolicyContext): QLearningPolicy {
  checkLayout(table.layout, context.pipeline, 'policy.table.layout');
  const moves = neighbourMoves(table.layout);
  let unknown = 0;
  return {
    name: 'qlearning',
    get unknownStates() {
      return unknown;
    },
    decide(obs: Observation): PipelineConfig | undefined {
      if (obs.config.length === 0) return decodeAction(table.layout, table.initial);
      const action = encodeConfig(table.layout, obs.config);
      const row = table.q[qStateKey(action, loadBucket(obs, table))];
      if (!row) {
        unknown++;
        return undefined;
      }
      const allowed = allowedMoves(table.layout, action, moves, obs.capacity.totalCores);
      const next = allowed[greedyMove(row, allowed)]!;
      return decodeAction(table.layout, next);
    },
  };
}

/**
 * `qlearning`: a trained tabular Q-learning policy (train it with `trainQLearning` or
 * `infersim train --policy qlearning`). Options: `table`, the JSON the trainer writes
 * (`infersim-qlearning/1`). The Node layer also accepts `tablePath`, a file it reads into `table`.
 */
export const qlearningPolicy: PolicyFactory = (options, context) => {
  const r = readOptions('qlearning', options, ['table', 'tablePath']);
  if (options.table === undefined) {
    if (typeof options.tablePath === 'string') {
      r.issue('tablePath', 'the table itself in "table" here: files are read by the Node layer (the CLI, or loadLearnedPolicies from "infersim/node")', options.tablePath);
    } else {
      r.issue('table', 'a trained Q-table (infersim-qlearning/1), as `infersim train --policy qlearning` writes', undefined);
    }
  }
  r.finish();
  return createQLearningPolicy(parseQTable(options.table), context);
};
