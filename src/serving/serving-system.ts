import type { Engine } from '../engine/engine.js';
import { interpolateBatch } from '../profiles/batch-table.js';
import type { StageConfig } from '../policies/types.js';
import { Cluster, type NodeSpec, type PlacementRule } from './cluster.js';
import { deployKey, type CompiledStage, type CompiledVariant } from './compiled-pipeline.js';
import { ServingEvent } from './events.js';
import { Replica, ReplicaState } from './replica.js';
import { RequestStatus, RequestTable } from './request-table.js';
import { RingQueue } from './ring-queue.js';
import { TaskTable } from './task-table.js';
import { laneOfVariants, StageRouter } from './stage-routing.js';
import { topologicalOrder } from '../profiles/graph.js';

/** What the serving model tells its observer (metrics, energy) as things happen. */
export interface ServingHooks {
  /**
   * Request `id` left the last stage now (its time is in `requests.finished[id]`). The ids-only
   * signatures of these per-request hooks are on purpose: a number that is not a small integer,
   * passed to a call V8 does not inline, is boxed on the heap, once per request.
   */
  onComplete(id: number): void;
  /** Request `id` was dropped now, at `requests.finished[id]` (its age reached the drop limit when it would be dequeued). */
  onDrop(id: number): void;
  /** Cores held by replicas changed to `usedCores` at `now`. */
  onCores(now: number, usedCores: number): void;
  /**
   * Replica `replica` started a batch now (`replica.batch[0..batchSize)` holds its request ids, in
   * queue order) on `variant`, lasting `replica.batchDurationS`.
   */
  onBatch(replica: Replica, variant: CompiledVariant): void;
}

/** Settings of the serving model. */
export interface ServingOptions {
  /** A replica with a partial batch waits at most this long (s) for it to fill, from the oldest's enqueue. */
  maxBatchWaitS: number;
  /** A request is dropped when it would be dequeued at an age (since pipeline arrival) >= this (s). */
  dropLimitS: number;
  /**
   * Per-stage overrides of {@link maxBatchWaitS} and {@link dropLimitS}, by stage index (real servers
   * set them per model: MLServer's max batch time, Triton's max queue delay and queue timeout).
   */
  stages?: readonly ({ maxBatchWaitS?: number; dropLimitS?: number } | undefined)[];
  /** The cluster's nodes (device type, cores, accelerators, memory). */
  nodes?: readonly NodeSpec[];
  /** Shorthand for CPU nodes with these cores (used when `nodes` is absent). */
  nodeCores?: readonly number[];
  /** How a replica's node is chosen (default first-fit). */
  placement?: PlacementRule;
  /** How many requests to make room for at first (the table grows past it if needed). */
  expectedRequests?: number;
  /**
   * Reuse a request's slot once it has ended and its tasks are done (runs without a per-request
   * trace): the request table then holds the requests in flight, not every request of the run.
   */
  recycleRequests?: boolean;
  /** How a path's accuracy is scored from the variants along it (default product). */
  accuracyMethod?: 'sum' | 'product' | 'mean';
  /**
   * Early dropping (Loki): with an SLA `deadlineS`, a task is also dropped when it would be dequeued
   * at a time from which even the fastest service of the remaining stages (batch of 1, current
   * variants, no waiting) would end after its request's deadline.
   */
  earlyDrop?: { deadlineS: number };
}

/**
 * The simulated serving system: per stage a central FIFO queue and replicas of one configured
 * variant that form batches; a cluster of finite cores.
 *
 * Reconfiguration is declarative: {@link configure} sets a stage's target and `reconcile`
 * moves the replicas towards it, as a Kubernetes controller would: new replicas start (after the
 * variant's start-up delay, once cores are free), surplus ones drain (finish their batch, then stop),
 * and a variant switch is a rolling replacement (old replicas keep serving until new ones are ready,
 * one retired per new replica ready).
 */
