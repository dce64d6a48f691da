import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHeteroProfiles, DEVICE_MODELS, heteroTable, HETERO_README_BEGIN, HETERO_README_END, spliceHeteroReadme, toJson } from '../../../scripts/build-hetero-profiles.js';
import { acceleratorsOn, onDevice, variantDevices } from '../../../src/profiles/device.js';
import { stageLoadFactors } from '../../../src/profiles/graph.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import { latencyMs, throughputRps } from '../../../src/profiles/variant.js';
import { validateScenario } from '../../../src/sim/validate.js';

const read = (rel: string) => readFileSync(new URL(`../../../${rel}`, import.meta.url), 'utf8');
const video = JSON.parse(read('profiles/ipa/video.json')) as PipelineProfile;
const built = buildHeteroProfiles(video);

describe('profiles/hetero', () => {
  it('the shipped files and README table are what the build script produces', () => {
    for (const [name, p] of Object.entries(built)) expect(read(`profiles/hetero/${name}.json`)).toBe(toJson(p));
    const readme = read('profiles/hetero/README.md');
    expect(readme).toContain(HETERO_README_BEGIN);
    expect(spliceHeteroReadme(readme, heteroTable(built['video-hetero']))).toBe(readme);
    expect(readme.indexOf(HETERO_README_END)).toBeGreaterThan(readme.indexOf(HETERO_README_BEGIN));
  });

  it('every variant runs on cpu, gpu and fpga; device numbers are tagged derived and illustrative', () => {
    for (const p of Object.values(built)) {
      expect(() => validateScenario({ seed: 1, durationS: 10, pipeline: p, workload: { type: 'poisson', rps: 1 }, policy: { name: 'static', config: [] } })).not.toThrow();
      for (const s of p.stages) {
        for (const v of s.variants) {
          expect(variantDevices(v)).toEqual(['cpu', 'gpu', 'fpga']);
          for (const d of ['gpu', 'fpga'] as const) {
            const prof = v.devices![d];
            expect(acceleratorsOn(v, d)).toBe(1);
            for (const field of ['latencyMs', 'latencyP99Ms', 'energyJ', 'startupS']) {
              expect(prof.provenance![field].kind).toBe('derived');
              expect((prof.provenance![field] as { method: string }).method).toMatch(/^ILLUSTRATIVE, not measured/);
            }
            // Start-up: the CPU's plus the device's initialisation.
            expect(prof.startupS).toBeCloseTo(v.startupS! + DEVICE_MODELS[d].extraStartupS, 9);
            const onD = onDevice(v, d);
            let lastLat = 0;
            let lastThr = 0;
            for (const b of [1, 2, 4, 8]) {
              expect(latencyMs(onD, b)).toBeGreaterThan(lastLat);
              expect(throughputRps(onD, b)).toBeGreaterThanOrEqual(lastThr);
              lastLat = latencyMs(onD, b);
              lastThr = throughputRps(onD, b);
            }
          }
          // The CPU profile is IPA's, unchanged, but for IPA's measured planner throughput (left out:
          // every device here plans with b / latency).
          const ipa = video.stages.flatMap((x) => x.variants).find((x) => x.name === v.name)!;
          expect(v.latencyMs).toEqual(ipa.latencyMs);
          expect(v.energyJ).toEqual(ipa.energyJ);
          expect(v.maxThroughputRps).toBeUndefined();
          const { maxThroughputRps: _measured, ...rest } = ipa.provenance ?? {};
          expect(v.provenance).toEqual(rest);
        }
      }
    }
  });

  it('the trade-offs the README states hold', () => {
    const [crop, cls] = built['video-hetero'].stages;
    for (const v of [...crop.variants, ...cls.variants]) {
      // At batch 1 the FPGA has the lowest energy per request.
      const e1 = (d: string) => (d === 'cpu' ? v.energyJ!['1'] : v.devices![d].energyJ!['1']);
      expect(e1('fpga')).toBeLessThan(Math.min(e1('cpu'), e1('gpu')));
      // At batch 8 the GPU has the highest throughput.
      expect(throughputRps(onDevice(v, 'gpu'), 8)).toBeGreaterThan(Math.max(throughputRps(v, 8), throughputRps(onDevice(v, 'fpga'), 8)));
    }
    // The lightest classifier costs more energy on the GPU than on the CPU at batch 1.
    const r18 = cls.variants.find((v) => v.name === 'resnet18')!;
    expect(r18.devices!.gpu.energyJ!['1']).toBeGreaterThan(r18.energyJ!['1']);
  });

  it('the graph sends 0.85 x 2.5 crops per frame to the classifier', () => {
    expect(stageLoadFactors(built['traffic-graph'])).toEqual([1, 0.85 * 2.5]);
  });
});
