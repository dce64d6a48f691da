import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PIPELINES,
  SHIP_BATCHES,
  README_BEGIN,
  README_END,
  baseAllocationWalk,
  buildProfiles,
  renderWalkTable,
  fitLatency,
  modelLatencyMs,
  readInputs,
  spliceReadme,
  toJson,
  type BuildResult,
  type RawPipeline,
} from '../../scripts/build-ipa-profiles.js';
import type { PipelineProfile } from '../../src/profiles/types.js';
import { latencyMs, throughputRps } from '../../src/profiles/variant.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ipaDir = join(root, 'profiles', 'ipa');

/** Largest |fitted - measured| / measured over the mean-latency fragments a fit used (reported in profiles/README.md). */
const MEAN_TOLERANCE_PCT = 25;
/** The same for p99 fragments (fitted p99 = fitted mean x the variant's p99/mean ratio). */
const P99_TOLERANCE_PCT = 35;

const read = (p: string): string => readFileSync(p, 'utf8');
const shipped = (name: string): PipelineProfile => JSON.parse(read(join(ipaDir, `${name}.json`))) as PipelineProfile;

let inputs: Record<string, RawPipeline>;
let built: BuildResult;

beforeAll(() => {
  // Rebuild from the raw copies shipped with the profiles: the shipped files must be reproducible
  // from data in this repository alone.
  inputs = readInputs(join(ipaDir, 'raw'));
  built = buildProfiles(inputs);
});

describe('build-ipa-profiles', () => {
  it('reproduces every shipped profile, fit report and README table from profiles/ipa/raw', () => {
    for (const name of PIPELINES) {
      expect(read(join(ipaDir, `${name}.json`)), `${name}.json`).toBe(toJson(built.profiles[name]));
      expect(read(join(ipaDir, 'fits', `${name}.json`)), `fits/${name}.json`).toBe(toJson(built.fits[name]));
    }
    const readme = read(join(root, 'profiles', 'README.md'));
    expect(readme).toContain(README_BEGIN);
    expect(readme).toContain(README_END);
    expect(spliceReadme(readme, built.readmeTables)).toBe(readme);
  });

  it('is deterministic', () => {
    const again = buildProfiles(readInputs(join(ipaDir, 'raw')));
    expect(toJson(again.profiles)).toBe(toJson(built.profiles));
    expect(toJson(again.fits)).toBe(toJson(built.fits));
  });

  it("walks base allocations as IPA's Task.base_allocations does (hand-computed counts)", () => {
    // sustains(c) = number of profiled batch sizes sustained at c cores, per variant in ascending accuracy.
    const v = (counts: Record<number, number>, fact?: number) => ({ sustains: (c: number) => counts[c] ?? 0, fact });
    const walk = (vs: ReturnType<typeof v>[]) => baseAllocationWalk(vs, [1, 2, 4, 8]).map((x) => x.c);
    // The least accurate takes the smallest c sustaining any batch; the next steps up once because
    // 2 cores sustain more batch sizes (3 > 1), although 1 core already sustains one.
    expect(walk([v({ 1: 4, 2: 4, 4: 4, 8: 4 }), v({ 1: 1, 2: 3, 4: 4, 8: 4 })])).toEqual([1, 2]);
    // One step per variant: the third moves from 2 to 4 (4 > 3), not on to 8.
    expect(walk([v({ 1: 4 }), v({ 1: 1, 2: 3, 4: 4, 8: 4 }), v({ 1: 0, 2: 3, 4: 4, 8: 5 })])).toEqual([1, 2, 4]);
    // No step when the next count is not larger; up while the current sustains none; never down.
    expect(walk([v({ 1: 0, 2: 2, 4: 2, 8: 2 }), v({ 1: 4, 2: 4, 4: 4, 8: 4 }), v({ 1: 0, 2: 0, 4: 0, 8: 1 })])).toEqual([2, 2, 8]);
    // A stated allocation pins its variant and moves the index up to it, not down.
    expect(walk([v({ 1: 4, 2: 4, 4: 4, 8: 4 }, 4), v({ 1: 4, 2: 4, 4: 4, 8: 4 }), v({ 1: 4, 2: 4, 4: 4, 8: 4 }, 1)])).toEqual([4, 4, 1]);
    // Sustaining nothing anywhere (IPA's code raises): the largest, with a note.
    const none = baseAllocationWalk([v({})], [1, 2, 4]);
    expect(none[0].c).toBe(4);
    expect(none[0].note).toMatch(/none reaches it/);
  });

  it("docs/reproducing-ipa-results.md lists where the shipped cores and IPA's walk differ, as scripts/ipa-base-allocation-walk.ts prints it", () => {
    const doc = read(join(root, 'docs', 'reproducing-ipa-results.md'));
    expect(doc.split('<!-- walk -->\n')[1]?.split('<!-- /walk -->')[0]).toBe(renderWalkTable(built.walk));
    // Each row is a variant of the build, with the cores it ships.
    for (const r of built.walk) expect(built.profiles[r.pipeline].stages.flatMap((st) => st.variants).find((v) => v.name === r.variant)?.cores).toBe(r.shipped);
  });

  it('fitLatency recovers the parameters of noiseless data', () => {
    const truth = { S: 120, phi: 0.3, p: 0.8 };
    const obs = [1, 2, 4].flatMap((c) => [1, 2, 8].map((b) => ({ b, c, ms: modelLatencyMs(truth, b, c) })));
    const f = fitLatency(obs, {});
    expect(f.phi).toBeCloseTo(0.3, 6);
    expect(f.p).toBeCloseTo(0.8, 6);
    expect(f.S).toBeCloseTo(120, 6);
  });
});

