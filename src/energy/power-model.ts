/**
 * Node power models: the power a server draws as a function of its CPU utilisation, and the energy a
 * batch adds on top of the node's idle power when a profile carries no measured `energyJ`.
 *
 * Browser-safe: plain arithmetic, no file or process access.
 *
 * Units: watts (W) for power, joules (J) for energy, seconds (s) for durations; utilisation `u` is the
 * share of the node's cores that are busy, in [0, 1].
 *
 * @module
 */
import { InputError, describeValue, type InputIssue } from '../errors.js';

/**
 * The shape of `P(u)` between idle (`u = 0`) and full load (`u = 1`):
 * - `linear`: `P(u) = P_idle + (P_max - P_idle) u`, the SPECpower-style line;
 * - `fan2007`: `P(u) = P_idle + (P_max - P_idle)(2u - u^1.4)`, the empirical curve of Fan, Weber and
 *   Barroso ("Power provisioning for a warehouse-sized computer", ISCA 2007). It rises faster than the
 *   line at low load and meets it at both ends.
 */
export type PowerCurve = 'linear' | 'fan2007';

/** The curves {@link validateNodePowerSpec} accepts. */
export const POWER_CURVES: readonly PowerCurve[] = ['linear', 'fan2007'];

/**
 * The power model of one node (server).
 *
 * @example
 * ```ts
 * const node: NodePowerSpec = { idleW: 60, maxW: 330, curve: 'linear', cores: 48 };
 * nodePowerW(node, 0.5); // 195 W
 * ```
 */
export interface NodePowerSpec {
  /** Power at zero utilisation, W (`P_idle`). */
  idleW: number;
  /** Power with every core busy, W (`P_max`); at least `idleW`. */
  maxW: number;
  /** Shape of `P(u)` between the two. */
  curve: PowerCurve;
  /** Cores of the node: utilisation is busy cores / `cores`. */
  cores: number;
}

/**
 * The power model of the reference server the bundled IPA profiles' `energyJ` was derived with
 * (profiles/README.md, "Derived energy"): CPU-package power, as RAPL reports it, of a 2-socket,
 * 48-core Cascade Lake Xeon node (e.g. 2 x Xeon Gold 6240R): 60 W idle and 330 W (2 x 165 W TDP)
 * with every core busy, linear in between. Assumed figures, not measurements. A simulation of the
 * bundled profiles should charge this node's idle power, so the idle and the per-batch figures
 * describe the same machine.
 */
export const REFERENCE_NODE_POWER: Readonly<NodePowerSpec> = Object.freeze({
  idleW: 60,
  maxW: 330,
  curve: 'linear',
  cores: 48,
});

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Checks a node power model and returns it typed. Collects every problem before throwing.
 *
 * @param spec - the candidate, e.g. parsed from a scenario file.
 * @param path - JSON path of `spec` in its document, used in the error messages.
 * @throws {InputError} listing each bad field: `idleW` not a finite number >= 0, `maxW` below `idleW`,
 *   `curve` not one of {@link POWER_CURVES}, `cores` not a finite number > 0.
 */
export function validateNodePowerSpec(spec: unknown, path = 'power'): NodePowerSpec {
  const at = (k: string): string => (path === '' ? k : `${path}.${k}`);
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InputError([
      { path, expected: 'a node power model { idleW, maxW, curve, cores }', received: describeValue(spec) },
    ]);
  }
  const s = spec as Record<string, unknown>;
  const issues: InputIssue[] = [];
  if (!isNum(s.idleW) || s.idleW < 0) {
    issues.push({ path: at('idleW'), expected: 'idle power in W, a finite number >= 0', received: describeValue(s.idleW) });
  }
  if (!isNum(s.maxW) || s.maxW < 0) {
    issues.push({ path: at('maxW'), expected: 'full-load power in W, a finite number >= 0', received: describeValue(s.maxW) });
  } else if (isNum(s.idleW) && s.maxW < s.idleW) {
    issues.push({
      path: at('maxW'),
      expected: `full-load power >= idleW (${s.idleW} W)`,
      received: describeValue(s.maxW),
      hint: 'are idleW and maxW swapped?',
    });
  }
  if (typeof s.curve !== 'string' || !(POWER_CURVES as readonly string[]).includes(s.curve)) {
    issues.push({ path: at('curve'), expected: `one of ${POWER_CURVES.join(', ')}`, received: describeValue(s.curve) });
  }
  if (!isNum(s.cores) || s.cores <= 0) {
    issues.push({ path: at('cores'), expected: 'cores of the node, a finite number > 0', received: describeValue(s.cores) });
  }
  if (issues.length > 0) throw new InputError(issues);
  return { idleW: s.idleW as number, maxW: s.maxW as number, curve: s.curve as PowerCurve, cores: s.cores as number };
}