export class ServingSystem {
  readonly requests: RequestTable;
  readonly tasks = new TaskTable();
  private readonly accuracyMethod: 'sum' | 'product' | 'mean';
  readonly cluster: Cluster;
  readonly queues: RingQueue[];
  /** Targets per stage; indexes into the stage's variants. */
  /** Targets per stage: one deployment per (variant, device), the configuration's own first, then its `mix`. */
  readonly targets: { variant: number; batch: number; replicas: number }[][];
  /** Per stage, its routing in planned shares (`null`: one central queue, the usual case). */
  private readonly routers: (StageRouter | null)[];
  /** Parent stages of every stage. */
  private readonly parents: number[][];
  /** Live (not stopped) replicas per stage. */
  private readonly replicas: Replica[][];
  /** Idle replicas per stage, used as a stack. */
  private readonly idle: Replica[][];
  private readonly byId: Replica[] = [];
  /** Replicas waiting for cores, oldest first. */
  private readonly pending: Replica[] = [];
  /** Time of the pending batch-timeout event per stage (Infinity: none). */
  private readonly timeoutAt: Float64Array;
  /**
   * Replicas that waited for cores and have stopped waiting (placed, or cancelled while waiting),
   * and how long they waited in all (s). {@link capacityWait} adds those still waiting.
   */
  private waitedReplicas = 0;
  private waitedS = 0;
  /** Per stage, the longest wait (s) for a partial batch to fill. */
  private readonly maxWaitS: Float64Array;
  /** Per stage, the drop limit (s) before early dropping tightens it. */
  private readonly dropLimitS: Float64Array;
  /** Set by {@link pruneHead}: the earliest time a task of the head batch expires (Infinity: none). */
  private headExpiresAt = Infinity;

  constructor(
    private readonly engine: Engine,
    readonly stages: readonly CompiledStage[],
    private readonly options: ServingOptions,
    private readonly hooks: ServingHooks,
  ) {
    const n = stages.length;
    this.requests = options.recycleRequests ? new RequestTable(1024, true) : new RequestTable(Math.min(options.expectedRequests ?? 1024, 1 << 26));
    this.accuracyMethod = options.accuracyMethod ?? 'product';
    const nodes = options.nodes ?? (options.nodeCores ?? [Infinity]).map((cores) => ({ device: 'cpu', cores, accelerators: 0, memoryMB: Infinity }));
    this.cluster = new Cluster(nodes, options.placement);
    this.queues = stages.map(() => new RingQueue());
    this.targets = stages.map(() => []);
    this.routers = stages.map(() => null);
    this.parents = stages.map(() => []);
    stages.forEach((st, u) => st.children.forEach((e) => this.parents[e.to].push(u)));
    this.replicas = stages.map(() => []);
    this.idle = stages.map(() => []);
    this.timeoutAt = new Float64Array(n).fill(Infinity);
    this.maxWaitS = Float64Array.from(stages, (_, s) => options.stages?.[s]?.maxBatchWaitS ?? options.maxBatchWaitS);
    this.dropLimitS = Float64Array.from(stages, (_, s) => options.stages?.[s]?.dropLimitS ?? options.dropLimitS);
    this.dropAgeS = Float64Array.from(this.dropLimitS);
  }

  /** A request arrives at the pipeline now; returns its id. */
  arrive(): number {
    const now = this.engine.now;
    const id = this.requests.add(now);
    const router = this.routers[0];
    (router === null ? this.queues[0] : router.lanes[router.route(-1, 0)]).push(this.tasks.alloc(id, now, 0, 1, 0));
    this.dispatch(0);
    return id;
  }

  /** Handles one of the {@link ServingEvent} kinds. */
  handle(kind: number, arg: number): void {
    switch (kind) {
      case ServingEvent.BatchDone:
        this.batchDone(this.byId[arg]);
        break;
      case ServingEvent.BatchTimeout:
        if (this.timeoutAt[arg] === this.engine.now) this.timeoutAt[arg] = Infinity;
        this.dispatch(arg);
        break;
      case ServingEvent.ReplicaReady:
        this.replicaReady(this.byId[arg]);
        break;
    }
  }

