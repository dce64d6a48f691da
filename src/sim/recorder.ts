import { GrowableFloat64 } from '../metrics/growable.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { HISTOGRAM_FROM, p99InPlace, summariseInPlace, summariseWithSegmentP99 } from '../metrics/latency-summary.js';
import { IntervalIndex } from '../metrics/interval-index.js';
import { TimeIntegral } from '../metrics/time-integral.js';
import type { CompiledVariant } from '../serving/compiled-pipeline.js';
import type { Replica } from '../serving/replica.js';
import type { EnergyMeter } from './energy-meter.js';
import type { RequestTable } from '../serving/request-table.js';
import type { ServingHooks } from '../serving/serving-system.js';

/**
 * Turns what the serving model reports into the summary and per-interval series: per-request
 * latency and accuracy, drops, SLA violations, cores over time. Summary counts cover requests that
 * arrived at or after the warm-up; series bins cover [0, durationS).
 *
 * The run's latencies are kept one by one for exact percentiles, or, with `relativeError`
 * (streaming recording), in a {@link LogHistogram} of bounded size. Per-interval p99s are exact in
 * both: their buffer holds one interval's completions and is reused (or, with exact recording and
 * no warm-up, is the interval's segment of the run's latencies: see {@link binsInLatencies}).
 */
export class RunRecorder implements ServingHooks {
  // Summary accumulators (requests arriving at or after warm-up).
  requests = 0;
  completed = 0;
  dropped = 0;
  late = 0;
  accuracySum = 0;
  /** Latencies (s) of the summary's completed requests: all of them (exact), or a histogram. */
  readonly latencies: GrowableFloat64 | LogHistogram;
  /** With exact recording, the sum of {@link latencies} added as they came (the summary's mean). */
  private latencySum = 0;
  readonly cores: TimeIntegral;

  // Per-interval accumulators.
  readonly bins: number;
  readonly binArrivals: Float64Array;
  readonly binCompleted: Float64Array;
  readonly binDropped: Float64Array;
  readonly binViolations: Float64Array;
  readonly binAccuracy: Float64Array;
  readonly binLatencySum: Float64Array;
  readonly binP99: Float64Array;
  readonly binCoreSeconds: Float64Array;
  private readonly binLatencies: GrowableFloat64;
  /**
   * Exact recording with no warm-up: every completed request is in the summary, so an interval's
   * latencies are the segment `[binFrom, binTo)` of {@link latencies} (completions are in time
   * order), and its p99 is selected there rather than in a second buffer holding every latency
   * again. The selection reorders the segment; the summary's percentiles and max do not depend on
   * the order, and its mean comes from {@link latencySum}, so the results keep every bit.
   */
  private readonly binsInLatencies: boolean;
  private binFrom = 0;
  private binTo = 0;
  /**
   * With {@link binsInLatencies}: the first interval whose segment of the latencies is long (a run
   * with one long series interval), whose p99 is left to {@link latencySummary}, which finds it in
   * the same passes as the summary's percentiles (`summariseWithSegmentP99`). Later intervals'
   * selections reorder only their own segments, and the summary does not depend on the order.
   */
  private deferred: { bin: number; from: number; to: number } | undefined;
  private binCores: TimeIntegral;
  private openBin = 0;
  /** The interval of an arrival's or an end's time (the clock's: times do not decrease). */
  private readonly binOf: IntervalIndex;

  /** Latencies (s) completed since the last policy decision, for the observation. */
  readonly recentLatencies = new GrowableFloat64();
  recentDrops = 0;
  /**
   * Whether {@link recentLatencies} is kept: true while an observation may still read it. The
   * simulation turns it off once a run going to its end without stepping has made its last policy
   * decision: nothing reads the window after that, and in a run with one decision (a static
   * configuration) the window would otherwise grow to every latency of the run, a second copy.
   */
  keepRecent = true;

  /** Energy accounting, fed from the same hooks (set by the simulation). */
  energy: EnergyMeter | undefined;

  /**
   * The serving model's request table, read when a request ends (set by the simulation once the
   * serving model exists, since the model takes this recorder as its hooks). A field rather than a
   * getter function: one call less per request, which counts before V8 optimises the run.
   */
  requestTable!: RequestTable;

