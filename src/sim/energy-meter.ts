import type { CarbonTrace } from '../energy/carbon.js';
import { JOULES_PER_KWH } from '../energy/carbon.js';
import { curveShare, type NodePowerSpec } from '../energy/power-model.js';
import { IntervalIndex } from '../metrics/interval-index.js';
import { TimeIntegral } from '../metrics/time-integral.js';
import { interpolateBatch } from '../profiles/batch-table.js';
import type { CompiledVariant } from '../serving/compiled-pipeline.js';
import type { Replica } from '../serving/replica.js';

/** Resolved energy settings of a run. */
export interface EnergySettings {
  /** The default power model: of every node without its own, and per core under `allocated` idle. */
  node: NodePowerSpec;
  /**
   * `cluster`: every node of the (finite) cluster draws idle power all the time.
   * `allocated`: idle power follows the cores allocated to replicas, `idleW / node.cores` per core
   * (nodes come and go with the allocation, as cloud VMs).
   */
  idle: 'cluster' | 'allocated';
  /**
   * Power model of each node of a finite cluster, by node index (empty when unbounded). Its `cores`
   * is the unit of utilisation: cores on CPU nodes, accelerator slots on accelerator nodes.
   */
  nodePower: NodePowerSpec[];
  carbon?: { trace: CarbonTrace; startHour: number; loop: boolean; pue: number };
}

/**
 * Energy accounting of a run: idle power over time plus the dynamic energy of every batch, split
 * evenly across the batch's requests. The summary window is [warm-up, duration]: idle energy is
 * integrated over it, and batches count when they start in it. Carbon weights each Joule by the
 * grid intensity in effect when it was drawn (a batch's at its start) times the PUE.
 */
export class EnergyMeter {
  readonly idle: TimeIntegral;
  private readonly idleCarbon: TimeIntegral;
  dynamicJ = 0;
  dynamicCarbonG = 0;
  /** Per series interval: idle J, dynamic J, carbon g. */
  readonly binIdleJ: Float64Array;
  readonly binDynamicJ: Float64Array;
  readonly binCarbonG: Float64Array;
  private binIdle: TimeIntegral;
  private binIdleCarbon: TimeIntegral;
  private openBin = 0;
  private idleW: number;
  /** Grid intensity now (gCO2/kWh), 0 without a carbon trace. */
  intensity = 0;
  private readonly perCoreIdleW: number;
  // The window's bounds as plain fields: read on every batch.
  private readonly warmupS: number;
  private readonly durationS: number;
  /** The series interval of a batch's start (batches start in time order). */
  private readonly binOf: IntervalIndex;

  constructor(
    readonly settings: EnergySettings,
    private readonly window: { warmupS: number; durationS: number; intervalS: number; bins: number },
    /** Where each request's share of a batch's energy goes: only the per-request trace reads it, so absent without one. */
    private readonly requestEnergy: (() => Float64Array) | undefined,
    private readonly taskOwner: () => Int32Array,
  ) {
    this.idleW = settings.idle === 'cluster' ? settings.nodePower.reduce((a, n) => a + n.idleW, 0) : 0;
    this.perCoreIdleW = settings.node.idleW / settings.node.cores;
    this.warmupS = window.warmupS;
    this.durationS = window.durationS;
    this.binOf = new IntervalIndex(window.intervalS);
    this.idle = new TimeIntegral(window.warmupS, window.durationS);
    this.idleCarbon = new TimeIntegral(window.warmupS, window.durationS);
    this.binIdleJ = new Float64Array(window.bins);
    this.binDynamicJ = new Float64Array(window.bins);
    this.binCarbonG = new Float64Array(window.bins);
    this.binIdle = new TimeIntegral(0, Math.min(window.intervalS, window.durationS));
    this.binIdleCarbon = new TimeIntegral(0, Math.min(window.intervalS, window.durationS));
    this.setIdle(0);
  }

  /** Times (s) at which the carbon intensity steps, within [0, duration). */
  carbonSteps(): number[] {
    const c = this.settings.carbon;
    if (!c) return [];
    const out: number[] = [];
    const offset = (c.startHour * 3600) % c.trace.stepS;
    for (let t = c.trace.stepS - offset; t < this.window.durationS; t += c.trace.stepS) out.push(t);
    return out;
  }

  /** Reads the intensity in effect at `now` (call at 0 and at every step from {@link carbonSteps}). */
  updateIntensity(now: number, intensityAt: (t: number) => number): void {
    this.intensity = intensityAt(now);
    this.setIdle(now);
  }

  /** Allocated cores changed (only matters for `allocated` idle). */
  onCores(now: number, usedCores: number): void {
    if (this.settings.idle === 'allocated') this.idleW = usedCores * this.perCoreIdleW;
    this.setIdle(now);
  }

  private setIdle(now: number): void {
    const gPerJ = this.settings.carbon ? (this.intensity * this.settings.carbon.pue) / JOULES_PER_KWH : 0;
    this.idle.set(now, this.idleW);
    this.idleCarbon.set(now, this.idleW * gPerJ);
    this.binIdle.set(now, this.idleW);
    this.binIdleCarbon.set(now, this.idleW * gPerJ);
  }

