import { existsSync } from 'node:fs';
import { cpus as osCpus } from 'node:os';
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, describeValue } from '../../errors.js';
import { readJsonFile } from '../read-file.js';
import type { BatchTable, PipelineProfile, Provenance, VariantProfile } from '../../profiles/types.js';
import { writeFileAtomic } from '../write-atomic.js';
import { affinityFor } from './affinity.js';
import { openEnergyMeter } from './energy-meter.js';
import { validateProfileOptions, type ProfileOptions, type ProfileSettings } from './options.js';
import { latencyStats, type LatencyStats } from './stats.js';
import { openCommandSession, openModuleSession, type WorkloadSession } from './workload.js';

/** One batch size at one core count, as measured. */
export interface ProfileMeasurement extends LatencyStats {
  cores: number;
  batch: number;
  /** Batches per second times batch size: `batch / mean latency`. */
  throughputRps: number;
  /** Runs inside the energy window (more than `runs` when the window was stretched). */
  windowRuns: number;
  /** Wall time of that window in s. */
  windowS: number;
  /** CPU time of the workload per batch in s, where it could be read. */
  cpuSPerBatch?: number;
  /** Energy of one batch in J (idle excluded), if measured or modelled; may be <= 0 when lost in noise. */
  energyJ?: number;
  /** Where `energyJ` comes from. */
  energyKind?: 'measured' | 'modelled';
}

/** How energy was handled in a profiling run. */
export interface ProfileEnergyInfo {
  /** `powercap` / `perf` when measured, `model` when filled from `--power-model`, else `none`. */
  method: 'powercap' | 'perf' | 'model' | 'none';
  /** The meter used, e.g. `powercap intel-rapl:0 (package-0)`. */
  meter?: string;
  /** Why RAPL was not used, in words. */
  unavailable?: string;
  /** Idle package power measured before the workload, in W. */
  idleW?: number;
}

/** Everything a profiling run produced. */
export interface ProfileRun {
  profile: PipelineProfile;
  measurements: ProfileMeasurement[];
  energy: ProfileEnergyInfo;
  /** The file written, if any. */
  out?: string;
  /** The notice printed about energy, if any. */
  notice?: string;
  /** Problems with the numbers that the caller should show (energy lost in noise). */
  warnings: string[];
}

/**
 * Profiles a workload: for each core count and batch size, `warmup` untimed runs then `repeats`
 * timed ones, giving mean / p50 / p99 latency and throughput. Where RAPL can be read (powercap or
 * perf), the idle package power is measured first and energy per batch is the window's package
 * energy minus idle power times its duration, divided by the runs: the dynamic energy, tagged
 * `measured`. Where it cannot, one notice says so and `energyJ` is left out, or modelled from the
 * declared power model as `(maxW - idleW) * CPU-seconds per batch / CPUs of the machine`, tagged
 * `modelled`. The profile gets one variant per core count (`NAME` alone when one count is asked,
 * else `NAME-<k>c`) and is written atomically to `out` when given.
 *
 * @throws {InputError} for bad options (path = the flag) or a workload that fails.
 */