/**
 * The curve's share of the dynamic range at utilisation `u`: `u` (linear) or `2u - u^1.4` (fan2007).
 * 0 at `u = 0`, 1 at `u = 1`, increasing in between. The caller keeps `u` in [0, 1].
 */
export function curveShare(curve: PowerCurve, u: number): number {
  return curve === 'linear' ? u : 2 * u - Math.pow(u, 1.4);
}

function checkUtilisation(u: number, path: string): void {
  // Written to be false for NaN too.
  if (!(u >= 0 && u <= 1)) {
    throw new InputError([{ path, expected: 'a utilisation in [0, 1]', received: describeValue(u) }]);
  }
}

/**
 * Node power at utilisation `u`: `P(u) = P_idle + (P_max - P_idle) f(u)`, with `f` the spec's curve.
 *
 * @param spec - a valid model (see {@link validateNodePowerSpec}).
 * @param u - busy cores / node cores, in [0, 1].
 * @returns watts.
 * @throws {InputError} when `u` is outside [0, 1].
 */
export function nodePowerW(spec: NodePowerSpec, u: number): number {
  checkUtilisation(u, 'u');
  return spec.idleW + (spec.maxW - spec.idleW) * curveShare(spec.curve, u);
}

/**
 * The node's power above idle with `coresBusy` of its cores busy: `P(coresBusy / cores) - P_idle`.
 * With the node's *total* busy cores this is its exact dynamic power under either curve.
 *
 * @returns watts, >= 0.
 * @throws {InputError} when `coresBusy` is negative or above the node's cores.
 */
export function dynamicPowerW(spec: NodePowerSpec, coresBusy: number): number {
  const u = coresBusy / spec.cores;
  checkUtilisation(u, 'coresBusy / cores');
  return (spec.maxW - spec.idleW) * curveShare(spec.curve, u);
}

/**
 * Dynamic energy of one batch from a power model, for profiles without `energyJ`:
 * `(P(coresBusy / cores) - P_idle) * durationS`, the node's power above idle while the batch's
 * `coresBusy` cores (usually the replica's cores) are busy for `durationS` seconds.
 *
 * Idle power is not in it: the simulator charges `P_idle` per node over time
 * ({@link idleEnergyJ}), whether or not batches run.
 *
 * - `linear`: exact. Power above idle is proportional to busy cores, so batches running at the same
 *   time on one node add up to the node's dynamic energy.
 * - `fan2007`: an approximation. The batch is charged the marginal power of its own cores as if it
 *   were alone on the node. The curve is concave, so when batches overlap the sum of their charges
 *   exceeds the node's true dynamic energy (at most by the factor `f(u_1) / u_1` of the
 *   smallest batch, 2 at the limit of tiny batches); with one batch at a time it is exact. For exact
 *   node-level figures under `fan2007`, integrate {@link dynamicPowerW} of the node's total busy
 *   cores over time instead.
 *
 * @param spec - a valid model (see {@link validateNodePowerSpec}).
 * @param coresBusy - cores busy for the batch, in [0, spec.cores].
 * @param durationS - the batch's service time in seconds, >= 0.
 * @returns joules, >= 0.
 * @throws {InputError} when `coresBusy` is out of range or `durationS` negative or not finite.
 *
 * @example
 * ```ts
 * // 2 cores of a 48-core, 60-330 W linear node busy for 0.25 s: 270 W x 2/48 x 0.25 s = 2.8125 J
 * dynamicBatchEnergyJ({ idleW: 60, maxW: 330, curve: 'linear', cores: 48 }, 2, 0.25);
 * ```
 */
export function dynamicBatchEnergyJ(spec: NodePowerSpec, coresBusy: number, durationS: number): number {
  if (!(durationS >= 0) || durationS === Infinity) {
    throw new InputError([{ path: 'durationS', expected: 'a duration in s, finite and >= 0', received: describeValue(durationS) }]);
  }
  return dynamicPowerW(spec, coresBusy) * durationS;
}

/**
 * Idle energy of a node over `durationS` seconds: `P_idle * durationS`. An idle system uses exactly
 * this; a loaded one uses this plus the dynamic energy of its batches.
 *
 * @returns joules.
 * @throws {InputError} when `durationS` is negative or not finite.
 */
export function idleEnergyJ(spec: NodePowerSpec, durationS: number): number {
  if (!(durationS >= 0) || durationS === Infinity) {
    throw new InputError([{ path: 'durationS', expected: 'a duration in s, finite and >= 0', received: describeValue(durationS) }]);
  }
  return spec.idleW * durationS;
}
