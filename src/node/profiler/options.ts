import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, describeValue, type InputIssue } from '../../errors.js';
import { allowedCpus } from './affinity.js';

/** How energy is obtained: probe both RAPL readers, force one, or skip measuring. */
export type EnergySourceOption = 'auto' | 'powercap' | 'perf' | 'off';

/** A node power model, `P(u) = idleW + (maxW - idleW) * u` (see notes/ENERGY.md). */
export interface PowerModel {
  /** Power of the idle machine, W. */
  idleW: number;
  /** Power with every CPU busy, W. */
  maxW: number;
}

/**
 * What to profile and how, as given by a caller or the CLI. Numbers and lists may be given as
 * strings (`"1,2,4"`) so the CLI can pass its flags through; {@link validateProfileOptions} checks
 * them all and reports every problem with the flag's name as its path.
 */
export interface ProfileOptions {
  /** A `.js`/`.mjs`/`.ts` file exporting `infer(batch, { cores, batch })` (sync or async). */
  module?: string;
  /** A shell command run once per batch; `{batch}` and `{cores}` are replaced. */
  command?: string;
  /** Variant name written to the profile. */
  variant: string;
  /** Stage name written to the profile. */
  stage: string;
  /** Pipeline name written to the profile (optional). */
  pipeline?: string;
  /** Batch sizes, e.g. `[1, 2, 4, 8]` or `"1,2,4,8"`. */
  batches: number[] | string;
  /** Core counts; each gets its own variant when several are given. Default `[1]`. */
  cores?: number[] | string;
  /** Timed runs per batch size (default 10). */
  repeats?: number | string;
  /** Untimed runs before them (default 2): JIT compilation and caches settle. */
  warmup?: number | string;
  /** Declared power model used when RAPL cannot be read: `{ idleW, maxW }` or `"idleW,maxW"`. */
  powerModel?: PowerModel | string;
  /** Accuracy of the variant in [0, 1], written to the profile (the profiler cannot measure it). */
  accuracy?: number | string;
  /** Where to write the profile; nothing is written without it. */
  out?: string;
  /** Add the variant to an existing profile at `out` instead of replacing the file. */
  merge?: boolean;
  /** Energy source (default `auto`). */
  energy?: EnergySourceOption;
  /** Seconds of idle baseline measured before the workload when RAPL is readable (default 3). */
  idleSeconds?: number | string;
  /** Shortest energy window in seconds: runs are added until the timed runs last this long (default 1). */
  minWindowSeconds?: number | string;
  /** Extra environment for the workload (`["MATMUL_N=64"]` or an object); recorded in provenance. */
  env?: Record<string, string> | string[];
  /** Directory the module or command is resolved and run from (default `process.cwd()`). */
  cwd?: string;
  /** Root of the powercap tree (tests point it at a fake one). */
  powercapRoot?: string;
  /** perf executable (default `perf`). */
  perfPath?: string;
  /** How the profiler was invoked, recorded in provenance (the CLI passes its argv). */
  commandLine?: string;
  /** Receives the one plain notice about energy; default writes it to stderr. */
  notice?: (message: string) => void;
}

/** The validated, normalised form of {@link ProfileOptions}. */
export interface ProfileSettings {
  workload: { kind: 'module'; path: string } | { kind: 'command'; template: string };
  variant: string;
  stage: string;
  pipeline?: string;
  batches: number[];
  cores: number[];
  repeats: number;
  warmup: number;
  powerModel?: PowerModel;
  accuracy?: number;
  out?: string;
  merge: boolean;
  energy: EnergySourceOption;
  idleSeconds: number;
  minWindowSeconds: number;
  env: Record<string, string>;
  cwd: string;
  powercapRoot?: string;
  perfPath: string;
  commandLine?: string;
  /** CPUs this process may run on (the affinity mask), in order. */
  cpus: number[];
}

const MODULE_EXT = /\.(m?js|c?js|m?ts|c?ts)$/;

/**
 * Checks every option and returns the normalised settings.
 *
 * @throws {InputError} listing every problem, each with the flag as path (`--batches`, `--cores`).
 */
