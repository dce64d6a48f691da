import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PIPELINES, SHIP_BATCHES, ENERGY_REFERENCE, REFERENCE_CORE_W, derivedBatchEnergyJ } from '../../scripts/build-ipa-profiles.js';
import { REFERENCE_NODE_POWER, dynamicBatchEnergyJ, validateNodePowerSpec } from '../../src/energy/power-model.js';
import type { PipelineProfile, VariantProfile } from '../../src/profiles/types.js';
import { batchEnergyJ } from '../../src/profiles/variant.js';
import { bundledPipelines } from '../../src/bundled/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shipped = (name: string): PipelineProfile =>
  JSON.parse(readFileSync(join(root, 'profiles', 'ipa', `${name}.json`), 'utf8')) as PipelineProfile;
const all: { pipeline: string; stage: string; v: VariantProfile }[] = PIPELINES.flatMap((pipeline) =>
  shipped(pipeline).stages.flatMap((s) => s.variants.map((v) => ({ pipeline, stage: s.name, v }))),
);

describe('derived energy of the shipped IPA profiles', () => {
  it('uses the documented reference server: 60 W idle, 330 W busy, 48 cores, linear; 5.625 W per core', () => {
    expect(ENERGY_REFERENCE).toBe(REFERENCE_NODE_POWER);
    expect(validateNodePowerSpec({ ...ENERGY_REFERENCE })).toEqual({ idleW: 60, maxW: 330, curve: 'linear', cores: 48 });
    expect(REFERENCE_CORE_W).toBe(5.625);
  });

  it('gives every variant energyJ for every shipped batch size, tagged derived with its method', () => {
    expect(all.length).toBe(39); // 10 + 5 + 7 + 8 + 9 variants
    for (const { pipeline, v } of all) {
      const at = `${pipeline}/${v.name}`;
      expect(Object.keys(v.energyJ ?? {}).map(Number), at).toEqual([...SHIP_BATCHES]);
      const prov = v.provenance?.energyJ;
      expect(prov?.kind, at).toBe('derived');
      const method = prov?.kind === 'derived' ? prov.method : '';
      expect(method).toContain(`cores (${v.cores})`);
      expect(method).toContain('5.625 W');
      expect(method).toMatch(/idle power is not included/);
    }
  });

  it('equals cores x 5.625 W x latencyMs / 1000, the linear power model on the reference node', () => {
    for (const { v } of all) {
      for (const b of SHIP_BATCHES) {
        const e = v.energyJ![b];
        expect(e).toBe(derivedBatchEnergyJ(v.cores, v.latencyMs[b]));
        // Rounded to 4 decimals: within half a unit of the last place.
        expect(Math.abs(e - (v.cores * 5.625 * v.latencyMs[b]) / 1000)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
        expect(Math.abs(e - dynamicBatchEnergyJ(REFERENCE_NODE_POWER, v.cores, v.latencyMs[b] / 1000))).toBeLessThanOrEqual(0.5e-4 + 1e-12);
      }
    }
  });

  it('grows with the batch, while energy per request does not', () => {
    for (const { pipeline, v } of all) {
      for (let i = 1; i < SHIP_BATCHES.length; i++) {
        const [a, b] = [SHIP_BATCHES[i - 1], SHIP_BATCHES[i]];
        expect(v.energyJ![b], `${pipeline}/${v.name} b=${b}`).toBeGreaterThan(v.energyJ![a]);
        expect(v.energyJ![b] / b, `${pipeline}/${v.name} J/request b=${b}`).toBeLessThanOrEqual(v.energyJ![a] / a);
      }
      // Interpolated between profiled sizes too.
      for (let x = 1; x < 8; x += 0.25) {
        expect(batchEnergyJ(v, x + 0.25)! / (x + 0.25)).toBeLessThanOrEqual(batchEnergyJ(v, x)! / x + 1e-12);
      }
    }
  });

  it('is what the bundled module carries', () => {
    for (const name of PIPELINES) {
      bundledPipelines[name].stages.forEach((s, i) =>
        s.variants.forEach((v, j) => expect(v.energyJ).toEqual(shipped(name).stages[i].variants[j].energyJ)),
      );
    }
  });

  it('passes the sanity check of profiles/README.md against the seed (70-135 W package power)', () => {
    const video = Object.fromEntries(shipped('video').stages.flatMap((s) => s.variants.map((v) => [v.name, v])));
    const perRequest = (names: string[], b: number): number => names.reduce((acc, n) => acc + video[n].energyJ![b] / b, 0);
    const watts = (names: string[], b: number, rps: number): number => REFERENCE_NODE_POWER.idleW + perRequest(names, b) * rps;
    // FA2-high's starting configuration at the bursty workload's mean rate.
    expect(perRequest(['yolov5s', 'resnet101'], 1)).toBeCloseTo(1.895, 3);
    expect(watts(['yolov5s', 'resnet101'], 1, 12.03)).toBeCloseTo(82.8, 1);
    expect(watts(['yolov5s', 'resnet101'], 4, 12.03)).toBeCloseTo(76.2, 1);
    // Realistic single-node configurations span about the seed's range: 63-131 W.
    expect(watts(['yolov5n', 'resnet18'], 1, 5)).toBeCloseTo(63.6, 1);
    expect(watts(['yolov5m', 'resnet50'], 1, 28.84)).toBeCloseTo(130.9, 1);
    for (const [names, b, rps] of [
      [['yolov5n', 'resnet18'], 1, 12.03],
      [['yolov5s', 'resnet101'], 1, 28.84],
      [['yolov5m', 'resnet50'], 1, 12.03],
    ] as const) {
      const w = watts([...names], b, rps);
      expect(w).toBeGreaterThan(60);
      expect(w).toBeLessThan(135);
    }
  });
});
