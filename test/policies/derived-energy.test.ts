/**
 * docs/policies.md ("Why FA2-low, not IPA, uses the least energy") rests on the bundled profiles'
 * dynamic energy being derived from cores and latency, not measured: this checks that it is, for
 * every variant and batch size of the five pipelines, and the per-request figures the doc quotes.
 */
import { describe, expect, it } from 'vitest';
import { bundledPipelines } from '../../src/bundled/index.js';
import type { PipelineProfile } from '../../src/profiles/types.js';

describe('the bundled profiles\' dynamic energy', () => {
  it('is cores x 5.625 W x mean batch latency for every variant and batch size (within 0.02 %)', () => {
    let entries = 0;
    for (const p of Object.values(bundledPipelines) as PipelineProfile[]) {
      for (const st of p.stages) {
        for (const v of st.variants) {
          for (const [b, e] of Object.entries(v.energyJ ?? {})) {
            const derived = (v.cores * 5.625 * (v.latencyMs as Record<string, number>)[b]) / 1000;
            expect(Math.abs(e - derived) / derived).toBeLessThan(2e-4);
            entries++;
          }
        }
      }
    }
    expect(entries).toBe(156);
  });

  it('the lightest video detector costs about a quarter of the medium one per request at batch 1', () => {
    const det = (bundledPipelines.video as PipelineProfile).stages[0].variants;
    const e = (name: string) => (det.find((v) => v.name === name)!.energyJ as Record<string, number>)['1'];
    expect(e('yolov5n')).toBeCloseTo(0.449, 3);
    expect(e('yolov5m')).toBeCloseTo(1.652, 3);
  });
});