export function validateProfileOptions(o: ProfileOptions): ProfileSettings {
  const issues: InputIssue[] = [];
  const bad = (path: string, expected: string, received: unknown, hint?: string): void => {
    issues.push({ path, expected, received: describeValue(received), ...(hint ? { hint } : {}) });
  };
  const cwd = resolve(o.cwd ?? process.cwd());
  const cpus = allowedCpus();

  let workload: ProfileSettings['workload'] | undefined;
  if ((o.module === undefined) === (o.command === undefined)) {
    bad('--module', 'exactly one of --module <file> or --command "<shell command>"', o.module === undefined ? 'neither' : 'both');
  } else if (o.module !== undefined) {
    const path = resolve(cwd, o.module);
    if (!MODULE_EXT.test(path)) bad('--module', 'a .js, .mjs or .ts file exporting infer(batch)', o.module);
    else if (!existsSync(path) || !statSync(path).isFile()) bad('--module', 'an existing file', o.module);
    else workload = { kind: 'module', path };
  } else if (o.command !== undefined) {
    if (o.command.trim() === '') bad('--command', 'a shell command', o.command);
    else if (!o.command.includes('{batch}')) {
      bad('--command', 'a command containing {batch}, so each batch size runs a different batch', o.command,
        'e.g. --command "python infer.py --batch {batch} --threads {cores}"');
    } else workload = { kind: 'command', template: o.command };
  }

  for (const [flag, v] of [['--variant', o.variant], ['--stage', o.stage]] as const) {
    if (typeof v !== 'string' || v.trim() === '') bad(flag, 'a non-empty name', v);
  }

  const batches = intList(o.batches, '--batches', 1, bad);
  const cores = intList(o.cores ?? [1], '--cores', 1, bad);
  for (const c of cores ?? []) {
    if (c > cpus.length) {
      bad('--cores', `at most ${cpus.length} (the CPUs this process may use: ${cpus.join(',')})`, c);
      break;
    }
  }
  const repeats = intValue(o.repeats ?? 10, '--repeats', 1, bad);
  const warmup = intValue(o.warmup ?? 2, '--warmup', 0, bad);
  const idleSeconds = numValue(o.idleSeconds ?? 3, '--idle-seconds', 0, bad);
  const minWindowSeconds = numValue(o.minWindowSeconds ?? 1, '--min-window-seconds', 0, bad);

  let powerModel: PowerModel | undefined;
  if (o.powerModel !== undefined) {
    const pm = typeof o.powerModel === 'string' ? o.powerModel.split(',').map((s) => Number(s.trim())) : [o.powerModel.idleW, o.powerModel.maxW];
    const [idleW, maxW] = pm;
    if (pm.length !== 2 || !Number.isFinite(idleW) || !Number.isFinite(maxW) || idleW < 0 || maxW <= idleW) {
      bad('--power-model', 'idleW,maxW with 0 <= idleW < maxW, e.g. 40,120', typeof o.powerModel === 'string' ? o.powerModel : `${idleW},${maxW}`);
    } else powerModel = { idleW, maxW };
  }

  let accuracy: number | undefined;
  if (o.accuracy !== undefined) {
    const a = Number(o.accuracy);
    if (!(a >= 0 && a <= 1) || (typeof o.accuracy === 'string' && o.accuracy.trim() === '')) {
      bad('--accuracy', 'a fraction in [0, 1]', o.accuracy);
    } else accuracy = a;
  }

  const energy = o.energy ?? 'auto';
  if (!['auto', 'powercap', 'perf', 'off'].includes(energy)) bad('--energy', 'auto, powercap, perf or off', energy);

  let out: string | undefined;
  if (o.out !== undefined) {
    out = resolve(cwd, o.out);
    const dir = dirname(out);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) bad('--out', 'a file in an existing directory', o.out);
  } else if (o.merge) bad('--merge', 'an --out file to merge into', 'no --out');

  const env: Record<string, string> = {};
  if (Array.isArray(o.env)) {
    for (const kv of o.env) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(kv);
      if (!m) bad('--env', 'NAME=value', kv);
      else env[m[1]] = m[2];
    }
  } else if (o.env) Object.assign(env, o.env);

  if (issues.length > 0) throw new InputError(issues);
  return {
    workload: workload!,
    variant: o.variant.trim(),
    stage: o.stage.trim(),
    ...(o.pipeline ? { pipeline: o.pipeline } : {}),
    batches: batches!,
    cores: cores!,
    repeats: repeats!,
    warmup: warmup!,
    ...(powerModel ? { powerModel } : {}),
    ...(accuracy !== undefined ? { accuracy } : {}),
    ...(out ? { out } : {}),
    merge: o.merge ?? false,
    energy,
    idleSeconds: idleSeconds!,
    minWindowSeconds: minWindowSeconds!,
    env,
    cwd,
    ...(o.powercapRoot ? { powercapRoot: o.powercapRoot } : {}),
    perfPath: o.perfPath ?? 'perf',
    ...(o.commandLine ? { commandLine: o.commandLine } : {}),
    cpus,
  };
}

type Bad = (path: string, expected: string, received: unknown, hint?: string) => void;

/** A list of distinct integers >= min, sorted ascending; from an array or `"1,2,4"`. */
function intList(v: number[] | string | undefined, flag: string, min: number, bad: Bad): number[] | undefined {
  const items = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(items) || items.length === 0) {
    bad(flag, `a comma-separated list of integers >= ${min}, e.g. 1,2,4,8`, v);
    return undefined;
  }
  const nums = items.map((x) => (typeof x === 'string' && x === '' ? NaN : Number(x)));
  if (nums.some((n) => !Number.isInteger(n) || n < min)) {
    bad(flag, `a comma-separated list of integers >= ${min}, e.g. 1,2,4,8`, typeof v === 'string' ? v : items.join(','));
    return undefined;
  }
  if (new Set(nums).size !== nums.length) {
    bad(flag, 'each value once', typeof v === 'string' ? v : items.join(','));
    return undefined;
  }
  return [...nums].sort((a, b) => a - b);
}

function intValue(v: number | string, flag: string, min: number, bad: Bad): number | undefined {
  const n = typeof v === 'string' && v.trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < min) {
    bad(flag, `an integer >= ${min}`, v);
    return undefined;
  }
  return n;
}

function numValue(v: number | string, flag: string, min: number, bad: Bad): number | undefined {
  const n = typeof v === 'string' && v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n) || n < min) {
    bad(flag, `a number >= ${min}`, v);
    return undefined;
  }
  return n;
}
