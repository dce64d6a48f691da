import type { PipelineProfile, StageProfile } from '../profiles/types.js';
import { latencyMs } from '../profiles/variant.js';
import { closest } from '../util/closest.js';
import type { OptionReader } from './options.js';

/**
 * Reads a per-stage list of variant names at `policy.<key>`: an array with one name per stage,
 * each a variant of that stage (a misspelt name gets a suggestion). `undefined` when absent.
 */
export function readVariantList(r: OptionReader, key: string, pipeline: PipelineProfile): string[] | undefined {
  const v = r.value(key);
  if (v === undefined) return undefined;
  const S = pipeline.stages.length;
  if (!Array.isArray(v) || v.length !== S) {
    r.issue(key, `an array of ${S} variant names, one per stage`, v);
    return undefined;
  }
  let ok = true;
  v.forEach((name, s) => {
    const names = pipeline.stages[s].variants.map((x) => x.name);
    if (typeof name !== 'string' || !names.includes(name)) {
      const near = typeof name === 'string' ? closest(name, names) : undefined;
      r.issue(`${key}[${s}]`, `a variant of stage "${pipeline.stages[s].name}" (${names.join(', ')})`, name, near ? `did you mean "${near}"?` : undefined);
      ok = false;
    }
  });
  return ok ? (v as string[]) : undefined;
}

/** Reads a per-stage list of replica counts (integers >= 1) at `policy.<key>`; `undefined` when absent. */
export function readReplicaList(r: OptionReader, key: string, stages: number): number[] | undefined {
  const v = r.value(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== stages) {
    r.issue(key, `an array of ${stages} replica counts, one per stage`, v);
    return undefined;
  }
  let ok = true;
  v.forEach((n, s) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      r.issue(`${key}[${s}]`, 'an integer >= 1', n);
      ok = false;
    }
  });
  return ok ? (v as number[]) : undefined;
}

/** The least accurate variant of a stage (ties: the faster at batch 1): FA2-low's generic choice. */
export function lightestVariant(stage: StageProfile): string {
  return stage.variants.reduce((a, b) =>
    b.accuracy < a.accuracy || (b.accuracy === a.accuracy && latencyMs(b, 1) < latencyMs(a, 1)) ? b : a,
  ).name;
}

/** The most accurate variant of a stage (ties: the faster at batch 1): FA2-high's generic choice. */
export function mostAccurateVariant(stage: StageProfile): string {
  return stage.variants.reduce((a, b) =>
    b.accuracy > a.accuracy || (b.accuracy === a.accuracy && latencyMs(b, 1) < latencyMs(a, 1)) ? b : a,
  ).name;
}