export async function runProfile(options: ProfileOptions): Promise<ProfileRun> {
  const s = validateProfileOptions(options);
  const notice = options.notice ?? ((m: string) => process.stderr.write(m + '\n'));
  const existing = s.merge && s.out && existsSync(s.out) ? readExistingProfile(s.out) : undefined;

  const probe = await openEnergyMeter(s.energy, { ...(s.powercapRoot ? { powercapRoot: s.powercapRoot } : {}), perfPath: s.perfPath });
  const meter = probe.meter;
  let noticeText: string | undefined;
  if (!meter) {
    const then = s.powerModel
      ? `energyJ is filled from the declared power model (idle ${s.powerModel.idleW} W, max ${s.powerModel.maxW} W) and tagged modelled, not measured`
      : 'energyJ is left out (give --power-model idleW,maxW to fill it from a model, tagged modelled)';
    noticeText = s.energy === 'off'
      ? `infersim profile: energy is not measured (--energy off); ${then}.`
      : `infersim profile: RAPL package energy cannot be read on this machine (${probe.reason}); latency is measured, ${then}.`;
    notice(noticeText);
  }

  const measurements: ProfileMeasurement[] = [];
  const windows: { m: ProfileMeasurement; id: number }[] = [];
  const affinities = new Map<number, string>();
  let idleId: number | undefined;
  try {
    if (meter) {
      idleId = meter.begin();
      await sleep(s.idleSeconds * 1000);
      meter.end(idleId);
    }
    for (const cores of s.cores) {
      const affinity = affinityFor(cores, s.cpus);
      affinities.set(cores, affinity.description);
      const ctx = { cores, affinity, env: s.env, cwd: s.cwd };
      const session: WorkloadSession =
        s.workload.kind === 'module' ? await openModuleSession(s.workload.path, ctx) : openCommandSession(s.workload.template, ctx);
      try {
        for (const batch of s.batches) {
          const plan = { warmup: s.warmup, repeats: s.repeats, minWindowS: meter ? s.minWindowSeconds : 0 };
          const raw = await session.measure(batch, plan, meter);
          const stats = latencyStats(raw.latenciesMs);
          const m: ProfileMeasurement = {
            cores,
            batch,
            ...stats,
            throughputRps: (batch * 1000) / stats.meanMs,
            windowRuns: raw.runs,
            windowS: raw.windowS,
            ...(raw.cpuS !== undefined ? { cpuSPerBatch: raw.cpuS / raw.runs } : {}),
          };
          measurements.push(m);
          if (raw.windowId !== undefined) windows.push({ m, id: raw.windowId });
        }
      } finally {
        await session.close();
      }
    }
  } catch (err) {
    meter?.abort();
    throw err;
  }

  const energy: ProfileEnergyInfo = { method: 'none' };
  if (meter && idleId !== undefined) {
    const results = await meter.finish();
    const idle = results[idleId];
    const idleW = idle.seconds > 0 ? idle.joules / idle.seconds : 0;
    Object.assign(energy, { method: meter.method, meter: meter.description, idleW });
    for (const { m, id } of windows) {
      const w = results[id];
      m.energyJ = (w.joules - idleW * w.seconds) / m.windowRuns;
      m.energyKind = 'measured';
    }
  } else {
    if (!probe.meter) energy.unavailable = probe.reason;
    if (s.powerModel) {
      energy.method = 'model';
      const machineCpus = osCpus().length;
      for (const m of measurements) {
        // Busy CPU time is what the linear model's utilisation measures; without it, assume the
        // replica kept all its cores busy for the whole batch.
        const busyS = m.cpuSPerBatch ?? (m.meanMs / 1000) * m.cores;
        m.energyJ = ((s.powerModel.maxW - s.powerModel.idleW) * busyS) / machineCpus;
        m.energyKind = 'modelled';
      }
    }
  }

  // A profile's energy table holds positive Joules only: a light workload's window can come out at
  // or below the idle baseline (noise), and a batch cannot have negative dynamic energy.
  const warnings: string[] = [];
  const unusable = measurements.filter((m) => m.energyJ !== undefined && !(m.energyJ > 0));
  if (unusable.length > 0) {
    warnings.push(
      `energy per batch came out <= 0 (within noise of the idle baseline) at ${unusable.map((m) => `batch ${m.batch}/${m.cores}c`).join(', ')}; ` +
        'left out of energyJ: use larger batches, more --min-window-seconds, or a quieter machine',
    );
  }
  const profile = buildProfile(s, measurements, energy, affinities, existing);
  if (s.out) writeFileAtomic(s.out, JSON.stringify(profile, null, 2) + '\n');
  return {
    profile,
    measurements,
    energy,
    ...(s.out ? { out: s.out } : {}),
    ...(noticeText ? { notice: noticeText } : {}),
    warnings,
  };
}

/** Reads the profile `--merge` adds to. */
function readExistingProfile(path: string): PipelineProfile {
  const data = readJsonFile(path, '--out');
  if (!data || typeof data !== 'object' || !Array.isArray((data as PipelineProfile).stages)) {
    throw new InputError([{ path: '--out', expected: 'a profile with a stages array to merge into', received: describeValue(data) }]);
  }
  return data as PipelineProfile;
}

/** Keeps 6 significant digits: the rest of a wall-clock mean or an energy window is noise. */
function sig6(x: number): number {
  return Number(x.toPrecision(6));
}