  /**
   * Sets every stage's target (a validated configuration) and reconciles. With `instant`, new
   * replicas that fit are ready at once (the initial deployment is warm).
   */
  configure(config: readonly StageConfig[], instant = false): void {
    // Plain loops, no per-call closures or spread arrays: an adaptive run applies thousands of
    // changed configurations (IPA's Twitter day: ~2,100).
    for (let s = 0; s < config.length; s++) {
      const c = config[s];
      this.targets[s] = this.targetsOf(s, c);
      this.setRouting(s, c);
    }
    this.updateDropAges();
    for (let s = 0; s < this.stages.length; s++) this.reconcile(s);
    this.placePending(instant);
    for (let s = 0; s < this.stages.length; s++) this.dispatch(s);
  }

  /** Stage `s`'s targets for its configuration `c`: its own deployment, then its `mix`. */
  private targetsOf(s: number, c: StageConfig): { variant: number; batch: number; replicas: number }[] {
    const index = this.stages[s].variantIndex;
    const out = [{ variant: index.get(deployKey(c.variant, c.device))!, batch: c.batch, replicas: c.replicas }];
    const mix = c.mix;
    if (mix !== undefined) for (let i = 0; i < mix.length; i++) out.push({ variant: index.get(deployKey(mix[i].variant, mix[i].device))!, batch: mix[i].batch, replicas: mix[i].replicas });
    return out;
  }

  /** Tasks waiting at stage `s` (in its queue, or its routing lanes). */
  queueLength(s: number): number {
    const router = this.routers[s];
    return router === null ? this.queues[s].length : router.length;
  }

  /**
   * Sets stage `s`'s routing from its configuration's `shares` / `sharesFrom` (validated), moving
   * the tasks waiting to where the new routing keeps them: into the central queue (by enqueue time)
   * when routing ends, into lanes by the default shares when it starts or their lane is no longer
   * sent to.
   */
  private setRouting(s: number, c: StageConfig): void {
    const old = this.routers[s];
    const stage = this.stages[s];
    if (c.shares === undefined) {
      if (old === null) return;
      const waiting: number[] = [];
      for (const q of old.lanes) while (q.length > 0) waiting.push(q.shift());
      const enq = this.tasks.enqueued;
      waiting.sort((a, b) => enq[a] - enq[b] || a - b);
      for (const t of waiting) this.queues[s].push(t);
      this.routers[s] = null;
      return;
    }
    const router = new StageRouter(old?.laneOf ?? laneOfVariants(stage.variants.map((v) => v.name)), old?.lanes);
    const lanes = this.targets[s].map((t) => t.variant);
    router.addRow(lanes, c.shares);
    for (const [key, weights] of Object.entries(c.sharesFrom ?? {})) {
      const row = router.addRow(lanes, weights);
      for (const p of this.parents[s]) {
        this.stages[p].variants.forEach((v, i) => {
          if (deployKey(v.name, v.device) === key || v.name === key) router.useRow(p, this.stages[p].variants.length, i, row);
        });
      }
    }
    const move = (q: RingQueue) => {
      for (let n = q.length; n > 0; n--) router.lanes[router.route(-1, 0)].push(q.shift());
    };
    move(this.queues[s]);
    router.lanes.forEach((q, v) => {
      if (router.routed[v] === 0) move(q);
    });
    router.refresh(this.replicas[s]);
    this.routers[s] = router;
  }

  /** Counts of a stage's replicas by state, for observations and series. */
  stageCounts(s: number): { ready: number; starting: number; pending: number; draining: number } {
    let ready = 0;
    let starting = 0;
    let pending = 0;
    let draining = 0;
    for (const r of this.replicas[s]) {
      if (r.ready) ready++;
      else if (r.state === ReplicaState.Starting) starting++;
      else if (r.state === ReplicaState.Pending) pending++;
      else if (r.state === ReplicaState.Draining) draining++;
    }
    return { ready, starting, pending, draining };
  }

  // ---- the hot path -------------------------------------------------------------------------

