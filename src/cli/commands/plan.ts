import type { Command } from 'commander';
import * as z from 'zod';
import { InputError } from '../../errors.js';
import { plan, resolvePipeline, type PlanOptions, type PlanResult } from '../../policies/plan.js';
import { solverNames } from '../../policies/solvers/types.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { scenarioSchemas } from '../../sim/schema.js';
import { lazy } from '../../util/lazy.js';
import { checkInput } from '../../sim/zod-issues.js';
import { readJsonFile } from '../../node/read-file.js';

/** The problem file of `infersim plan`: what {@link plan} takes, as JSON (built on first use, with the scenario schemas it embeds: see sim/schema.ts). */
export const planProblemSchema = lazy(() =>
  z.strictObject({
    pipeline: z.union([z.string().min(1), scenarioSchemas().pipelineSchema]),
    rps: z.number().nonnegative().finite(),
    slaMs: z.number().positive().finite().optional(),
    weights: z
      .strictObject({ alpha: z.number().nonnegative().optional(), beta: z.number().nonnegative().optional(), gamma: z.number().nonnegative().optional() })
      .optional(),
    policy: z.union([z.string().min(1), z.looseObject({ name: z.string().min(1) })]).optional(),
    solver: z.enum(solverNames as [string, ...string[]]).optional(),
    totalCores: z.number().positive().optional(),
    seed: z.union([z.number().int(), z.string()]).optional(),
    maxBatchWaitMs: z.number().nonnegative().finite().optional(),
  }),
);

const vocabulary = ['pipeline', 'rps', 'slaMs', 'weights', 'policy', 'solver', 'totalCores', 'seed', 'maxBatchWaitMs', 'alpha', 'beta', 'gamma'];

/** Reads and validates a plan problem file; issues name the field, what was expected and a suggestion. */
export function loadPlanProblem(path: string): { pipeline: PipelineProfile | string } & PlanOptions {
  const data = readJsonFile(path, '<problem>');
  const parsed = checkInput(planProblemSchema(), data, vocabulary);
  if (parsed.issues.length) throw new InputError(parsed.issues, path);
  return parsed.data as { pipeline: PipelineProfile | string } & PlanOptions;
}

const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** A plan as a small table: one line per stage, then the totals. */
export function formatPlan(pipeline: PipelineProfile | string, names: readonly string[], p: PlanResult): string {
  const rows = p.config.map((c, s) => [names[s] ?? `stage ${s}`, c.variant, String(c.batch), String(c.replicas)]);
  const head = ['stage', 'variant', 'batch', 'replicas'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((x, i) => x.padEnd(width[i])).join('  ').trimEnd();
  return [
    `${typeof pipeline === 'string' ? pipeline : (pipeline.name ?? 'pipeline')}  (policy ${p.policy}${p.feasible ? '' : `, ${p.status}: fallback configuration`})`,
    line(head),
    ...rows.map(line),
    `  objective ${fmt(p.objective, 6)}  accuracy ${fmt(p.accuracy, 4)}  cores ${fmt(p.cores, 0)}  latency ${fmt(p.latencyMs, 1)} ms  serves ${fmt(p.servedRps, 1)} rps  solved in ${fmt(p.solveMs, 2)} ms`,
  ].join('\n');
}

/** `infersim plan <problem.json> [--json]`: one configuration for a steady load. */
export function register(program: Command): void {
  program
    .command('plan')
    .description('plan one configuration (variant, batch, replicas per stage) for a steady load')
    .argument('<problem>', 'JSON file: { pipeline, rps, slaMs?, weights?, policy?, solver?, totalCores? }')
    .option('--json', 'print the plan as JSON on stdout')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { pipeline, ...options } = loadPlanProblem(file);
      const result = await plan(pipeline, options);
      if (opts.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const names = resolvePipeline(pipeline).stages.map((s) => s.name);
      process.stdout.write(formatPlan(pipeline, names, result) + '\n');
    });
}
