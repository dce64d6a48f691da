import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/validate.js';
import { StageSamples } from '../../src/sim/stage-samples.js';

// What a long run keeps alive for its whole length: one copy of an inline trace, and its per-interval
// stage samples as typed columns.

describe('state kept through a long run', () => {
  it('an inline trace is used as given, not as the schema\'s parsed copy', () => {
    const rps = Array.from({ length: 5000 }, (_, i) => i % 7);
    const r = validateScenario({ seed: 1, durationS: 5000, pipeline: 'video', workload: { type: 'trace', rps }, policy: { name: 'static', config: [{ variant: 'yolov5n', batch: 1, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }] } });
    expect(r.workload.type === 'trace' && r.workload.counts).toBe(rps);
  });

  it('stage samples give back what was pushed, past their initial capacity', () => {
    const s = new StageSamples(3);
    const rows = Array.from({ length: 40 }, (_, i) => [i % 3 ? 'a' : 'b', i % 5 ? 'cpu' : 'gpu', 1 + (i % 8), i, i % 4, 100_000 + i] as const);
    for (const r of rows) s.push(...r);
    const out = s.series('st');
    expect(out.name).toBe('st');
    expect(out.variant).toEqual(rows.map((r) => r[0]));
    expect(out.device).toEqual(rows.map((r) => r[1]));
    expect(out.batch).toEqual(rows.map((r) => r[2]));
    expect(out.replicas).toEqual(rows.map((r) => r[3]));
    expect(out.readyReplicas).toEqual(rows.map((r) => r[4]));
    expect(out.queueLength).toEqual(rows.map((r) => r[5]));
  });
});
