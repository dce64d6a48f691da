import { RingQueue } from './ring-queue.js';
import type { Replica } from './replica.js';

/** One routing row: the lanes it sends to, their weights, and the smooth round-robin state. */
interface RouteRow {
  lanes: Int32Array;
  weight: Float64Array;
  current: Float64Array;
  total: number;
}

/**
 * Routing of one stage's tasks across its variants in planned shares (the configuration's `shares`
 * and `sharesFrom`; Loki's path-aware routing). Each variant has its own FIFO lane, which its
 * replicas serve on whatever device (the deployments of one variant pool their lane, so a faster
 * device takes more of it when free, as in a shared queue); a task is sent to a lane when it reaches
 * the stage, by the row of the deployment that served it upstream (`sharesFrom`) or the default
 * row (`shares`), with smooth weighted round-robin (nginx's): deterministic, no random draw, and
 * after any `n` tasks of a row each lane has its share of them within one task.
 *
 * Work stays conserved where the plan cannot serve: replicas of a deployment no row sends to (old
 * ones finishing a rolling replacement) take from the longest lane, and a lane whose deployment has
 * no ready replica is served by any replica whose own lane is empty.
 */
export class StageRouter {
  /** One FIFO per lane (only lanes that are some variant's first compiled index are used). */
  readonly lanes: RingQueue[];
  /** Per lane: some row sends it tasks. */
  readonly routed: Uint8Array;
  /** Per lane: routed, with no ready replica (see {@link refresh}). */
  readonly orphan: Uint8Array;
  private readonly rows: RouteRow[] = [];
  /** Per parent stage (by index), per compiled variant of it: its row (0, the default, when absent). */
  private readonly rowOf = new Map<number, Int32Array>();

  /**
   * @param laneOf per compiled variant of the stage, its lane: the first compiled index of its
   * variant's name (`laneOfVariants`).
   */
  constructor(
    readonly laneOf: Int32Array,
    lanes?: RingQueue[],
  ) {
    const n = laneOf.length;
    this.lanes = lanes ?? Array.from({ length: n }, () => new RingQueue(16));
    this.routed = new Uint8Array(n);
    this.orphan = new Uint8Array(n);
  }

  /**
   * Adds a row: `weights[i]` for compiled variant `variants[i]` (deployments of one variant add up
   * in its lane); the first row added is the default. Returns its index. Weights are >= 0 with a
   * positive sum (validated with the configuration).
   */
  addRow(variants: readonly number[], weights: readonly number[]): number {
    const byLane = new Map<number, number>();
    variants.forEach((v, i) => {
      if (weights[i] > 0) byLane.set(this.laneOf[v], (byLane.get(this.laneOf[v]) ?? 0) + weights[i]);
    });
    const keep = [...byLane.entries()];
    const row: RouteRow = {
      lanes: Int32Array.from(keep, ([l]) => l),
      weight: Float64Array.from(keep, ([, w]) => w),
      current: new Float64Array(keep.length),
      total: keep.reduce((a, [, w]) => a + w, 0),
    };
    for (const l of row.lanes) this.routed[l] = 1;
    this.rows.push(row);
    return this.rows.length - 1;
  }

  /** Tasks from compiled variant `variant` of parent stage `parent` use row `row`. */
  useRow(parent: number, parentVariants: number, variant: number, row: number): void {
    let m = this.rowOf.get(parent);
    if (!m) this.rowOf.set(parent, (m = new Int32Array(parentVariants)));
    m[variant] = row;
  }

  /** The lane of a task that compiled variant `variant` of stage `parent` served (-1: it arrives at the entry). */
  route(parent: number, variant: number): number {
    const m = parent >= 0 ? this.rowOf.get(parent) : undefined;
    const row = this.rows[m ? m[variant] : 0];
    const cur = row.current;
    let best = 0;
    for (let i = 0; i < cur.length; i++) {
      cur[i] += row.weight[i];
      if (cur[i] > cur[best]) best = i;
    }
    cur[best] -= row.total;
    return row.lanes[best];
  }

  /** Tasks waiting in all lanes. */
  get length(): number {
    let n = 0;
    for (const q of this.lanes) n += q.length;
    return n;
  }

  /** Marks the routed lanes none of `replicas` (the stage's) is ready to serve. */
  refresh(replicas: readonly Replica[]): void {
    for (let v = 0; v < this.orphan.length; v++) this.orphan[v] = this.routed[v];
    for (const r of replicas) if (r.ready) this.orphan[this.laneOf[r.variant]] = 0;
  }

  /**
   * The lane replica `r` serves next: its own when it holds tasks; otherwise, when no row sends to
   * its deployment, the longest lane, and else the longest lane without a ready replica of its own.
   * `undefined` when there is none.
   */
  laneFor(r: Replica): RingQueue | undefined {
    const lane = this.laneOf[r.variant];
    const own = this.lanes[lane];
    if (own.length > 0) return own;
    const floater = this.routed[lane] === 0;
    let best: RingQueue | undefined;
    for (let v = 0; v < this.lanes.length; v++) {
      const q = this.lanes[v];
      if (q.length > 0 && (floater || this.orphan[v] === 1) && (!best || q.length > best.length)) best = q;
    }
    return best;
  }
}

/** Per compiled variant (name per index), its lane: the first index with the same variant name. */
export function laneOfVariants(names: readonly string[]): Int32Array {
  return Int32Array.from(names, (n) => names.indexOf(n));
}
