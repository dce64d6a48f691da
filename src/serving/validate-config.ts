import { describeValue, type InputIssue } from '../errors.js';
import { closest } from '../util/closest.js';
import type { StageConfig } from '../policies/types.js';
import { deployKey, type CompiledStage } from './compiled-pipeline.js';

const DEPLOYMENT_KEYS = ['variant', 'batch', 'replicas', 'device'];
const STAGE_KEYS = [...DEPLOYMENT_KEYS, 'mix', 'shares', 'sharesFrom'];

/**
 * Checks a configuration against the pipeline: one entry per stage, known variant names, a device
 * the variant has a profile for and the cluster has nodes of, integer batch sizes within the
 * profiled range, integer replica counts >= 0, and in a `mix` no (variant, device) twice. Returns
 * the issues found, with paths under `path`.
 */
export function configIssues(config: unknown, stages: readonly CompiledStage[], path: string, clusterDevices?: readonly string[]): InputIssue[] {
  if (!Array.isArray(config) || config.length !== stages.length) {
    return [{ path, expected: `an array of ${stages.length} { variant, batch, replicas }, one per stage`, received: describeValue(config) }];
  }
  const issues: InputIssue[] = [];
  config.forEach((c: Partial<StageConfig> | null, i) => {
    const at = `${path}[${i}]`;
    if (typeof c !== 'object' || c === null) {
      issues.push({ path: at, expected: '{ variant, batch, replicas }', received: describeValue(c) });
      return;
    }
    deploymentIssues(c, stages[i], at, STAGE_KEYS, clusterDevices, issues);
    if (c.mix !== undefined && !Array.isArray(c.mix)) {
      issues.push({ path: `${at}.mix`, expected: 'an array of { variant, batch, replicas, device? }', received: describeValue(c.mix) });
      return;
    }
    routingIssues(c, stages, i, at, issues);
    if (c.mix === undefined) return;
    const seen = new Set([deployKey(String(c.variant), c.device)]);
    c.mix.forEach((d: unknown, j) => {
      const dat = `${at}.mix[${j}]`;
      if (typeof d !== 'object' || d === null) {
        issues.push({ path: dat, expected: '{ variant, batch, replicas, device? }', received: describeValue(d) });
        return;
      }
      const dep = d as Partial<StageConfig>;
      deploymentIssues(dep, stages[i], dat, DEPLOYMENT_KEYS, clusterDevices, issues);
      const key = deployKey(String(dep.variant), dep.device);
      if (seen.has(key)) issues.push({ path: dat, expected: 'a (variant, device) not already deployed in this stage', received: JSON.stringify(key) });
      seen.add(key);
    });
  });
  return issues;
}

/**
 * True when `config` is a valid configuration of plain stages only (each an own-keyed `{ variant,
 * batch, replicas, device? }`: no `mix`, no routing) for which {@link configIssues} finds nothing;
 * false when it is not, or has anything else (then ask {@link configIssues}). Allocates nothing, so
 * the thousands of configurations an adaptive run applies are checked without building paths.
 */
export function isValidPlainConfig(config: unknown, stages: readonly CompiledStage[], clusterDevices?: readonly string[]): boolean {
  if (!Array.isArray(config) || config.length !== stages.length) return false;
  for (let i = 0; i < config.length; i++) {
    const c: unknown = config[i];
    if (typeof c !== 'object' || c === null) return false;
    for (const key in c) {
      if (!Object.hasOwn(c, key) || !(key === 'variant' || key === 'batch' || key === 'replicas' || key === 'device')) return false;
    }
    const { variant, batch, replicas, device } = c as Partial<StageConfig>;
    if (typeof variant !== 'string' || !(device === undefined || typeof device === 'string')) return false;
    const on = device ?? 'cpu';
    const vi = stages[i].variantIndex.get(deployKey(variant, on));
    if (vi === undefined) return false;
    // The key names this (variant, device) pair, not another variant whose name holds an "@".
    const v = stages[i].variants[vi];
    if (v.name !== variant || v.device !== on) return false;
    if (clusterDevices !== undefined && !clusterDevices.includes(on)) return false;
    if (!Number.isInteger(batch) || (batch as number) < 1 || (batch as number) > v.maxBatch) return false;
    if (!Number.isInteger(replicas) || (replicas as number) < 0) return false;
  }
  return true;
}

/**
 * Problems of a stage's `shares` and `sharesFrom`: one weight >= 0 per deployment (`[this one,
 * ...mix]`) with a positive sum; `sharesFrom` keys naming a parent stage's variant (or
 * `variant@device`), and only with `shares`.
 */