  /**
   * Starts batches at stage `s` while it has idle replicas and waiting requests. Expired tasks are
   * dropped first, then the batching rule applies to the live ones, as Triton's dynamic batcher
   * (it rejects timed-out requests at its cursor before counting the pending batch): a batch starts
   * when the replica's cap of live tasks is waiting or the oldest live one has waited the stage's
   * max wait; a replica waiting for a batch to fill wakes at the earlier of that and the next expiry.
   */
  private dispatch(s: number): void {
    const router = this.routers[s];
    if (router !== null) {
      this.dispatchRouted(s, router);
      return;
    }
    const q = this.queues[s];
    const idle = this.idle[s];
    while (q.length > 0 && idle.length > 0) {
      const r = idle[idle.length - 1];
      const live = this.pruneHead(q, s, r);
      if (live === 0) break;
      if (live < r.batchCap && this.waitsToFill(q, s)) break;
      idle.pop();
      this.startBatch(r, q);
    }
  }

  /** {@link dispatch} for a stage routed in shares: each idle replica, most accurate first, serves its lane (see `StageRouter.laneFor`). */
  private dispatchRouted(s: number, router: StageRouter): void {
    const idle = this.idle[s];
    for (let i = idle.length - 1; i >= 0; i--) {
      const r = idle[i];
      const q = router.laneFor(r);
      if (q === undefined) continue;
      const live = this.pruneHead(q, s, r);
      if (live === 0) continue;
      if (live < r.batchCap && this.waitsToFill(q, s)) continue;
      idle.splice(i, 1);
      this.startBatch(r, q);
    }
  }

  /**
   * For a partial batch at the head of `q` (its live tasks just pruned): whether it must wait to
   * fill, until its oldest task has waited the stage's max wait or the next expiry; if so, makes
   * sure a batch timeout wakes stage `s` then.
   */
  private waitsToFill(q: RingQueue, s: number): boolean {
    // The time is read here rather than passed: a number passed to a call V8 does not inline is
    // boxed, and this one runs for most arrivals when batches wait to fill.
    const now = this.engine.now;
    const due = Math.min(this.tasks.enqueued[q.peek()] + this.maxWaitS[s], this.headExpiresAt);
    if (now >= due) return false;
    if (this.timeoutAt[s] > due) {
      this.timeoutAt[s] = due;
      this.engine.at(due, ServingEvent.BatchTimeout, s);
    }
    return true;
  }

  /**
   * Drops the expired tasks among the oldest of `q` (stage `s`) until `r`'s batch cap of live ones
   * is found or the queue ends, keeping the live ones in order at the head; returns how many live
   * ones head the queue (at most the cap) and sets {@link headExpiresAt} to their earliest expiry.
   * Ages count from pipeline arrival, so an expired task can sit behind live ones.
   */
  private pruneHead(q: RingQueue, s: number, r: Replica): number {
    const limit = this.dropAgeS[s];
    this.headExpiresAt = Infinity;
    if (limit === Infinity) return Math.min(q.length, r.batchCap);
    return this.pruneExpired(q, r, limit);
  }

  /**
   * {@link pruneHead} for a stage with a finite drop age. Apart so the usual case (no drop limit),
   * inlined into every dispatch, stays small: V8 inlines only so many bytecodes into one function,
   * and this loop took that room from the calls after it.
   */
  private pruneExpired(q: RingQueue, r: Replica, limit: number): number {
    const cap = r.batchCap;
    const now = this.engine.now;
    const arrival = this.requests.arrival;
    const owner = this.tasks.request;
    const scratch = r.batch;
    let live = 0;
    let i = 0;
    let oldest = Infinity;
    for (; i < q.length && live < cap; i++) {
      const id = q.at(i);
      const born = arrival[owner[id]];
      // Expiry as `born + limit` (not `now - born`) so a wake-up at headExpiresAt drops exactly.
      if (born + limit <= now) this.drop(id);
      else {
        scratch[live++] = id;
        if (born < oldest) oldest = born;
      }
    }
    if (live < i) {
      // Close the gaps: the live ones move to the back of the scanned span, which then starts the queue.
      for (let j = 0; j < live; j++) q.set(i - live + j, scratch[j]);
      q.skip(i - live);
    }
    this.headExpiresAt = oldest + limit;
    return live;
  }

