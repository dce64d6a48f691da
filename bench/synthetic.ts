import type { PipelineProfile, VariantProfile } from '../src/profiles/types.js';

/**
 * A synthetic pipeline of `stages` stages with `variants` variants each, shaped like IPA's Fig. 13
 * experiment: heavier variants are more accurate, slower and need more cores; batches 1, 2, 4, 8
 * (or `batches`) with sub-linear batch latency. Numbers are made up; only the problem's size matters
 * here.
 */
export function syntheticPipeline(stages: number, variants: number, batches: readonly number[] = [1, 2, 4, 8]): PipelineProfile {
  return {
    name: `synthetic-${stages}x${variants}`,
    stages: Array.from({ length: stages }, (_, s) => ({
      name: `stage${s}`,
      variants: Array.from({ length: variants }, (_, k): VariantProfile => {
        // Stage-dependent jitter keeps stages from being identical (which would make ties trivial).
        const base = 40 + 60 * k + 7 * ((s * 5 + k * 3) % 11);
        const latencyMs: Record<string, number> = {};
        for (const b of batches) latencyMs[String(b)] = base * (0.6 + 0.4 * b);
        return {
          name: `v${k}`,
          accuracy: variants === 1 ? 0.9 : 0.5 + (0.45 * k) / (variants - 1),
          cores: 1 + Math.floor(k / 3),
          latencyMs,
        };
      }),
    })),
  };
}

/** An SLA that binds: twice the sum over stages of the mean batch-1 latency. */
export function syntheticSlaMs(p: PipelineProfile): number {
  let sla = 0;
  for (const st of p.stages) sla += (2 * st.variants.reduce((a, v) => a + v.latencyMs['1'], 0)) / st.variants.length;
  return sla;
}
