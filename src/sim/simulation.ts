import { Engine, type EventHandler } from '../engine/engine.js';
import { wallMs } from '../util/wall-clock.js';
import { InputError, guardPolicy } from '../errors.js';
import { summariseInPlace, type LatencySummary } from '../metrics/latency-summary.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { histogramLatencyCdf } from '../metrics/latency-cdf.js';
import type { Series, Summary } from '../metrics/types.js';
import { createPolicy } from '../policies/registry.js';
import type { Observation, PipelineConfig, Policy, StageConfig, StageDeployment } from '../policies/types.js';
import { createStreams } from '../random/streams.js';
import { compilePipeline, type CompiledStage } from '../serving/compiled-pipeline.js';
import { RequestStatus, type RequestTable } from '../serving/request-table.js';
import { intensityAt as intensityAtTrace } from '../energy/carbon.js';
import { EnergyMeter } from './energy-meter.js';
import { ServingSystem } from '../serving/serving-system.js';
import { configIssues, isValidPlainConfig } from '../serving/validate-config.js';
import { deterministicArrivals, poissonArrivals } from '../workload/poisson.js';
import { traceArrivals } from '../workload/trace.js';
import { RunRecorder } from './recorder.js';
import { StageSamples } from './stage-samples.js';
import { RecentArrivals } from './recent-arrivals.js';
import { upcomingArrivals } from './upcoming-arrivals.js';
import type { DrawnAhead } from '../random/drawn-ahead.js';
import { configSizeIssues, expectedArrivals } from './limits.js';
import type { RequestTrace, SimulationResult } from './result.js';
import type { ResolvedScenario } from './validate.js';

/** Event kinds of the simulation layer (serving owns kinds below 16). */
const ARRIVAL = 16;
const ADAPT = 17;
const SAMPLE = 18;
const CARBON = 19;

/** A compiled scenario, ready to {@link Simulation.run}. Create with {@link createSimulation}. */
export class Simulation {
  readonly engine = new Engine();
  readonly serving: ServingSystem;
  private readonly recorder: RunRecorder;
  private readonly energy: EnergyMeter;
  /** The run's arrival times, taken ahead from its arrival process. */
  private readonly arrivals: DrawnAhead;
  private readonly stages: CompiledStage[];
  /** Arrivals per simulated second, over the seconds an observation can look back. */
  private readonly perSecond: RecentArrivals;
  private config: PipelineConfig = [];
  private readonly decisions: { t: number; config: PipelineConfig }[] = [];
  private readonly decisionMs: number[] = [];
  private reconfigurations = 0;
  private readonly stageSamples: StageSamples[];
  /** The cluster's device types (its nodes do not change), for validating configurations. */
  private readonly clusterDevices: readonly string[];