describe('shipped IPA profiles', () => {
  it('carry the pipeline settings of IPA runs', () => {
    for (const name of PIPELINES) {
      const p = shipped(name);
      expect(p.name).toBe(name);
      expect(p.slaMs).toBe(inputs[name].slaMs);
      expect(p.dropLimitS).toBe(inputs[name].ipaConfig.drop_limit_s);
      expect(p.description).toBeTruthy();
      expect(p.sources?.length).toBeGreaterThan(0);
      expect(p.stages.map((s) => s.name)).toEqual(inputs[name].stages.map((s) => s.name));
      p.stages.forEach((s, i) => {
        expect(s.variants.map((v) => v.name)).toEqual(inputs[name].stages[i].variants.map((v) => v.name));
      });
    }
  });

  it("give nlp RIM's frozen light configuration the cost IPA's Fig. 12 plots flat (106 cores)", () => {
    // RIM's replicas [6, 22, 12] (fig12 notebook) on the light variants, each at its base allocation.
    const light = shipped('nlp').stages.map((s) => s.variants.reduce((a, v) => (v.accuracy < a.accuracy ? v : a)));
    expect(light.map((v) => v.name)).toEqual(['dinalzein-xlm-roberta-base-finetuned-language-identification', 'Helsinki-NLP-opus-mt-fr-en', 'sshleifer-distilbart-xsum-1-1']);
    expect(6 * light[0].cores + 22 * light[1].cores + 12 * light[2].cores).toBe(106);
    const prov = light[1].provenance?.cores;
    expect(prov?.kind === 'derived' ? prov.method : '').toMatch(/RIM runs .* 106/);
  });

  it('give every shipped number a provenance', () => {
    const numeric = ['accuracy', 'cores', 'latencyMs', 'latencyP99Ms', 'energyJ', 'startupS', 'memoryMB'] as const;
    for (const name of PIPELINES) {
      for (const s of shipped(name).stages) {
        for (const v of s.variants) {
          for (const field of numeric) {
            if (v[field] === undefined) continue;
            const prov = v.provenance?.[field];
            expect(prov, `${name}/${v.name}.${field}`).toBeDefined();
            const text = prov!.kind === 'measured' ? prov!.source : prov!.method;
            expect(['measured', 'derived', 'modelled']).toContain(prov!.kind);
            expect(text.length, `${name}/${v.name}.${field}`).toBeGreaterThan(20);
          }
          // No stray provenance for fields that are absent.
          for (const key of Object.keys(v.provenance ?? {})) expect(v[key as keyof typeof v], key).toBeDefined();
        }
      }
    }
  });

  it('have accuracies in [0, 1] equal to IPA accuracyForPAS, and whole positive cores', () => {
    for (const name of PIPELINES) {
      shipped(name).stages.forEach((s, i) => {
        s.variants.forEach((v, j) => {
          expect(v.accuracy).toBeGreaterThanOrEqual(0);
          expect(v.accuracy).toBeLessThanOrEqual(1);
          expect(v.accuracy).toBe(inputs[name].stages[i].variants[j].accuracyForPAS);
          expect(Number.isInteger(v.cores) && v.cores >= 1).toBe(true);
          expect(v.startupS).toBeGreaterThan(0);
        });
      });
    }
  });

  it('have latency increasing and throughput non-decreasing in the batch, p99 above the mean', () => {
    for (const name of PIPELINES) {
      for (const s of shipped(name).stages) {
        const sizes = Object.keys(s.variants[0].latencyMs).map(Number);
        expect(sizes).toEqual([...SHIP_BATCHES]);
        for (const v of s.variants) {
          // Every variant of a stage has the same batch sizes, for the mean and the p99.
          expect(Object.keys(v.latencyMs).map(Number)).toEqual(sizes);
          expect(Object.keys(v.latencyP99Ms ?? {}).map(Number)).toEqual(sizes);
          for (let i = 1; i < sizes.length; i++) {
            const [a, b] = [sizes[i - 1], sizes[i]];
            expect(v.latencyMs[b], `${v.name} b=${b}`).toBeGreaterThan(v.latencyMs[a]);
            expect(b / v.latencyMs[b], `${v.name} thr b=${b}`).toBeGreaterThanOrEqual(a / v.latencyMs[a]);
          }
          for (const b of sizes) expect(v.latencyP99Ms![b]).toBeGreaterThanOrEqual(v.latencyMs[b]);
        }
      }
    }
  });

  it('keep the order between profiled sizes too (interpolated latency and b / latency)', () => {
    const variants = PIPELINES.flatMap((n) => shipped(n).stages.flatMap((s) => s.variants));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: variants.length - 1 }),
        fc.double({ min: 1, max: 8, noNaN: true }),
        fc.double({ min: 1, max: 8, noNaN: true }),
        (i, x, y) => {
          const v = variants[i];
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          // The latency model's throughput b / L(b); the measured maxima (maxThroughputRps) need not grow.
          return latencyMs(v, lo) <= latencyMs(v, hi) + 1e-9 && lo / latencyMs(v, lo) <= hi / latencyMs(v, hi) + 1e-12;
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('reproduce the measured fragments they were fitted on within the reported tolerance', () => {
    let checked = 0;
    for (const name of PIPELINES) {
      const profile = shipped(name);
      for (const vf of built.fits[name].variants) {
        const v = profile.stages.find((s) => s.name === vf.stage)!.variants.find((x) => x.name === vf.variant)!;
        // The shipped table is the fitted model at the chosen cores.
        for (const b of SHIP_BATCHES) {
          expect(v.latencyMs[b]).toBeCloseTo(modelLatencyMs(vf.params, b, v.cores), -Math.log10(v.latencyMs[b] * 1e-3));
        }
        for (const u of vf.fragments) {
          if (u.meanMs !== undefined) {
            // Means made from a p99 (p99 / ratio) are p99 fragments: checked under the p99 tolerance.
            const tol = u.meanFrom === 'p99 / ratio' ? P99_TOLERANCE_PCT : MEAN_TOLERANCE_PCT;
            expect(Math.abs(u.meanErrPct!), `${vf.variant} ${JSON.stringify(u)}`).toBeLessThanOrEqual(tol);
            const model = modelLatencyMs(vf.params, u.batch!, u.cores!);
            expect(Math.abs(model - u.fittedMeanMs!) / u.fittedMeanMs!).toBeLessThan(1e-3);
            checked++;
          }
          if (u.p99Ms !== undefined) {
            expect(Math.abs(u.p99ErrPct!), `${vf.variant} p99 ${JSON.stringify(u)}`).toBeLessThanOrEqual(P99_TOLERANCE_PCT);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('use the fragments as documented: none above batch 8, none whose batch could not fill', () => {
    for (const name of PIPELINES) {
      for (const vf of built.fits[name].variants) {
        for (const u of vf.fragments) {
          if (u.use === 'excluded') {
            expect(u.reason.length).toBeGreaterThan(0);
            continue;
          }
          expect(u.batch!).toBeLessThanOrEqual(8);
          if (u.batch! > 1) expect(u.loadRps!).toBeGreaterThanOrEqual(u.batch!);
        }
      }
    }
  });
});

describe('maxThroughputRps of the shipped IPA profiles', () => {
  it('is what planners read, has latencyMs batch sizes, and quotes each measured entry as it is in the raw file', () => {
    let measured = 0;
    for (const name of PIPELINES) {
      const raw = JSON.parse(readFileSync(join(root, 'profiles/ipa/raw', `${name}.json`), 'utf8')) as { stages: { name: string; variants: { name: string; measurements: { series: number | null; cores: number | null; batch: number | null; profilingLoadRps: number | null; throughputMaxRps?: number }[] }[] }[] };
      for (const s of shipped(name).stages) {
        for (const v of s.variants) {
          if (!v.maxThroughputRps) continue;
          expect(Object.keys(v.maxThroughputRps).map(Number)).toEqual(Object.keys(v.latencyMs).map(Number));
          const method = v.provenance?.maxThroughputRps?.kind === 'derived' ? v.provenance.maxThroughputRps.method : '';
          expect(method, `${name}/${v.name}`).toMatch(/reference_throughput: max/);
          for (const b of Object.keys(v.latencyMs).map(Number)) {
            expect(throughputRps(v, b)).toBe(v.maxThroughputRps[b]);
            const m = new RegExp(`b=${b}: measured ([0-9.]+) \\(series (\\d+), (\\d+) core`).exec(method);
            if (!m) continue;
            measured++;
            const frags = raw.stages.find((x) => x.name === s.name)!.variants.find((x) => x.name === v.name)!.measurements;
            expect(frags.some((f) => f.throughputMaxRps === Number(m[1]) && f.series === Number(m[2]) && f.cores === Number(m[3]) && f.cores === v.cores && f.batch === b)).toBe(true);
            expect(v.maxThroughputRps[b]).toBeCloseTo(Number(m[1]), 3);
          }
        }
      }
    }
    expect(measured).toBeGreaterThan(10);
  });

  it('takes own entries from the stage profiling series only, and batch gains from saturated fragments only', async () => {
    const { ownThroughput, stageBatchGain } = await import('../../scripts/build-ipa-profiles.js');
    const stage = { name: 's', node: 'n', accuracyMetric: 'm', profilingSeries: 71, profilingLoadRps: 20, memoryRequestMBe2e: 1, variants: [] };
    const f = (series: number, batch: number, load: number, rps: number) => ({ series, cores: 1, batch, profilingLoadRps: load, throughputMaxRps: rps, source: 'test' });
    const v = { name: 'm', accuracy: 1, accuracyRankNormalized: 1, accuracyForPAS: 1, measurements: [f(100, 1, 30, 4), f(71, 1, 10, 9.9), f(71, 1, 20, 3.4), f(71, 8, 40, 3.0), f(71, 2, 20, 19.9)] };
    expect(ownThroughput(v, 1, 1, stage, 20)?.rps).toBe(3.4); // the run's load first; series 100 never
    expect(ownThroughput(v, 1, 8, stage, 20)?.rps).toBe(3.0); // saturated at a higher load
    expect(ownThroughput(v, 1, 2, stage, 20)?.rps).toBe(19.9); // at the run's load, even if load-bound
    expect(ownThroughput(v, 1, 4, stage, 20)).toBeUndefined();
    // Gains: 3.0 / 3.4 at batch 8 (series 71 at 40 rps has no batch 1: the 20 rps group is used, whose
    // batch 2 at 19.9 is load-bound and left out).
    const g = stageBatchGain([{ ...v, measurements: [f(71, 1, 20, 3.4), f(71, 8, 20, 3.0), f(71, 2, 20, 19.9)] }]);
    expect([...g.gain]).toEqual([[8, 3.0 / 3.4]]);
  });
});
