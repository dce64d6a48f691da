import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scaleBaselineCores, withCores } from '../../examples/ipa/scale-baseline-cores.js';
import { bundledPipelines, validateScenario } from '../../src/index.js';

// `--scale-keeps-initial-cpu` rebuilds a variant at other cores from the profile's own fit. The fit
// must reproduce the shipped latency at the shipped cores (else the rebuilt one is not comparable),
// and the rebuilt pipeline must be a valid profile with its changes marked derived.

const FR_EN = 'Helsinki-NLP-opus-mt-fr-en';
const MEDIUM = 'facebook-s2t-medium-librispeech-asr';
const fit = (JSON.parse(readFileSync(new URL('../../profiles/ipa/fits/nlp.json', import.meta.url), 'utf8')) as { variants: { variant: string; params: { S: number; phi: number; p: number } }[] }).variants.find((v) => v.variant === FR_EN)!.params;
const L = (b: number, c: number) => fit.S * (fit.phi + (1 - fit.phi) * b) * (1 - fit.p + fit.p / c);

describe('scale baselines keeping their initial cores', () => {
  it('the fit reproduces the shipped latency at the shipped cores, and gives the rebuilt one at 2', () => {
    const shipped = bundledPipelines.nlp.stages[1].variants.find((v) => v.name === FR_EN)!;
    expect(shipped.cores).toBe(4);
    for (const [b, ms] of Object.entries(shipped.latencyMs)) expect(L(Number(b), shipped.cores)).toBeCloseTo(ms, 1);
    const rebuilt = withCores('nlp', { [FR_EN]: 2 }).stages[1].variants.find((v) => v.name === FR_EN)!;
    expect(rebuilt.cores).toBe(2);
    for (const [b, ms] of Object.entries(rebuilt.latencyMs)) expect(ms).toBeCloseTo(L(Number(b), 2), 1);
    expect(rebuilt.latencyP99Ms!['1'] / rebuilt.latencyMs['1']).toBeCloseTo(shipped.latencyP99Ms!['1'] / shipped.latencyMs['1'], 3);
    expect(rebuilt.provenance?.cores.kind).toBe('derived');
    // The planner throughput moves with the fit's speed-up.
    for (const b of Object.keys(shipped.maxThroughputRps!)) expect(rebuilt.maxThroughputRps![b]).toBeCloseTo((shipped.maxThroughputRps![b] * L(Number(b), 4)) / L(Number(b), 2), 1);
    expect(rebuilt.provenance?.maxThroughputRps.kind).toBe('derived');
    expect(() => validateScenario({ seed: 1, durationS: 10, pipeline: withCores('nlp', { [FR_EN]: 2 }), workload: { type: 'poisson', rps: 1 }, policy: { name: 'static' } })).not.toThrow();
  });

  it("only FA2-high's s2t-medium on the audio pipelines differs from its base allocation", () => {
    expect(scaleBaselineCores('audio-qa', 'fa2-high')).toEqual({ [MEDIUM]: 1 });
    expect(scaleBaselineCores('audio-sent', 'fa2-high')).toEqual({ [MEDIUM]: 1 });
    expect(bundledPipelines['audio-qa'].stages[0].variants.find((v) => v.name === MEDIUM)!.cores).toBe(2);
    expect(scaleBaselineCores('audio-qa', 'ipa')).toEqual({});
    expect(scaleBaselineCores('nlp', 'fa2-high')).toEqual({});
    expect(withCores('nlp', {})).toBe(bundledPipelines.nlp);
  });
});
