import * as z from 'zod';
import { InputError, describeValue, type InputIssue } from '../errors.js';
import type { WorkloadSpec } from '../sim/scenario.js';
import { scenarioSchemas } from '../sim/schema.js';
import { lazy, lazyObject } from '../util/lazy.js';
import { checkInput, schemaKeys } from '../sim/zod-issues.js';
import { closest } from '../util/closest.js';

/** One policy of a sweep: a registered policy name with its options, and an optional label for tables. */
export type SweepPolicy = { label?: string; name: string } & Record<string, unknown>;

/** One workload of a sweep: a scenario workload with an optional label for tables. */
export type SweepWorkload = { label?: string } & WorkloadSpec;

/** The seeds of a sweep: a list, or `count` consecutive integers from `from`. */
export type SweepSeeds = (number | string)[] | { from: number; count: number };

/**
 * A sweep: the product of parameter values, workloads, policies and seeds over a base scenario.
 * Plain JSON, so a sweep is a file (`infersim sweep sweep.json`). See docs/sweeps.md.
 */
export interface SweepSpec {
  /** Name of the sweep, written in every row (`sweep` column). */
  name: string;
  description?: string;
  /**
   * The scenario every run starts from: an object, or a scenario file's path (relative to the sweep
   * file; read by `loadSweepFile` / `runSweep` in Node). It may leave out what the sweep supplies
   * (seed, policy, and workload when `workloads` is given).
   */
  base: Record<string, unknown> | string;
  /** Policies to compare; each replaces `base.policy`. */
  policies: SweepPolicy[];
  /** Workloads; each replaces `base.workload`. Without it, the base's workload is the only one. */
  workloads?: SweepWorkload[];
  seeds: SweepSeeds;
  /** A grid over any scenario field by dotted path, e.g. `{ "cluster.cores": [16, 32] }`. */
  params?: Record<string, unknown[]>;
  /** What to write besides the rows: `series: true` writes each run's time series. */
  output?: { series?: boolean };
}

/** Builds the sweep schema; once, through {@link sweepSchemaOf}. */
function buildSweepSchema() {
  const seed = z.union([z.number().int(), z.string().min(1)]);
  const label = z.string().min(1);
  return z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    policies: z.array(z.looseObject({ label: label.optional(), name: z.string().min(1) })).min(1),
    workloads: z.array(z.looseObject({ label: label.optional() })).min(1).optional(),
    seeds: z.union([z.array(seed).min(1), z.strictObject({ from: z.number().int(), count: z.number().int().positive() })]),
    params: z.record(z.string().min(1), z.array(z.unknown()).min(1)).optional(),
    output: z.strictObject({ series: z.boolean().optional() }).optional(),
  });
}

// Built on first use, not at import: making it was ~15% of `import 'infersim'`'s work above Node's
// own start-up (zod compiles each schema kind's constructor on first use; bench/README.md, "Start-up").
const sweepSchemaOf = lazy(buildSweepSchema);

/**
 * The sweep format as a zod schema; scenario parts are checked against the scenario schema.
 * Built on its first use (reading a property, `parse`, ...), so importing it costs nothing.
 */
export const sweepSchema = /* @__PURE__ */ lazyObject(sweepSchemaOf);

// Suggestions for a misspelt key come from the sweep's own keys at its level and from the
// scenario's inside `base` and the workloads, so "polices" suggests "policies", not "policy".
// Made on the first validation with the scenario schemas (lazy, as those: see sim/schema.ts).
const scenarioParts = lazy(() => {
  const { scenarioSchema, workloadSchema } = scenarioSchemas();
  return {
    sweepVocabulary: schemaKeys(sweepSchemaOf()),
    vocabulary: schemaKeys(scenarioSchema),
    scenarioKeys: Object.keys(scenarioSchema.shape),
    // The base may leave out what the sweep supplies; its keys are still checked, so a typo is caught
    // before hundreds of runs start rather than in each of them.
    baseSchema: scenarioSchema.partial(),
    workloadSchema,
  };
});