  /**
   * @param options `keepRequests`: keep every request's record to the end of the run (for readers of
   * `serving.requests` such as the RL environment). Otherwise a request's slot is reused once it
   * has ended, unless the scenario asks for a per-request trace: nothing else reads it afterwards.
   */
  constructor(
    readonly scenario: ResolvedScenario,
    private readonly policy: Policy,
    options: { keepRequests?: boolean } = {},
  ) {
    const sc = scenario;
    const streams = createStreams(sc.seed);
    const expectedRequests = Math.min(Math.ceil(expectedArrivals(sc) * 1.05) + 1024, 1 << 26);
    this.stages = compilePipeline(sc.pipeline, streams, { serviceDist: sc.serviceDist, startupS: sc.startupS, accuracy: sc.accuracy });
    this.recorder = new RunRecorder({
      warmupS: sc.warmupS,
      durationS: sc.durationS,
      slaS: sc.slaMs / 1000,
      intervalS: sc.seriesIntervalS,
      relativeError: sc.recording.mode === 'streaming' ? sc.recording.relativeError : undefined,
      expectedRequests,
    });
    this.energy = new EnergyMeter(sc.energy, { warmupS: sc.warmupS, durationS: sc.durationS, intervalS: sc.seriesIntervalS, bins: this.recorder.bins }, sc.trace ? () => this.serving.requests.energyJ : undefined, () => this.serving.tasks.request);
    // Without energy accounting (metrics.energy false) the meter only follows the carbon intensity
    // policies observe: the recorder passes it no batches and no core changes.
    if (sc.accountEnergy) this.recorder.energy = this.energy;
    this.serving = new ServingSystem(this.engine, this.stages, { maxBatchWaitS: sc.maxBatchWaitS, dropLimitS: sc.dropLimitS, stages: sc.stageServing, nodes: sc.nodes, placement: sc.placement, earlyDrop: sc.earlyDrop ? { deadlineS: sc.slaMs / 1000 } : undefined, expectedRequests, recycleRequests: !options.keepRequests && !sc.trace, accuracyMethod: sc.accuracy.method }, this.recorder);
    this.recorder.requestTable = this.serving.requests;
    this.clusterDevices = this.serving.cluster.devices();
    const u = streams.get('arrivals');
    const w = sc.workload;
    this.arrivals = upcomingArrivals(
      w.type === 'trace'
        ? traceArrivals(w.counts, u, { withinSecond: w.withinSecond, timeScale: w.timeScale, repeat: w.repeat, endS: sc.durationS })
        : w.type === 'poisson'
          ? poissonArrivals(w.rps, u, sc.durationS)
          : deterministicArrivals(w.rps, sc.durationS),
    );
    this.perSecond = new RecentArrivals(sc.historyS, Math.ceil(sc.durationS) + 1);
    this.stageSamples = this.stages.map(() => new StageSamples(this.recorder.bins + 1));
  }

  private handler: EventHandler | undefined;
  private elapsedMs = 0;
  /** Set once the run is stepped from outside ({@link advanceTo}): then any time may be observed. */
  private stepped = false;

  /** Simulated time now, s. */
  get timeS(): number {
    return this.engine.now;
  }

  /** True once no event is left: every request has finished (or can never finish). */
  get done(): boolean {
    return this.handler !== undefined && this.engine.pending === 0;
  }

  /** Runs to the end: arrivals until durationS, then until every request in flight has finished. */
  run(): SimulationResult {
    this.start();
    return this.finish();
  }

  /**
   * Deploys the policy's initial configuration at t = 0 (warm: no start-up delay) and schedules the
   * run's first events. {@link run} calls it; call it yourself to step a run with {@link advanceTo}.
   */
  start(): void {
    if (this.handler) return;
    const sc = this.scenario;
    const engine = this.engine;
    const t0 = wallMs();
    this.decide(true);
    // Arrivals are the engine's event stream: each next one is scheduled once the previous is handled.
    const first = this.arrivals.next();
    if (first < Infinity) engine.atStream(first, ARRIVAL);
    if (sc.adaptationIntervalS < sc.durationS) engine.at(sc.adaptationIntervalS, ADAPT);
    engine.at(Math.min(sc.seriesIntervalS, sc.durationS), SAMPLE);
    const carbon = sc.energy.carbon;
    this.intensityAt = carbon ? (t: number) => intensityAtTrace(carbon.trace, t, { startHour: carbon.startHour, loop: carbon.loop }) : () => 0;
    this.energy.updateIntensity(0, this.intensityAt);
    for (const t of this.energy.carbonSteps()) engine.at(t, CARBON);
    const serving = this.serving;
    const recorder = this.recorder;
    const perSecond = this.perSecond;
    const upcoming = this.arrivals;
    // Only what runs per customer is in the handler (arrivals here, serving's events there): V8
    // inlines the handler into the engine's loop, and only so many bytecodes in all, so the rare
    // events' code is kept apart in `timed` rather than taking that room from the hot path.
    this.handler = (kind, arg) => {
      if (kind === ARRIVAL) {
        const id = serving.arrive();
        recorder.onArrival(id);
        perSecond.add(Math.floor(engine.now));
        // The next time read from the array here, not through a call (see DrawnAhead).
        if (upcoming.at === upcoming.end) upcoming.refill();
        const next = upcoming.values[upcoming.at++];
        if (next < Infinity) engine.atStream(next, ARRIVAL);
      } else if (kind < ARRIVAL) serving.handle(kind, arg);
      else this.timed(kind);
    };
    this.elapsedMs += wallMs() - t0;
  }

