/**
 * IPA's containers did not always ask for the cores IPA's optimizer accounted: the run
 * configurations its revised figure notebooks print give each node's `cpu_request` (what Kubernetes
 * reserved, with as many threads) next to `initial_cpu_allocation` (what the optimizer counts, and
 * what the bundled profiles use). This module rebuilds a pipeline with the deployed cores for the
 * variants where they differ, for `run.ts --deployed-cores`, to show what that choice does. Off by
 * default: which of the two the paper's cost curves count needs IPA's adaptation logs.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledPipelines, type PipelineProfile } from 'infersim';

/**
 * Deployed cores per variant where they differ from the profile's, per (pipeline, policy, workload),
 * from `experiments/runner/notebooks/paper-revision-fig12-e2e-nlp.ipynb` (cell 4, series 81-100):
 * opus-mt-fr-en ran at 4 cores / 4 threads in every RIM run (85, 90, 95) and in FA2-low's bursty and
 * steady-high runs (82, 92); distilbart-xsum-12-6 at 4 cores in FA2-high's bursty, steady-high and
 * fluctuating runs (83, 93, 98; 8 in 88). IPA's own runs start from the same nodes but redeploy with
 * the optimizer's allocation at its first decision, so they are left alone.
 */
export function deployedCores(pipeline: string, policy: string, workload: string): Record<string, number> {
  if (pipeline !== 'nlp') return {};
  if (policy === 'rim') return { 'Helsinki-NLP-opus-mt-fr-en': 4 };
  if (policy === 'fa2-low' && (workload === 'bursty' || workload === 'steady_high')) return { 'Helsinki-NLP-opus-mt-fr-en': 4 };
  if (policy === 'fa2-high' && workload !== 'steady_low') return { 'sshleifer-distilbart-xsum-12-6': 4 };
  return {};
}

/**
 * The cores IPA's scale-only baselines (FA2-low, FA2-high: `baseline_mode: scale`) ran with where
 * they differ from the bundled profile's. Those runs keep their run file's `initial_cpu_allocation`
 * (only replicas change), while the profile gives each variant IPA's base allocation (what IPA and
 * RIM, which switch variants, get). The audio pipelines' FA2-high runs start s2t-medium on 1 core
 * (`initial_cpu_allocation: [1, 1]`: `paper-revision-fig9-e2e-audio-qa.ipynb` cell 4, series 23 and
 * 28; `paper-revision-fig10-e2e-audio-sent.ipynb` cell 4, series 43), whose base allocation under
 * the -50% throughput margin is 2 cores.
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
        const method = `IPA's deployed cpu_request (${c} cores) instead of the optimizer's ${v.cores}: latency from the profile's fit at ${c} cores (examples/ipa/deployed-cores.ts)`;
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