  constructor(
    private readonly opts: { warmupS: number; durationS: number; slaS: number; intervalS: number; relativeError?: number; expectedRequests?: number },
  ) {
    // Sized for the run's expected completions: growing by doubling costs copies and page faults.
    this.latencies = opts.relativeError === undefined ? new GrowableFloat64(Math.max(1024, opts.expectedRequests ?? 0)) : new LogHistogram(opts.relativeError);
    this.cores = new TimeIntegral(opts.warmupS, opts.durationS);
    this.bins = Math.ceil(opts.durationS / opts.intervalS - 1e-9);
    this.binOf = new IntervalIndex(opts.intervalS);
    const f = () => new Float64Array(this.bins);
    this.binArrivals = f();
    this.binCompleted = f();
    this.binDropped = f();
    this.binViolations = f();
    this.binAccuracy = f();
    this.binLatencySum = f();
    this.binP99 = f().fill(NaN);
    this.binCoreSeconds = f();
    this.binCores = new TimeIntegral(0, Math.min(opts.intervalS, opts.durationS));
    // An interval's latencies, sized for its expected completions (up to 2^21, 16 MB; it grows past
    // that if needed) so a run with few long intervals does not grow it by doubling either.
    this.binsInLatencies = opts.relativeError === undefined && opts.warmupS === 0;
    const perBin = opts.expectedRequests === undefined || this.binsInLatencies ? 0 : Math.ceil((opts.expectedRequests * Math.min(opts.intervalS, opts.durationS)) / opts.durationS);
    this.binLatencies = new GrowableFloat64(Math.min(Math.max(1024, perBin), 1 << 21));
  }

  /** Request `id` arrived (at `requestTable.arrival[id]`; an id, not a time: see `ServingHooks.onComplete`). */
  onArrival(id: number): void {
    const t = this.requestTable.arrival[id];
    if (t >= this.opts.warmupS) this.requests++;
    this.binArrivals[this.binOf.ofLater(t)]++;
  }

  onComplete(id: number): void {
    const t = this.requestTable;
    const now = t.finished[id];
    const arrival = t.arrival[id];
    const latency = now - arrival;
    const acc = t.accuracy(id);
    const violated = latency > this.opts.slaS;
    if (arrival >= this.opts.warmupS) {
      this.completed++;
      this.accuracySum += acc;
      this.latencies.push(latency);
      this.latencySum += latency;
      if (violated) this.late++;
    }
    if (this.keepRecent) this.recentLatencies.push(latency);
    if (now < this.opts.durationS) {
      const b = this.binOf.ofLater(now);
      this.binCompleted[b]++;
      this.binAccuracy[b] += acc;
      this.binLatencySum[b] += latency;
      if (this.binsInLatencies) this.binTo = this.completed; // every completion was pushed: completed = latencies' length
      else this.binLatencies.push(latency);
      if (violated) this.binViolations[b]++;
    }
  }

  onDrop(id: number): void {
    const now = this.requestTable.finished[id];
    if (this.requestTable.arrival[id] >= this.opts.warmupS) this.dropped++;
    this.recentDrops++;
    if (now < this.opts.durationS) {
      const b = this.binOf.ofLater(now);
      this.binDropped[b]++;
      this.binViolations[b]++;
    }
  }

  onCores(now: number, usedCores: number): void {
    this.cores.set(now, usedCores);
    this.binCores.set(now, usedCores);
    this.energy?.onCores(now, usedCores);
  }

  onBatch(replica: Replica, variant: CompiledVariant): void {
    this.energy?.onBatch(replica, variant);
  }

  /** Closes the interval ending at `now` (called at each interval boundary, and at durationS). */
  closeBin(): void {
    const b = this.openBin++;
    if (b >= this.bins) return;
    const end = Math.min((b + 1) * this.opts.intervalS, this.opts.durationS);
    this.binCores.advance(end);
    this.binCoreSeconds[b] = this.binCores.total;
    const cur = this.binCores.current;
    this.binCores = new TimeIntegral(end, Math.min(end + this.opts.intervalS, this.opts.durationS));
    this.binCores.set(end, cur);
    if (this.binsInLatencies) {
      const all = (this.latencies as GrowableFloat64).view();
      if (this.binTo - this.binFrom >= HISTOGRAM_FROM && this.deferred === undefined) this.deferred = { bin: b, from: this.binFrom, to: this.binTo };
      else if (this.binTo > this.binFrom) this.binP99[b] = p99InPlace(all.subarray(this.binFrom, this.binTo));
      // Completions pushed at or after durationS (before this last close) belong to no interval.
      this.binFrom = this.binTo = all.length;
    } else {
      if (this.binLatencies.length > 0) this.binP99[b] = p99InPlace(this.binLatencies.view());
      this.binLatencies.clear();
    }
  }

  /**
   * Latency summary of the completed requests (reorders an exact buffer in place: call once, at the
   * end, before reading {@link binP99}, which it completes).
   */
  latencySummary() {
    const l = this.latencies;
    if (l instanceof LogHistogram) return l.summary();
    const d = this.deferred;
    if (d === undefined) return summariseInPlace(l.view(), this.latencySum);
    this.deferred = undefined;
    const both = summariseWithSegmentP99(l.view(), this.latencySum, d.from, d.to);
    this.binP99[d.bin] = both.segmentP99;
    return both.summary;
  }
}