  /** The carbon intensity at a time (set by {@link start}). */
  private intensityAt: (t: number) => number = () => 0;

  /** Handles the simulation's own timed events other than arrivals: decisions, series samples, carbon steps. */
  private timed(kind: number): void {
    const sc = this.scenario;
    const engine = this.engine;
    switch (kind) {
      case ADAPT: {
        this.decide(false);
        const next = engine.now + sc.adaptationIntervalS;
        if (next < sc.durationS) engine.at(next, ADAPT);
        else this.lastDecisionMade();
        break;
      }
      case CARBON:
        this.energy.updateIntensity(engine.now, this.intensityAt);
        break;
      case SAMPLE: {
        this.sample();
        const next = engine.now + sc.seriesIntervalS;
        if (engine.now < sc.durationS) engine.at(Math.min(next, sc.durationS), SAMPLE);
        break;
      }
    }
  }

  /**
   * No policy decision is left in the run. Unless the run is stepped from outside, nothing observes
   * it any more: stop keeping the latencies of the observation window (see `RunRecorder.keepRecent`).
   */
  private lastDecisionMade(): void {
    if (!this.stepped) {
      this.recorder.keepRecent = false;
      this.recorder.recentLatencies.clear();
    }
  }

  /**
   * Runs the events before time `t` (with `inclusive`, also those at `t`), leaving the clock at `t`.
   * For stepping a run from outside, e.g. a reinforcement-learning environment that calls
   * {@link observe} and {@link reconfigure} between steps.
   */
  advanceTo(t: number, inclusive = false): void {
    this.stepped = true;
    this.recorder.keepRecent = true;
    this.start();
    const t0 = wallMs();
    this.engine.run(this.handler!, t, inclusive);
    this.elapsedMs += wallMs() - t0;
  }

  /** Runs what is left and returns the result. */
  finish(): SimulationResult {
    this.start();
    if (this.scenario.adaptationIntervalS >= this.scenario.durationS) this.lastDecisionMade();
    const t0 = wallMs();
    this.engine.run(this.handler!);
    this.elapsedMs += wallMs() - t0;
    return this.result(this.elapsedMs);
  }

  /**
   * Applies a configuration now, as a policy decision would (validated against the profiles;
   * counted as a reconfiguration when it changes something). For controllers outside the policy
   * interface, such as a reinforcement-learning environment.
   */
  reconfigure(config: readonly StageConfig[]): void {
    this.start();
    this.apply(config, false, 'reconfigure()');
  }

  /**
   * The snapshot a policy gets: time, per-second arrivals, configuration, queues and replicas, and
   * latency and drops since the previous observation (which this call resets). A run going to its
   * end in {@link run} or {@link finish} without {@link advanceTo} keeps no latencies after its last
   * policy decision (nothing can observe them during the run), so observing after such a run reports
   * none; a stepped run keeps them all.
   */
  observe(): Observation {
    const t = this.engine.now;
    const sc = this.scenario;
    const done = Math.min(Math.floor(t), this.perSecond.seconds);
    const from = Math.max(0, done - sc.historyS);
    const recent = this.recorder.recentLatencies;
    const lat = summariseInPlace(recent.view());
    const obs: Observation = {
      timeS: t,
      // Copied from the counts of the window only: a plain copy of every second of a long run
      // (1.9 M for the whole Twitter trace) and its growth had cost more memory than the run's state.
      arrivalsPerSecond: this.perSecond.window(from, done),
      config: this.config.map((c) => copyStageConfig(c)),
      stages: this.stages.map((_, s) => {
        const c = this.serving.stageCounts(s);
        return { queueLength: this.serving.queueLength(s), readyReplicas: c.ready, startingReplicas: c.starting, pendingReplicas: c.pending };
      }),
      latencyMs: { mean: lat.mean * 1000, p50: lat.p50 * 1000, p99: lat.p99 * 1000, count: recent.length },
      droppedLastInterval: this.recorder.recentDrops,
      slaMs: sc.slaMs,
      capacity: { totalCores: this.serving.cluster.totalCores, usedCores: this.serving.cluster.usedCores },
    };
    if (sc.energy.carbon) {
      obs.carbonIntensity = this.energy.intensity;
      obs.pue = sc.energy.carbon.pue;
    }
    recent.clear();
    this.recorder.recentDrops = 0;
    return obs;
  }