  /**
   * Per stage, the request age at which a task is dropped when dequeued: the drop limit, or less
   * with early dropping (deadline minus the least time the remaining stages can take).
   */
  private readonly dropAgeS: Float64Array;

  /** Stages in reverse topological order (children before parents), for {@link updateDropAges}. */
  private reverseOrder: number[] | undefined;
  /** Scratch of {@link updateDropAges}: per stage, the least time from its start to the end of the pipeline. */
  private remaining: Float64Array | undefined;

  /** Recomputes {@link dropAgeS} for the targets (remaining time along the longest path). */
  private updateDropAges(): void {
    const early = this.options.earlyDrop;
    // Without early dropping the drop ages are the limits, set once in the constructor.
    if (!early) return;
    const n = this.stages.length;
    const remaining = (this.remaining ??= new Float64Array(n));
    remaining.fill(0);
    const order = (this.reverseOrder ??= topologicalOrder(this.stages.map((st) => st.children)).reverse());
    for (const s of order) {
      // The fastest deployment of the stage bounds what its remaining service can take.
      let own = Infinity;
      for (const t of this.targets[s]) own = Math.min(own, interpolateBatch(this.stages[s].variants[t.variant].latency, 1) / 1000);
      let tail = 0;
      for (const e of this.stages[s].children) tail = Math.max(tail, remaining[e.to]);
      remaining[s] = own + tail;
    }
    for (let s = 0; s < n; s++) this.dropAgeS[s] = Math.min(this.dropLimitS[s], early.deadlineS - remaining[s]);
  }

  /**
   * Makes `r` idle. The idle list is kept by accuracy, most accurate on top, so when several replicas
   * are free the most accurate variant takes the next batch (Loki's most-accurate-first routing); in
   * a one-variant stage it is a plain stack.
   */
  private pushIdle(r: Replica): void {
    const idle = this.idle[r.stage];
    const pas = r.compiled.pas;
    let i = idle.length;
    idle.push(r);
    while (i > 0 && idle[i - 1].compiled.pas > pas) {
      idle[i] = idle[i - 1];
      i--;
    }
    idle[i] = r;
  }

  /**
   * Drops a task, and with it its request (the first of its tasks dropped decides). The request's
   * other tasks, if any, still run where they are (they hold resources, as in a real system).
   */
  private drop(task: number): void {
    const t = this.requests;
    const id = this.tasks.request[task];
    this.tasks.release(task);
    t.outstanding[id]--;
    if (t.status[id] === RequestStatus.InFlight) {
      t.status[id] = RequestStatus.Dropped;
      t.finished[id] = this.engine.now;
      this.hooks.onDrop(id);
    }
    if (t.outstanding[id] === 0) t.release(id);
  }

  /** Takes up to the replica's batch cap from `q` (live: {@link pruneHead} ran) and serves them. */
  private startBatch(r: Replica, q: RingQueue): void {
    const now = this.engine.now;
    const k = Math.min(r.batchCap, q.length);
    for (let i = 0; i < k; i++) r.batch[i] = q.shift();
    const v = r.compiled;
    // The multiplier read from its array here, not through a call (see DrawnAhead).
    const noise = v.noise;
    if (noise.at === noise.end) noise.refill();
    const duration = v.latencyS[k] * noise.values[noise.at++];
    r.batchSize = k;
    r.batchStart = now;
    r.batchDurationS = duration;
    r.state = ReplicaState.Busy;
    this.engine.at(now + duration, ServingEvent.BatchDone, r.id);
    this.hooks.onBatch(r, v);
  }