/**
 * Checks a sweep (parsed JSON or a typed object) and returns it typed. Every problem found is
 * reported at once in one {@link InputError}, each with its path (`policies[1].label`,
 * `params.cluster.cores`, ...). A string `base` is accepted here; {@link expandSweep} needs it read.
 */
export function validateSweepSpec(input: unknown): SweepSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError([{ path: '', expected: 'a sweep object', received: describeValue(input) }]);
  }
  const { sweepVocabulary, vocabulary, scenarioKeys, baseSchema, workloadSchema } = scenarioParts();
  const parsed = checkInput(sweepSchemaOf(), input, sweepVocabulary);
  if (parsed.issues.length) throw new InputError(parsed.issues);
  const spec = parsed.data as SweepSpec;
  const issues: InputIssue[] = [];

  if (typeof spec.base === 'object') {
    issues.push(...checkInput(baseSchema, spec.base, vocabulary, 'base').issues);
  }
  spec.workloads?.forEach((w, i) => {
    const { label: _label, ...workload } = w;
    issues.push(...checkInput(workloadSchema, workload, vocabulary, `workloads[${i}]`).issues);
  });
  uniqueLabels(spec.policies.map((p) => ({ given: p.label, derived: p.name })), 'policies', issues);
  if (spec.workloads) uniqueLabels(spec.workloads.map((w) => ({ given: w.label, derived: workloadLabel(w) })), 'workloads', issues);

  const seeds = seedList(spec.seeds);
  const seen = new Set<string>();
  seeds.forEach((s, i) => {
    if (seen.has(String(s))) issues.push({ path: `seeds[${i}]`, expected: 'seeds that differ from each other', received: `${JSON.stringify(s)} again` });
    seen.add(String(s));
  });

  for (const [path, values] of Object.entries(spec.params ?? {})) {
    const head = path.split('.')[0];
    if (head === 'seed') {
      issues.push({ path: `params.${path}`, expected: 'a scenario field other than the seed (use "seeds")', received: 'seed' });
    } else if (!scenarioKeys.includes(head)) {
      const near = closest(head, scenarioKeys);
      issues.push({ path: `params.${path}`, expected: 'a dotted path into the scenario (e.g. "cluster.cores")', received: `an unknown field "${head}"`, hint: near ? `did you mean "${near}"?` : undefined });
    }
    const texts = values.map((v) => JSON.stringify(v));
    texts.forEach((t, i) => {
      if (texts.indexOf(t) !== i) issues.push({ path: `params.${path}[${i}]`, expected: 'values that differ from each other', received: `${t} again` });
    });
  }
  if (issues.length) throw new InputError(issues);
  return spec;
}

/** The seeds of a sweep as a list. */
export function seedList(seeds: SweepSeeds): (number | string)[] {
  return Array.isArray(seeds) ? seeds : Array.from({ length: seeds.count }, (_, i) => seeds.from + i);
}

/**
 * The label a workload gets when it has none: the bundled trace's name (`bursty`), `poisson-8` for
 * a rate, `trace` for inline counts (the Node loader labels a CSV `path` by its file name first).
 */
export function workloadLabel(w: { label?: string } & Record<string, unknown>): string {
  if (w.label) return w.label;
  if (w.type === 'trace') return typeof w.name === 'string' ? w.name : 'trace';
  return `${String(w.type)}-${String(w.rps)}`;
}

function uniqueLabels(items: { given?: string; derived: string }[], where: string, issues: InputIssue[]): void {
  const labels = items.map((x) => x.given ?? x.derived);
  labels.forEach((l, i) => {
    const first = labels.indexOf(l);
    if (first === i) return;
    issues.push({
      path: `${where}[${i}].label`,
      expected: `a label unique among the ${where}`,
      received: items[i].given === undefined ? `nothing (it would be ${JSON.stringify(l)}, as ${where}[${first}])` : JSON.stringify(l),
    });
  });
}