  private decide(initial: boolean): void {
    const obs = this.observe();
    const start = wallMs();
    const next = guardPolicy(this.policy.name, this.engine.now, () => this.policy.decide(obs));
    this.decisionMs.push(wallMs() - start);
    if (next === undefined) {
      if (initial) {
        throw new InputError([{ path: 'policy', expected: `a policy that returns a configuration at t = 0 ("${this.policy.name}" returned none)`, received: 'undefined' }]);
      }
      return;
    }
    this.apply(next, initial, this.policy.configPath ?? (() => `policy "${this.policy.name}" decision at t=${this.engine.now}s`));
  }

  private apply(next: readonly StageConfig[], initial: boolean, where: string | (() => string)): void {
    // Most decisions keep the configuration (IPA's on a Twitter day: two in three): one already
    // validated and applied needs neither again.
    if (!initial && sameAsApplied(next, this.config)) return;
    // Plain configurations (IPA's, most policies') are checked without building issue paths; the
    // full check, with its messages, runs for the rest and for what the quick one refuses.
    if (!isValidPlainConfig(next, this.stages, this.clusterDevices) || configSizeIssues(next, '').length > 0) {
      if (typeof where !== 'string') where = where();
      const issues = configIssues(next, this.stages, where, this.clusterDevices);
      if (!issues.length) issues.push(...configSizeIssues(next, where));
      if (issues.length) throw new InputError(issues);
    }
    const changed = !sameConfig(next, this.config);
    if (!changed && !initial) return;
    // A change of routing shares alone (Loki re-plans them every decision) moves no replica.
    const moved = !initial && !sameConfig(next, this.config, true);
    this.config = next.map((c) => copyStageConfig(c));
    this.decisions.push({ t: this.engine.now, config: this.config.map((c) => copyStageConfig(c)) });
    if (moved) this.reconfigurations++;
    this.serving.configure(this.config, initial);
  }

  private sample(): void {
    this.recorder.closeBin();
    this.energy.closeBin();
    for (let s = 0; s < this.stages.length; s++) {
      const c = this.config[s];
      this.stageSamples[s].push(c.variant, c.device ?? 'cpu', c.batch, c.replicas, this.serving.stageCounts(s).ready, this.serving.queueLength(s));
    }
  }