  private batchDone(r: Replica): void {
    const now = this.engine.now;
    const s = r.stage;
    const stage = this.stages[s];
    const tasks = this.tasks;
    const pas = r.compiled.pas;
    // A chain link moves each task on as it is; otherwise each finished task sends its children
    // (none ends its path).
    const chained = stage.simpleChild && this.routers[stage.children[0].to] === null ? this.queues[stage.children[0].to] : null;
    // A variant with no edges out (the last stage of a chain) ends every task's path here.
    const ends = r.compiled.children.length === 0;
    for (let i = 0; i < r.batchSize; i++) {
      const task = r.batch[i];
      tasks.accSum[task] += pas;
      tasks.accProd[task] *= pas;
      tasks.depth[task]++;
      if (chained) {
        tasks.enqueued[task] = now;
        chained.push(task);
        const req = tasks.request[task];
        if (this.requests.stage[req] < stage.children[0].to) this.requests.stage[req] = stage.children[0].to;
      } else if (ends) this.endPath(task);
      else this.branch(task, r);
    }
    r.batchSize = 0;
    if (r.state === ReplicaState.Draining) {
      this.stop(r);
      this.reconcile(s);
      this.placePending(false);
    } else {
      r.state = ReplicaState.Idle;
      this.pushIdle(r);
    }
    // Indexed loops on the per-batch path: a for-of over an array allocates an iterator here.
    const children = stage.children;
    for (let c = 0; c < children.length; c++) this.dispatch(children[c].to);
    this.dispatch(s);
  }

  /**
   * Sends a task replica `r` finished on along the edges as its variant branches (routed where the
   * child stage routes in shares), or ends its path; completes its request when none is left.
   */
  private branch(task: number, r: Replica): void {
    // The time is read here rather than passed: a double passed to a call V8 does not inline is boxed, per task.
    const now = this.engine.now;
    const stage = this.stages[r.stage];
    const children = r.compiled.children;
    const tasks = this.tasks;
    const t = this.requests;
    const req = tasks.request[task];
    let sent = 0;
    for (let c = 0; c < children.length; c++) {
      const e = children[c];
      const k = stage.branch(e);
      const router = this.routers[e.to];
      for (let j = 0; j < k; j++) {
        const q = router === null ? this.queues[e.to] : router.lanes[router.route(r.stage, r.variant)];
        q.push(tasks.alloc(req, now, tasks.accSum[task], tasks.accProd[task], tasks.depth[task]));
        if (t.stage[req] < e.to) t.stage[req] = e.to;
      }
      sent += k;
    }
    if (sent === 0) {
      this.endPath(task);
      return;
    }
    tasks.release(task);
    // The task was outstanding and sent at least one: the request has tasks left.
    t.outstanding[req] += sent - 1;
  }

  /**
   * Ends the path of a finished task that sends none on: scores the path, releases the task and
   * completes its request when none of its tasks is left.
   */
  private endPath(task: number): void {
    const tasks = this.tasks;
    const t = this.requests;
    const req = tasks.request[task];
    const m = this.accuracyMethod;
    t.pathScore[req] += m === 'product' ? tasks.accProd[task] : m === 'sum' ? tasks.accSum[task] : tasks.accSum[task] / tasks.depth[task];
    t.paths[req]++;
    tasks.release(task);
    if (--t.outstanding[req] === 0) {
      if (t.status[req] === RequestStatus.InFlight) {
        const now = this.engine.now;
        t.status[req] = RequestStatus.Completed;
        t.finished[req] = now;
        this.hooks.onComplete(req);
      }
      t.release(req);
    }
  }

  // ---- reconfiguration (rare) ----------------------------------------------------------------

  private replicaReady(r: Replica): void {
    if (r.state !== ReplicaState.Starting) return; // cancelled while starting
    r.state = ReplicaState.Idle;
    this.pushIdle(r);
    this.reconcile(r.stage);
    this.placePending(false);
    this.dispatch(r.stage);
  }

  /** Scratch lists of {@link reconcile} (it does not reenter): a target's live replicas, the old ones. */
  private readonly current: Replica[] = [];
  private readonly old: Replica[] = [];

