import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadScenarioFile, loadScenarioText } from '../../node/load-scenario.js';
import { infersimVersion } from '../../node/report/version.js';
import { canTraceLatencies, LATENCY_QUANTILE_POINTS, traceLatencyQuantiles } from '../../metrics/latency-quantiles.js';
import { latencyCdfQuantiles } from '../../metrics/latency-cdf.js';
import { parseScenario, simulate } from '../../sim/simulate.js';
import { validateScenario } from '../../sim/validate.js';
import { formatSummary } from '../format-summary.js';
import { applyOverrides, blameOverrides, parseOverrides } from '../overrides.js';
import { progressReporter } from '../progress.js';
import { runJson, writeJson } from '../run-json.js';

/** Flags of `infersim run`. */
interface RunFlags {
  json?: boolean;
  full?: boolean;
  seed?: string;
  set: string[];
  progress?: boolean;
}

/**
 * `infersim run <scenario.json | -> [--json [--full]] [--seed N] [--set path=value ...]`: runs one
 * scenario (`-` reads it from stdin) and prints its summary, or JSON for scripts.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description('run a scenario and print its summary')
    .argument('<scenario>', 'scenario JSON file, or - to read it from stdin')
    .option('--json', 'print JSON on stdout: scenario name, seed, policy, infersim version and the summary')
    .option('--full', 'with --json: the whole result (summary, series, decisions, trace when recorded), the scenario run and its latency quantiles')
    .option('--seed <n>', 'override the scenario seed')
    .option('--set <path=value>', 'override a scenario value, e.g. durationS=600 or policy.config.0.replicas=3 (repeatable; values typed as JSON, else strings)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--progress', 'show progress on stderr from the start (default: only for runs longer than 2 s)')
    .option('--no-progress', 'no progress output')
    .action(async (file: string, opts: RunFlags) => {
      const overrides = parseOverrides(opts.set);
      if (opts.seed !== undefined) {
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new InputError([{ path: '--seed', expected: 'an integer', received: JSON.stringify(opts.seed) }]);
        overrides.push({ path: 'seed', value: seed, text: `seed=${seed}` });
      }
      const scenario = applyOverrides(readScenarioArg(file), overrides);
      // --full reports the latency distribution, computed from the per-request trace: record one
      // (a streaming run has none: its grid comes from its latency histogram).
      const userTrace = (scenario.metrics as { trace?: unknown } | undefined)?.trace === true;
      const full = (opts.json && opts.full) ?? false;
      const toRun = full && !userTrace && canTraceLatencies(scenario) ? { ...scenario, metrics: { ...(scenario.metrics as object | undefined), trace: true } } : scenario;
      const label = typeof scenario.name === 'string' ? scenario.name : 'scenario';
      const reporter = opts.progress === false ? undefined : progressReporter({ label, unit: 'simulated s', quietForMs: opts.progress ? 0 : 2000 });
      let result;
      try {
        result = await simulate(parseScenario(toRun), reporter ? { onProgress: (p) => reporter.update(p.simulatedS, p.durationS, p.elapsedMs) } : {});
      } catch (err) {
        throw blameOverrides(err, overrides);
      } finally {
        reporter?.stop();
      }
      if (opts.json) {
        const latency = !full ? undefined : result.trace ? traceLatencyQuantiles(result.trace, validateScenario(toRun).warmupS) : result.latencyCdf ? latencyCdfQuantiles(result.latencyCdf, LATENCY_QUANTILE_POINTS) : undefined;
        writeJson(runJson(result, { version: infersimVersion(), full, scenario, latency, keepTrace: userTrace }), (s) => process.stdout.write(s));
      } else {
        process.stdout.write(formatSummary(result) + '\n');
      }
    });
}

/** A scenario from a file, or from stdin for `-` (files it names relative to the working directory). */
function readScenarioArg(file: string): Record<string, unknown> {
  if (file !== '-') return loadScenarioFile(file);
  if (process.stdin.isTTY) throw new InputError([{ path: 'scenario', expected: 'a scenario piped into stdin for "-" (e.g. cat s.json | infersim run -)', received: 'a terminal' }]);
  return loadScenarioText(readFileSync(0, 'utf8'), process.cwd(), 'stdin');
}