/** Rounds to `digits` decimals, for figures quoted in text. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Builds the profile: one stage, one variant per core count, provenance per field. */
function buildProfile(
  s: ProfileSettings,
  measurements: readonly ProfileMeasurement[],
  energy: ProfileEnergyInfo,
  affinities: Map<number, string>,
  existing: PipelineProfile | undefined,
): PipelineProfile {
  const cpuModel = osCpus()[0]?.model.trim() ?? 'unknown CPU';
  const machineCpus = osCpus().length;
  const date = new Date().toISOString();
  const envText = Object.entries(s.env).map(([k, v]) => `${k}=${v}`).join(' ');
  const workload =
    (s.workload.kind === 'module'
      ? `module ${relative(s.cwd, s.workload.path) || s.workload.path} infer(batch)`
      : `command ${JSON.stringify(s.workload.template)}`) + (envText ? ` with ${envText}` : '');
  const invoked = s.commandLine ? `; invoked as ${s.commandLine}` : '';

  const variants: VariantProfile[] = s.cores.map((cores) => {
    const rows = measurements.filter((m) => m.cores === cores);
    const where = `infersim profile on ${cpuModel}, ${cores} of ${machineCpus} CPUs (${affinities.get(cores)}), ${date}; workload: ${workload}${invoked}`;
    const table = (f: (m: ProfileMeasurement) => number | undefined): BatchTable => {
      const t: BatchTable = {};
      for (const m of rows) {
        const v = f(m);
        if (v !== undefined && v > 0) t[String(m.batch)] = sig6(v);
      }
      return t;
    };
    const provenance: Record<string, Provenance> = {
      latencyMs: { kind: 'measured', source: `${where}; method: wall-clock mean of ${s.repeats} timed runs after ${s.warmup} warm-up runs per batch size` },
      latencyP99Ms: { kind: 'measured', source: `${where}; method: 99th percentile (R-7) of ${s.repeats} timed runs after ${s.warmup} warm-up runs` },
    };
    const v: VariantProfile = {
      name: s.cores.length === 1 ? s.variant : `${s.variant}-${cores}c`,
      accuracy: s.accuracy ?? 0,
      cores,
      latencyMs: table((m) => m.meanMs),
      latencyP99Ms: table((m) => m.p99Ms),
      provenance,
    };
    if (s.accuracy !== undefined) {
      provenance.accuracy = { kind: 'derived', method: 'declared by the user with --accuracy; the profiler does not measure accuracy' };
    } else {
      provenance.accuracy = { kind: 'modelled', method: 'placeholder 0: the profiler does not measure accuracy; set it with --accuracy or edit this file' };
    }
    const energyJ = table((m) => m.energyJ);
    if (Object.keys(energyJ).length > 0) {
      v.energyJ = energyJ;
      if (energy.method === 'powercap' || energy.method === 'perf') {
        provenance.energyJ = {
          kind: 'measured',
          source:
            `${where}; method: RAPL package energy from ${energy.meter} over the timed runs (stretched to at least ` +
            `${s.minWindowSeconds} s), minus the idle baseline of ${round(energy.idleW ?? 0, 3)} W measured over ` +
            `${s.idleSeconds} s before the workload times the window, divided by the runs: dynamic energy per batch, idle excluded`,
        };
      } else {
        const pm = s.powerModel!;
        provenance.energyJ = {
          kind: 'modelled',
          method:
            `${where}; RAPL unavailable on that machine; linear power model P(u) = ${pm.idleW} + (${pm.maxW} - ${pm.idleW}) * u ` +
            `declared with --power-model: dynamic energy per batch = (maxW - idleW) * CPU-seconds per batch / ${machineCpus} CPUs, ` +
            'CPU time measured around the timed runs; idle excluded',
        };
      }
    }
    return v;
  });

  const energyText =
    energy.method === 'powercap' || energy.method === 'perf'
      ? `energy measured with ${energy.meter}, idle ${round(energy.idleW ?? 0, 3)} W subtracted`
      : energy.method === 'model'
        ? `energy modelled from a declared power model (RAPL unavailable: ${energy.unavailable})`
        : `no energy (RAPL unavailable: ${energy.unavailable})`;
  const description = `Profiled by infersim profile on ${cpuModel} (${machineCpus} CPUs), ${date}: ${workload}; ${energyText}.`;

  if (existing) {
    const merged: PipelineProfile = structuredClone(existing);
    let stage = merged.stages.find((st) => st.name === s.stage);
    if (!stage) {
      stage = { name: s.stage, variants: [] };
      merged.stages.push(stage);
    }
    for (const v of variants) {
      const i = stage.variants.findIndex((x) => x.name === v.name);
      if (i >= 0) stage.variants[i] = v;
      else stage.variants.push(v);
    }
    merged.description = [existing.description, description].filter(Boolean).join('\n');
    return merged;
  }
  return {
    ...(s.pipeline ? { name: s.pipeline } : {}),
    stages: [{ name: s.stage, variants }],
    description,
  };
}
