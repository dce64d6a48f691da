import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployedCores, withCores } from '../../examples/ipa/deployed-cores.js';
import { bundledPipelines, validateScenario } from '../../src/index.js';

// `--deployed-cores` rebuilds a variant at other cores from the profile's own fit. The fit must
// reproduce the shipped latency at the shipped cores (else the rebuilt one is not comparable), and
// the rebuilt pipeline must be a valid profile with its changes marked derived.

const FR_EN = 'Helsinki-NLP-opus-mt-fr-en';
const fit = (JSON.parse(readFileSync(new URL('../../profiles/ipa/fits/nlp.json', import.meta.url), 'utf8')) as { variants: { variant: string; params: { S: number; phi: number; p: number } }[] }).variants.find((v) => v.variant === FR_EN)!.params;
const L = (b: number, c: number) => fit.S * (fit.phi + (1 - fit.phi) * b) * (1 - fit.p + fit.p / c);

describe('deployed cores', () => {
  it("the fit reproduces the shipped latency at the shipped cores, and gives the rebuilt one at 4", () => {
    const shipped = bundledPipelines.nlp.stages[1].variants.find((v) => v.name === FR_EN)!;
    for (const [b, ms] of Object.entries(shipped.latencyMs)) expect(L(Number(b), shipped.cores)).toBeCloseTo(ms, 1);
    const rebuilt = withCores('nlp', { [FR_EN]: 4 }).stages[1].variants.find((v) => v.name === FR_EN)!;
    expect(rebuilt.cores).toBe(4);
    for (const [b, ms] of Object.entries(rebuilt.latencyMs)) expect(ms).toBeCloseTo(L(Number(b), 4), 1);
    expect(rebuilt.latencyP99Ms!['1'] / rebuilt.latencyMs['1']).toBeCloseTo(shipped.latencyP99Ms!['1'] / shipped.latencyMs['1'], 3);
    expect(rebuilt.provenance?.cores.kind).toBe('derived');
    // The measured planner throughput (taken at 2 cores) moves with the fit's speed-up.
    for (const b of Object.keys(shipped.maxThroughputRps!)) expect(rebuilt.maxThroughputRps![b]).toBeCloseTo((shipped.maxThroughputRps![b] * L(Number(b), 2)) / L(Number(b), 4), 1);
    expect(rebuilt.provenance?.maxThroughputRps.kind).toBe('derived');
    expect(() => validateScenario({ seed: 1, durationS: 10, pipeline: withCores('nlp', { [FR_EN]: 4 }), workload: { type: 'poisson', rps: 1 }, policy: { name: 'static' } })).not.toThrow();
  });

  it('only the nlp baselines IPA deployed differently change', () => {
    expect(deployedCores('nlp', 'rim', 'steady_low')).toEqual({ [FR_EN]: 4 });
    expect(deployedCores('nlp', 'ipa', 'bursty')).toEqual({});
    expect(deployedCores('video', 'rim', 'bursty')).toEqual({});
    expect(withCores('nlp', {})).toBe(bundledPipelines.nlp);
  });
});
