import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFacesProfile, facesStatsTable, FACE_STAGES, type FacesRawRuns } from '../../scripts/profile-face-api.js';
import { loadScenarioFile } from '../../src/node/index.js';
import { loadSweepFile } from '../../src/node/sweep/load-sweep.js';
import { expandSweep } from '../../src/experiment/expand-sweep.js';
import { parseScenario, simulate } from '../../src/sim/simulate.js';
import { validateScenario } from '../../src/sim/validate.js';
import type { PipelineProfile } from '../../src/profiles/types.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'profiles', 'measured');
const raw = JSON.parse(readFileSync(join(dir, 'raw', 'faces-runs.json'), 'utf8')) as FacesRawRuns;
const shipped = readFileSync(join(dir, 'faces.json'), 'utf8');
const profile = JSON.parse(shipped) as PipelineProfile;

describe('profiles/measured/faces.json', () => {
  it('is rebuilt byte for byte from the raw rounds, and the README quotes their statistics', () => {
    expect(JSON.stringify(buildFacesProfile(raw), null, 2) + '\n').toBe(shipped);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(/<!-- stats -->\n([\s\S]*?)\n<!-- \/stats -->/.exec(readme)?.[1]).toBe(facesStatsTable(raw));
  });

  it('has every stage and model, several rounds per batch size, and numbers that follow from the rounds', () => {
    expect(profile.stages.map((s) => s.name)).toEqual(FACE_STAGES.map((s) => s.stage));
    expect(raw.rounds.length).toBeGreaterThanOrEqual(3);
    for (const r of raw.rounds) expect(r.models.map((m) => m.model)).toEqual(FACE_STAGES.flatMap((s) => s.models));
    const tiny = profile.stages[0].variants.find((v) => v.name === 'tiny_face_detector')!;
    const means = raw.rounds.map((r) => r.models.find((m) => m.model === 'tiny_face_detector')!.measurements.find((x) => x.batch === 1)!.meanMs);
    expect(tiny.latencyMs['1']).toBeCloseTo(means.reduce((a, b) => a + b, 0) / means.length, 0);
    expect(validateScenario({ seed: 1, durationS: 10, pipeline: profile, workload: { type: 'poisson', rps: 1 }, slaMs: 5000, policy: { name: 'static', config: profile.stages.map((s) => ({ variant: s.variants[0].name, batch: 1, replicas: 1 })) } })).toBeTruthy();
  });

  it('tags latency, cores, start-up and memory measured with the machine and date, energy derived, accuracy with its source', () => {
    for (const st of profile.stages) {
      for (const v of st.variants) {
        for (const f of ['latencyMs', 'latencyP99Ms', 'cores', 'startupS', 'memoryMB']) {
          expect(v.provenance?.[f]).toMatchObject({ kind: 'measured', source: expect.stringContaining(raw.machine.cpuModel) });
          expect((v.provenance?.[f] as { source: string }).source).toContain(raw.startedAt);
          expect((v.provenance?.[f] as { source: string }).source).toContain('SHARED, NOISY');
        }
        expect(v.provenance?.energyJ).toMatchObject({ kind: 'derived', method: expect.stringContaining('no RAPL') });
        expect(v.provenance?.serviceDist?.kind).toBe('derived');
        expect(['measured', 'modelled']).toContain(v.provenance?.accuracy?.kind);
        expect(v.startupS).toBeGreaterThan(0);
        expect(Object.keys(v.latencyMs)).toEqual(['1', '2', '4', '8']);
      }
    }
    const rec = profile.stages[2].variants[0];
    expect(rec.accuracy).toBe(0.9938);
    expect(rec.provenance?.accuracy).toMatchObject({ kind: 'measured', source: expect.stringContaining('LFW') });
  });
});

describe('examples/measured', () => {
  it('the scenario loads the profile by path and runs (first 3 simulated minutes)', async () => {
    const scenario = loadScenarioFile(join(root, 'examples', 'measured', 'faces-scenario.json'));
    const r = await simulate(parseScenario({ ...scenario, durationS: 180, warmupS: 0 }));
    expect((scenario.pipeline as PipelineProfile).name).toBe('faces');
    expect(r.summary.requests).toBeGreaterThan(0);
    expect(r.summary.completed + r.summary.dropped + r.summary.unfinished).toBe(r.summary.requests);
    expect(r.summary.accuracy).toBeCloseTo(0.9938 * 0.95, 9);
  });

  it('the sweep expands to every policy x workload x seed, and one run of each policy works (2 simulated minutes)', async () => {
    const spec = loadSweepFile(join(root, 'examples', 'measured', 'faces-sweep.json'));
    const { runs } = expandSweep(spec);
    expect(runs).toHaveLength(4 * 4 * 3);
    const labels = [...new Set(runs.map((r) => r.policy))];
    expect(labels).toEqual(['ipa', 'greedy', 'static-fast', 'static-accurate']);
    for (const label of labels) {
      const run = runs.find((r) => r.policy === label && r.workload === 'steady_low')!;
      const res = await simulate(parseScenario({ ...run.scenario, durationS: 120, warmupS: 0 }));
      expect(res.summary.requests).toBeGreaterThan(0);
    }
  });
});
