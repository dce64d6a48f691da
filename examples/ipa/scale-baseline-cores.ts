/**
 * A bundled IPA pipeline rebuilt with other cores per replica for some variants (latency from the
 * profile's own fit), and the one use `run.ts` has for it: `--scale-keeps-initial-cpu`, which gives
 * IPA's scale-only baselines their run file's `initial_cpu_allocation` instead of the variants'
 * base allocations. Off by default: IPA's code does not do it (see {@link scaleBaselineCores}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledPipelines, type PipelineProfile } from 'infersim';

/**
 * The cores IPA's scale-only baselines (FA2-low, FA2-high: `baseline_mode: scale`) would run with if
 * they kept their run file's `initial_cpu_allocation` where it differs from the bundled profile's
 * base allocation: the audio pipelines' FA2-high runs start s2t-medium on 1 core
 * (`paper-revision-fig9-e2e-audio-qa.ipynb` cell 4, series 23 and 28;
 * `paper-revision-fig10-e2e-audio-sent.ipynb` cell 4, series 43), whose base allocation under the
 * -50% throughput margin is 2 cores. IPA's code does not keep it: after every solve
 * `Optimizer.gurobi_optmizer` calls `Task.model_switch` on each stage, which in `allocation_mode:
 * base` (every run) resets the replica to the variant's base allocation whatever the baseline mode
 * (`optimizer/optimizer.py`, `optimizer/models.py`), and `Adapter.change_node_config` redeploys each
 * node with that `cpu` (`optimizer/adapter.py`). So this is `run.ts --scale-keeps-initial-cpu`,
 * off by default.
 */
export function scaleBaselineCores(pipeline: string, policy: string): Record<string, number> {
  if (policy === 'fa2-high' && (pipeline === 'audio-qa' || pipeline === 'audio-sent')) return { 'facebook-s2t-medium-librispeech-asr': 1 };
  return {};
}

interface Fit {
  variant: string;
  params: { S: number; phi: number; p: number };
}

/**
 * The bundled pipeline with `cores` for the named variants: latency from the profile's own fit
 * (`profiles/ipa/fits/<pipeline>.json`: `L(b, c) = S (phi + (1 - phi) b) ((1 - p) + p / c)`), p99
 * and energy scaled by the same factor per batch size as the mean (p99 / mean and energy / (cores x
 * latency) are kept), a measured `maxThroughputRps` by its inverse, provenance marked derived.
 */
export function withCores(pipeline: string, cores: Record<string, number>): PipelineProfile {
  const base = bundledPipelines[pipeline];
  if (Object.keys(cores).length === 0) return base;
  const fits = (JSON.parse(readFileSync(join(import.meta.dirname, '../../profiles/ipa/fits', `${pipeline}.json`), 'utf8')) as { variants: Fit[] }).variants;
  const scaled = (t: Record<string, number> | undefined, k: (b: string) => number) => (t ? Object.fromEntries(Object.entries(t).map(([b, x]) => [b, Math.round(x * k(b) * 100) / 100])) : undefined);
  return {
    ...base,
    stages: base.stages.map((st) => ({
      ...st,
      variants: st.variants.map((v) => {
        const c = cores[v.name];
        const fit = fits.find((f) => f.variant === v.name);
        if (c === undefined || c === v.cores || !fit) return v;
        const { S, phi, p } = fit.params;
        const latencyMs = Object.fromEntries(Object.keys(v.latencyMs).map((b) => [b, Math.round(S * (phi + (1 - phi) * Number(b)) * (1 - p + p / c) * 100) / 100]));
        const ratio = (b: string) => latencyMs[b] / v.latencyMs[b];
        const method = `${c} cores a replica instead of the profile's ${v.cores}: latency from the profile's fit at ${c} cores (examples/ipa/scale-baseline-cores.ts)`;
        return {
          ...v,
          cores: c,
          latencyMs,
          latencyP99Ms: scaled(v.latencyP99Ms, ratio),
          energyJ: scaled(v.energyJ, (b) => ratio(b) * (c / v.cores)),
          // The measured planner throughput was taken at the shipped cores: moved by the fit's speed-up.
          ...(v.maxThroughputRps ? { maxThroughputRps: scaled(v.maxThroughputRps, (b) => 1 / ratio(b)) } : {}),
          provenance: {
            ...v.provenance,
            cores: { kind: 'derived' as const, method },
            latencyMs: { kind: 'derived' as const, method },
            ...(v.maxThroughputRps ? { maxThroughputRps: { kind: 'derived' as const, method: `${method}; the shipped maxThroughputRps times the fit's speed-up latency(${v.cores} cores) / latency(${c} cores)` } } : {}),
          },
        };
      }),
    })),
  };
}
