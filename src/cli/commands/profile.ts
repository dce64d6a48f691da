import type { Command } from 'commander';
import { runProfile, type ProfileRun } from '../../node/profiler/profile.js';
import type { EnergySourceOption } from '../../node/profiler/options.js';

/** Flags of `infersim profile`, as commander hands them over (strings, validated by the profiler). */
interface ProfileFlags {
  module?: string;
  command?: string;
  variant: string;
  stage: string;
  pipeline?: string;
  batches: string;
  cores: string;
  repeats: string;
  warmup: string;
  powerModel?: string;
  accuracy?: string;
  out: string;
  merge?: boolean;
  energy: string;
  idleSeconds: string;
  minWindowSeconds: string;
  env: string[];
  json?: boolean;
}

/** Renders a run as a table: one row per core count and batch size. */
export function formatProfileRun(run: ProfileRun): string {
  const head = ['cores', 'batch', 'runs', 'mean ms', 'p50 ms', 'p99 ms', 'req/s', 'J/batch'];
  const rows = run.measurements.map((m) => [
    String(m.cores),
    String(m.batch),
    String(m.runs),
    m.meanMs.toFixed(3),
    m.p50Ms.toFixed(3),
    m.p99Ms.toFixed(3),
    m.throughputRps.toFixed(1),
    m.energyJ === undefined ? '-' : `${m.energyJ.toPrecision(4)} ${m.energyKind === 'modelled' ? '(modelled)' : '(measured)'}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const lines = [fmt(head), ...rows.map(fmt)];
  if (run.energy.idleW !== undefined) lines.push(`idle package power: ${run.energy.idleW.toFixed(2)} W (${run.energy.meter}), subtracted`);
  if (run.out) {
    const stage = run.profile.stages[run.profile.stages.length - 1];
    lines.push(`wrote ${run.out} (stage ${stage?.name}; variants ${stage?.variants.map((v) => v.name).join(', ')})`);
  }
  return lines.join('\n');
}

/** Quotes an argument for the provenance record of how the profiler was run. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `infersim profile --module <file> | --command "<cmd>" --variant NAME --stage NAME --batches 1,2,4
 * --cores 1,2 --repeats N --warmup N [--power-model idleW,maxW] --out profile.json`.
 */
export function register(program: Command): void {
  program
    .command('profile')
    .description(
      'measure a workload\'s latency per batch size and core count (and package energy where RAPL is readable) into a profile file',
    )
    .option('--module <file>', 'JS/TS module exporting infer(batch, { batch, cores }), run in a child process pinned to the cores')
    .option('--command <cmd>', 'shell command run once per batch; {batch} and {cores} are replaced')
    .requiredOption('--variant <name>', 'variant name in the profile')
    .requiredOption('--stage <name>', 'stage name in the profile')
    .option('--pipeline <name>', 'pipeline name in the profile')
    .requiredOption('--batches <list>', 'batch sizes, e.g. 1,2,4,8')
    .option('--cores <list>', 'core counts (taskset pins the workload to that many CPUs); one variant NAME-<k>c each when several', '1')
    .option('--repeats <n>', 'timed runs per batch size', '10')
    .option('--warmup <n>', 'untimed runs before them (JIT, caches)', '2')
    .option('--power-model <idleW,maxW>', 'when RAPL is unreadable, model energy with P = idle + (max - idle) * u (tagged modelled)')
    .option('--accuracy <fraction>', 'accuracy of the variant in [0, 1], written to the profile')
    .requiredOption('--out <file>', 'profile JSON to write (atomically)')
    .option('--merge', 'add the variant to the profile already at --out instead of replacing it')
    .option('--energy <source>', 'auto, powercap, perf or off', 'auto')
    .option('--idle-seconds <s>', 'idle baseline measured before the workload when RAPL is readable', '3')
    .option('--min-window-seconds <s>', 'stretch each batch size\'s timed runs to at least this long when measuring energy', '1')
    .option('--env <NAME=value>', 'environment for the workload, recorded in provenance (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the measurements, energy info and profile as JSON instead of a table')
    .action(async (flags: ProfileFlags) => {
      const run = await runProfile({
        ...(flags.module !== undefined ? { module: flags.module } : {}),
        ...(flags.command !== undefined ? { command: flags.command } : {}),
        variant: flags.variant,
        stage: flags.stage,
        ...(flags.pipeline ? { pipeline: flags.pipeline } : {}),
        batches: flags.batches,
        cores: flags.cores,
        repeats: flags.repeats,
        warmup: flags.warmup,
        ...(flags.powerModel !== undefined ? { powerModel: flags.powerModel } : {}),
        ...(flags.accuracy !== undefined ? { accuracy: flags.accuracy } : {}),
        out: flags.out,
        merge: flags.merge ?? false,
        energy: flags.energy as EnergySourceOption,
        idleSeconds: flags.idleSeconds,
        minWindowSeconds: flags.minWindowSeconds,
        env: flags.env,
        commandLine: ['infersim', ...process.argv.slice(2)].map(shellQuote).join(' '),
      });
      for (const w of run.warnings) process.stderr.write(`infersim profile: warning: ${w}\n`);
      process.stdout.write((flags.json ? JSON.stringify(run, null, 2) : formatProfileRun(run)) + '\n');
    });
}