function routingIssues(c: Partial<StageConfig>, stages: readonly CompiledStage[], i: number, at: string, issues: InputIssue[]): void {
  const n = 1 + (c.mix?.length ?? 0);
  const weights = (w: unknown, path: string) => {
    if (!Array.isArray(w) || w.length !== n || !w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !(w.reduce((a: number, x: number) => a + x, 0) > 0)) {
      issues.push({ path, expected: `${n} finite weights >= 0 with a positive sum, one per deployment ([this one${n > 1 ? ', ...mix' : ''}])`, received: describeValue(w) });
    }
  };
  if (c.shares !== undefined) weights(c.shares, `${at}.shares`);
  if (c.sharesFrom === undefined) return;
  if (c.shares === undefined) {
    issues.push({ path: `${at}.shares`, expected: 'the default shares, for tasks from deployments sharesFrom does not list', received: 'nothing' });
  }
  if (typeof c.sharesFrom !== 'object' || c.sharesFrom === null || Array.isArray(c.sharesFrom)) {
    issues.push({ path: `${at}.sharesFrom`, expected: 'an object of shares by upstream variant', received: describeValue(c.sharesFrom) });
    return;
  }
  const keys = new Set<string>();
  stages.forEach((st) => {
    if (!st.children.some((e) => e.to === i)) return;
    for (const v of st.variants) keys.add(v.name).add(deployKey(v.name, v.device));
  });
  for (const [key, w] of Object.entries(c.sharesFrom)) {
    if (!keys.has(key)) {
      const near = closest(key, [...keys]);
      issues.push({
        path: `${at}.sharesFrom.${key}`,
        expected: keys.size ? `a variant (or variant@device) of a parent stage: ${[...keys].map((k) => JSON.stringify(k)).join(', ')}` : 'no sharesFrom: this stage has no parent stage',
        received: JSON.stringify(key),
        hint: near ? `did you mean "${near}"?` : undefined,
      });
    }
    weights(w, `${at}.sharesFrom.${key}`);
  }
}

function deploymentIssues(c: Partial<StageConfig>, stage: CompiledStage, at: string, keys: string[], clusterDevices: readonly string[] | undefined, issues: InputIssue[]): void {
  for (const key of Object.keys(c)) {
    if (!keys.includes(key)) {
      const near = closest(key, keys);
      issues.push({ path: `${at}.${key}`, expected: `only ${keys.join(', ')}`, received: 'an unknown key', hint: near ? `did you mean "${near}"?` : undefined });
    }
  }
  const names = [...new Set(stage.variants.map((v) => v.name))];
  const known = typeof c.variant === 'string' && names.includes(c.variant);
  if (!known) {
    const near = typeof c.variant === 'string' ? closest(c.variant, names) : undefined;
    issues.push({
      path: `${at}.variant`,
      expected: `a variant of stage "${stage.name}": ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      received: describeValue(c.variant),
      hint: near ? `did you mean "${near}"?` : undefined,
    });
  }
  const device = c.device ?? 'cpu';
  const vi = known ? stage.variantIndex.get(deployKey(c.variant as string, device)) : undefined;
  if (known && vi === undefined) {
    const devices = stage.variants.filter((v) => v.name === c.variant).map((v) => v.device);
    issues.push({ path: `${at}.device`, expected: `a device "${c.variant}" has a profile for: ${devices.map((d) => JSON.stringify(d)).join(', ')}`, received: describeValue(c.device) });
  } else if (clusterDevices && !clusterDevices.includes(device)) {
    issues.push({ path: `${at}.device`, expected: `a device type the cluster has nodes of: ${clusterDevices.map((d) => JSON.stringify(d)).join(', ')}`, received: JSON.stringify(device) });
  }
  const max = vi === undefined ? Infinity : stage.variants[vi].maxBatch;
  if (!Number.isInteger(c.batch) || (c.batch as number) < 1 || (c.batch as number) > max) {
    issues.push({ path: `${at}.batch`, expected: `an integer from 1 to ${max === Infinity ? 'the largest profiled batch size' : `${max} (the largest profiled batch size)`}`, received: describeValue(c.batch) });
  }
  if (!Number.isInteger(c.replicas) || (c.replicas as number) < 0) {
    issues.push({ path: `${at}.replicas`, expected: 'an integer >= 0', received: describeValue(c.replicas) });
  }
}