  private result(wallMs: number): SimulationResult {
    const sc = this.scenario;
    const r = this.recorder;
    const table = this.serving.requests;
    r.cores.advance(sc.durationS);
    // Requests that could never finish (e.g. a stage with no replicas) stay in flight when the
    // events run out; they count as unfinished SLA violations. Counted, not looked up, since a
    // streaming run keeps no table of finished requests.
    const unfinished = r.requests - r.completed - r.dropped;
    const measuredS = sc.durationS - sc.warmupS;
    const slaViolations = r.late + r.dropped + unfinished;
    const energy = sc.accountEnergy ? this.energy.totals() : { idleJ: NaN, dynamicJ: NaN, carbonG: NaN };
    const energyJ = energy.idleJ + energy.dynamicJ;
    const waited = this.serving.capacityWait();
    const summary: Summary = {
      requests: r.requests,
      completed: r.completed,
      dropped: r.dropped,
      unfinished,
      slaViolations,
      slaViolationRate: r.requests > 0 ? slaViolations / r.requests : 0,
      latencyMs: scale(r.latencySummary(), 1000),
      accuracy: r.completed > 0 ? r.accuracySum / r.completed : NaN,
      costCores: r.cores.total / measuredS,
      coreSeconds: r.cores.total,
      throughputRps: r.completed / measuredS,
      energyJ,
      idleEnergyJ: energy.idleJ,
      dynamicEnergyJ: energy.dynamicJ,
      energyPerRequestJ: r.completed > 0 ? energyJ / r.completed : NaN,
      meanPowerW: energyJ / measuredS,
      carbonG: energy.carbonG,
      replicasDelayedByCapacity: waited.replicas,
      capacityWaitS: waited.waitS,
      reconfigurations: this.reconfigurations,
      events: this.engine.events,
      simulatedS: this.engine.now,
    };
    const I = sc.seriesIntervalS;
    const bins = r.bins;
    const t = Array.from({ length: bins }, (_, b) => b * I);
    const width = (b: number) => Math.min(I, sc.durationS - b * I);
    const series: Series = {
      intervalS: I,
      t,
      arrivalRate: t.map((_, b) => r.binArrivals[b] / width(b)),
      completed: Array.from(r.binCompleted),
      dropped: Array.from(r.binDropped),
      slaViolations: Array.from(r.binViolations),
      cores: t.map((_, b) => r.binCoreSeconds[b] / width(b)),
      accuracy: t.map((_, b) => (r.binCompleted[b] > 0 ? r.binAccuracy[b] / r.binCompleted[b] : NaN)),
      meanLatencyMs: t.map((_, b) => (r.binCompleted[b] > 0 ? (r.binLatencySum[b] / r.binCompleted[b]) * 1000 : NaN)),
      // Complete only after r.latencySummary() above (it works out a long interval's p99 with the summary).
      p99LatencyMs: Array.from(r.binP99, (v) => v * 1000),
      powerW: t.map((_, b) => (sc.accountEnergy ? (this.energy.binIdleJ[b] + this.energy.binDynamicJ[b]) / width(b) : NaN)),
      carbonG: sc.accountEnergy ? Array.from(this.energy.binCarbonG) : t.map(() => NaN),
      stages: this.stages.map((st, s) => this.stageSamples[s].series(st.name)),
    };
    const dm = Float64Array.from(this.decisionMs);
    return {
      name: sc.name,
      seed: sc.seed,
      policy: this.policy.name,
      summary,
      series,
      decisions: this.decisions,
      trace: sc.trace ? requestTrace(table, sc.accountEnergy) : undefined,
      ...(r.latencies instanceof LogHistogram ? { latencyCdf: histogramLatencyCdf(r.latencies) } : {}),
      timing: { wallMs, decisionMs: this.decisionMs, decisionMsSummary: summariseInPlace(dm) },
    };
  }
}

function requestTrace(t: RequestTable, accountEnergy: boolean): RequestTrace {
  const n = t.count;
  return {
    arrivalS: t.arrival.slice(0, n),
    finishedS: t.finished.slice(0, n),
    status: t.status.slice(0, n),
    stage: t.stage.slice(0, n),
    accuracy: Float64Array.from(t.status.subarray(0, n), (st, i) => (st === RequestStatus.Completed ? t.accuracy(i) : NaN)),
    energyJ: accountEnergy ? t.energyJ.slice(0, n) : new Float64Array(n).fill(NaN),
  };
}

/**
 * True when `next` asks for exactly the applied configuration `applied` (a clean copy): the same
 * variant, batch, replicas and device per stage and no other field, no `mix` (those take the full
 * path). Such a configuration passed validation when it was applied, and validation depends only
 * on the configuration, the pipeline and the cluster, which do not change.
 */