  /**
   * A batch started: its dynamic energy is the profile's `energyJ` at that batch size scaled by the
   * drawn service time over the mean (energy follows busy time), or, without one, the power model's
   * power above idle for the replica's cores times the service time. It counts at the batch's start, `r.batchStart`.
   */
  onBatch(r: Replica, v: CompiledVariant): void {
    const now = r.batchStart;
    const durationS = r.batchDurationS;
    const k = r.batchSize;
    const profiled = v.energyJ;
    // The rare cases are settled first, by calls of their own, and the energy is then worked out
    // from table reads and fields alone: a number chosen between a read and a call's result (`w ===
    // w ? w : f()`) is one V8 boxes on the heap, on every batch (one allocation per batch).
    if (profiled === undefined) {
      if (!(r.modelledPowerW === r.modelledPowerW)) this.workOutPowerW(r);
    } else if (!(k < profiled.length)) this.beyondEnergyTable(v, k);
    // The per-batch-size tables hold the same numbers interpolateBatch gives (see CompiledVariant).
    const e = profiled !== undefined ? profiled[k] * (durationS / v.latencyS[k]) : r.modelledPowerW * durationS;
    // The rarer parts (per-request shares, carbon) are apart so this stays small enough for V8 to
    // inline into the batch start (it inlines only so many bytecodes into one function).
    if (this.requestEnergy) this.shareOut(r, e);
    if (!(now < this.durationS)) return;
    const b = this.binOf.ofLater(now);
    if (now >= this.warmupS) this.dynamicJ += e;
    this.binDynamicJ[b] += e;
    // Without a carbon trace every batch's carbon is 0: adding it would change no sum, so it is skipped.
    if (this.settings.carbon) this.addCarbon(now, b, e);
  }

  /**
   * A batch larger than the variant's energy table (`CompiledVariant.energyJ` covers every size its
   * profile's `energyJ` does): what reading the profile there says, which is an error.
   */
  private beyondEnergyTable(v: CompiledVariant, k: number): never {
    interpolateBatch(v.energy!, k);
    throw new RangeError(`batch size ${k} is beyond the energy table of variant "${v.name}"`);
  }

  /** Splits a batch's energy `e` evenly across its requests (for the per-request trace). */
  private shareOut(r: Replica, e: number): void {
    const k = r.batchSize;
    const share = e / k;
    const perRequest = this.requestEnergy!();
    const owner = this.taskOwner();
    for (let i = 0; i < k; i++) perRequest[owner[r.batch[i]]] += share;
  }

  /** The carbon of a batch's energy `e` started at `now` (in interval `b`), at the intensity in effect. */
  private addCarbon(now: number, b: number, e: number): void {
    const carbon = this.settings.carbon!;
    const g = (e * this.intensity * carbon.pue) / JOULES_PER_KWH;
    if (now >= this.warmupS) this.dynamicCarbonG += g;
    this.binCarbonG[b] += g;
  }

  /**
   * Sets `r.modelledPowerW`, the dynamic power (W) the power model gives a replica while it serves: its node's power above
   * idle at the replica's utilisation of the node, in the node's units (cores, or accelerator slots
   * on accelerator nodes). Fixed while the replica lives (its node and needs do not change), so it is
   * worked out at its first batch and kept on the replica (`Replica.modelledPowerW`): the per-batch
   * cost is a field read and one multiplication. Apart from {@link onBatch} so it stays small; it
   * returns nothing, for the reason given there.
   */
  private workOutPowerW(r: Replica): void {
    const node = this.settings.nodePower[r.node] ?? this.settings.node;
    const units = r.needs.device === 'cpu' ? r.cores : r.needs.accelerators;
    r.modelledPowerW = (node.maxW - node.idleW) * curveShare(node.curve, Math.min(1, units / node.cores));
  }

  /** Closes a series interval (same cadence as the recorder's). */
  closeBin(): void {
    const b = this.openBin++;
    if (b >= this.window.bins) return;
    const end = Math.min((b + 1) * this.window.intervalS, this.window.durationS);
    const next = Math.min(end + this.window.intervalS, this.window.durationS);
    this.binIdle.advance(end);
    this.binIdleCarbon.advance(end);
    this.binIdleJ[b] = this.binIdle.total;
    this.binCarbonG[b] += this.binIdleCarbon.total;
    const w = this.binIdle.current;
    const c = this.binIdleCarbon.current;
    this.binIdle = new TimeIntegral(end, next);
    this.binIdleCarbon = new TimeIntegral(end, next);
    this.binIdle.set(end, w);
    this.binIdleCarbon.set(end, c);
  }

  /** Totals over the summary window. */
  totals(): { idleJ: number; dynamicJ: number; carbonG: number } {
    this.idle.advance(this.window.durationS);
    this.idleCarbon.advance(this.window.durationS);
    return { idleJ: this.idle.total, dynamicJ: this.dynamicJ, carbonG: this.idleCarbon.total + this.dynamicCarbonG };
  }
}