  /**
   * Moves stage `s`'s replicas towards its targets (see the class comment for the rules). Plain
   * loops over scratch lists, no closures or filtered copies: it runs for every stage at every
   * applied change, and whenever a replica becomes ready or stops.
   */
  private reconcile(s: number): void {
    const targets = this.targets[s];
    const stage = this.stages[s];
    const list = this.replicas[s];
    // Old-variant replicas that are not serving yet are of no use: cancel them.
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if ((r.state === ReplicaState.Pending || r.state === ReplicaState.Starting) && !wanted(targets, r.variant)) this.stop(r);
    }
    // Capacity in requests/s: what the targets ask for, and what of it is ready to serve.
    let askedRps = 0;
    let readyRps = 0;
    let blocked: string[] | undefined; // device types of new replicas waiting for resources
    const current = this.current;
    for (const target of targets) {
      current.length = 0;
      for (let i = 0; i < list.length; i++) if (list[i].variant === target.variant && list[i].live) current.push(list[i]);
      const v = stage.variants[target.variant];
      while (current.length < target.replicas) {
        const r = new Replica(this.byId.length, s, target.variant, v, target.batch, this.engine.now);
        this.byId.push(r);
        list.push(r);
        this.pending.push(r);
        current.push(r);
      }
      if (current.length > target.replicas) {
        // Remove the least useful first: waiting for cores, starting, idle, then busy (drains).
        const order = current.slice().sort(leastUsefulFirst);
        for (let i = 0; i < current.length - target.replicas; i++) this.retire(order[i]);
        let n = 0;
        for (let i = 0; i < current.length; i++) if (current[i].live) current[n++] = current[i];
        current.length = n;
      }
      for (let i = 0; i < current.length; i++) {
        const r = current[i];
        r.batchCap = target.batch;
        if (r.ready) readyRps += this.replicaRps(r);
        else if (r.state === ReplicaState.Pending && !this.fits(r)) (blocked ??= []).push(r.needs.device);
      }
      askedRps += target.replicas * (target.replicas > 0 ? this.replicaRps(current[0]) : 0);
    }
    current.length = 0;
    // Rolling replacement: old replicas keep serving while the new ones ready do not yet match the
    // capacity asked for, counted in requests/s rather than replicas (one GPU replica may replace
    // twenty CPU ones); and one more old replica retires for each new one blocked waiting for
    // resources on the same device type, so its resources free up (freeing another device type's
    // would not unblock it, and would leave the stage short while the new one waits).
    const old = this.old;
    old.length = 0;
    for (let i = 0; i < list.length; i++) if (list[i].live && !wanted(targets, list[i].variant)) old.push(list[i]);
    if (old.length > 0) {
      old.sort(mostUsefulFirst);
      let keepOld = 0;
      let kept = readyRps;
      while (keepOld < old.length && kept < askedRps) kept += this.replicaRps(old[keepOld++]);
      if (blocked !== undefined) {
        const keep = old.slice(0, keepOld);
        for (const device of blocked) {
          let i = keep.length - 1; // the least useful of that type
          while (i >= 0 && keep[i].needs.device !== device) i--;
          if (i >= 0) this.retire(keep.splice(i, 1)[0]);
        }
      }
      for (let i = keepOld; i < old.length; i++) this.retire(old[i]);
      old.length = 0;
    }
    // Forget stopped replicas.
    for (let i = list.length - 1; i >= 0; i--) if (list[i].state === ReplicaState.Stopped) list.splice(i, 1);
    this.routers[s]?.refresh(list);
  }

  /** Requests/s a replica serves at its batch size, for comparing capacity across variants. */
  private replicaRps(r: Replica): number {
    return r.batchCap / (interpolateBatch(this.stages[r.stage].variants[r.variant].latency, r.batchCap) / 1000);
  }

  /** Whether a pending replica would fit on some node now. */
  private fits(r: Replica): boolean {
    return this.cluster.choose(r.needs) >= 0;
  }

  /** Retires a replica: stops it, or lets it finish its batch first. */
  private retire(r: Replica): void {
    if (r.state === ReplicaState.Busy) r.state = ReplicaState.Draining;
    else if (r.state !== ReplicaState.Draining && r.state !== ReplicaState.Stopped) this.stop(r);
  }

  private stop(r: Replica): void {
    const wasPlaced = r.state !== ReplicaState.Pending && r.state !== ReplicaState.Stopped;
    if (r.state === ReplicaState.Pending) {
      const i = this.pending.indexOf(r);
      if (i >= 0) this.pending.splice(i, 1);
      this.noteWait(r); // cancelled while waiting: its wait still counts
    }
    if (r.state === ReplicaState.Idle) {
      const idle = this.idle[r.stage];
      idle.splice(idle.indexOf(r), 1);
    }
    r.state = ReplicaState.Stopped;
    if (wasPlaced) {
      this.cluster.release(r.node, r.needs);
      this.hooks.onCores(this.engine.now, this.cluster.usedCores);
    }
  }

  /**
   * Places waiting replicas, oldest first, where cores allow (first fit). Replicas that become
   * ready may retire old ones, which can free cores for the rest: repeat until nothing changes.
   */
  private placePending(instant: boolean): void {
    const now = this.engine.now;
    const before = this.pending.length;
    this.placeLoop(now, instant);
    // Replicas placed with no start-up delay are idle now: let them take waiting work.
    if (this.pending.length !== before) for (let s = 0; s < this.stages.length; s++) this.dispatch(s);
  }

  private placeLoop(now: number, instant: boolean): void {
    for (;;) {
      let placed = false;
      for (let i = 0; i < this.pending.length; ) {
        const r = this.pending[i];
        const node = this.cluster.place(r.needs);
        if (node < 0) {
          i++;
          continue;
        }
        this.pending.splice(i, 1);
        placed = true;
        r.node = node;
        this.noteWait(r);
        const startup = instant ? 0 : this.stages[r.stage].variants[r.variant].startupS;
        if (startup === 0) {
          r.state = ReplicaState.Idle;
          this.pushIdle(r);
        } else {
          r.state = ReplicaState.Starting;
          this.engine.at(now + startup, ServingEvent.ReplicaReady, r.id);
        }
      }
      if (!placed) return;
      this.hooks.onCores(now, this.cluster.usedCores);
      for (let s = 0; s < this.stages.length; s++) this.reconcile(s);
      if (this.pending.length === 0) return;
    }
  }

  /** Records the wait of a replica that stops waiting now (placed or cancelled), if it waited at all. */
  private noteWait(r: Replica): void {
    const now = this.engine.now;
    if (now <= r.requestedAt) return;
    this.waitedReplicas++;
    this.waitedS += now - r.requestedAt;
  }

  /**
   * Replicas that waited for cores, and their total wait (s), up to `now`: those placed after
   * waiting, those cancelled while waiting, and those still waiting (counted up to `now`).
   */
  capacityWait(now: number = this.engine.now): { replicas: number; waitS: number } {
    let replicas = this.waitedReplicas;
    let waitS = this.waitedS;
    for (const r of this.pending) {
      replicas++;
      waitS += Math.max(0, now - r.requestedAt);
    }
    return { replicas, waitS };
  }

  /** Replicas still waiting for cores now. */
  get pendingReplicas(): number {
    return this.pending.length;
  }
}

/** Whether a stage's targets deploy its variant `variant` (an index into the stage's variants). */
function wanted(targets: readonly { variant: number }[], variant: number): boolean {
  for (let i = 0; i < targets.length; i++) if (targets[i].variant === variant) return true;
  return false;
}

/** Order of removal: waiting for cores, starting, idle, then busy; the newest first among equals. */
function leastUsefulFirst(a: Replica, b: Replica): number {
  return removalRank(a) - removalRank(b) || b.id - a.id;
}

/** The reverse of {@link leastUsefulFirst}: busy, idle, starting, then waiting; the oldest first among equals. */
function mostUsefulFirst(a: Replica, b: Replica): number {
  return removalRank(b) - removalRank(a) || a.id - b.id;
}

function removalRank(r: Replica): number {
  switch (r.state) {
    case ReplicaState.Pending:
      return 0;
    case ReplicaState.Starting:
      return 1;
    case ReplicaState.Idle:
      return 2;
    default:
      return 3;
  }
}