function sameAsApplied(next: readonly StageConfig[], applied: readonly StageConfig[]): boolean {
  if (!Array.isArray(next) || next.length !== applied.length || applied.length === 0) return false;
  for (let i = 0; i < next.length; i++) {
    const a = next[i];
    const b = applied[i];
    if (typeof a !== 'object' || a === null || b.mix !== undefined) return false;
    if (a.variant !== b.variant || a.batch !== b.batch || a.replicas !== b.replicas || (a.device ?? 'cpu') !== (b.device ?? 'cpu')) return false;
    let keys = 0;
    for (const k in a) {
      if (!Object.hasOwn(a, k)) return false;
      keys++;
    }
    if (keys !== (a.device === undefined ? 3 : 4)) return false;
  }
  return true;
}

/** A clean copy: only the known fields, `device` left out when it is the default; routing kept unless `deploymentsOnly`. */
function copyStageConfig(c: StageConfig, deploymentsOnly = false): StageConfig {
  const out: StageConfig = c.mix && c.mix.length > 0 ? { ...copyDeployment(c), mix: c.mix.map(copyDeployment) } : copyDeployment(c);
  if (!deploymentsOnly && c.shares !== undefined) {
    out.shares = [...c.shares];
    if (c.sharesFrom !== undefined) out.sharesFrom = Object.fromEntries(Object.entries(c.sharesFrom).map(([k, w]) => [k, [...w]]));
  }
  return out;
}

/** One deployment's known fields, `device` left out when it is the default. */
function copyDeployment(d: StageDeployment): StageDeployment {
  return deviceOf(d) === undefined ? { variant: d.variant, batch: d.batch, replicas: d.replicas } : { variant: d.variant, batch: d.batch, replicas: d.replicas, device: d.device };
}

/**
 * Whether two configurations ask for the same (validated configurations: the JSON of their clean
 * copies is equal). Stages of one deployment without shares, the usual case, are compared field by
 * field rather than through JSON (an IPA day applies ~3000 changed configurations).
 */
function sameConfig(a: readonly StageConfig[], b: readonly StageConfig[], deploymentsOnly = false): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (singleDeployment(x, deploymentsOnly) && singleDeployment(y, deploymentsOnly)) {
      if (x.variant !== y.variant || x.batch !== y.batch || x.replicas !== y.replicas || deviceOf(x) !== deviceOf(y)) return false;
    } else if (JSON.stringify(copyStageConfig(x, deploymentsOnly)) !== JSON.stringify(copyStageConfig(y, deploymentsOnly))) return false;
  }
  return true;
}

/** The device a clean copy keeps: none for the default (`cpu`). */
function deviceOf(d: StageDeployment): string | undefined {
  return d.device === undefined || d.device === 'cpu' ? undefined : d.device;
}

/** True when the clean copy of `c` is its one deployment's fields alone (no mix, no shares compared). */
function singleDeployment(c: StageConfig, deploymentsOnly: boolean): boolean {
  return (c.mix === undefined || c.mix.length === 0) && (deploymentsOnly || c.shares === undefined);
}

function scale(o: LatencySummary, k: number): LatencySummary {
  return { mean: o.mean * k, p50: o.p50 * k, p95: o.p95 * k, p99: o.p99 * k, max: o.max * k };
}


/** Compiles a validated scenario with its policy (async: policies may load solvers or weights). */
export async function createSimulation(scenario: ResolvedScenario): Promise<Simulation> {
  const policy = await createPolicy(scenario.policy, {
    pipeline: scenario.pipeline,
    slaMs: scenario.slaMs,
    adaptationIntervalS: scenario.adaptationIntervalS,
    totalCores: scenario.nodes.reduce((a, n) => a + n.cores, 0),
    random: createStreams(scenario.seed).get('policy'),
    maxBatchWaitMs: scenario.maxBatchWaitS * 1000,
    nodes: scenario.nodes,
    nodePower: scenario.energy.nodePower,
    energy: { node: scenario.energy.node, idle: scenario.energy.idle },
  });
  return new Simulation(scenario, policy);
}
