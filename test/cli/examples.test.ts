import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';
import { loadScenarioFile } from '../../src/node/index.js';

const dir = join(import.meta.dirname, '..', '..', 'examples');
const scenarios = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('bundled example scenarios', () => {
  it('there are some', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(3);
  });

  it.each(scenarios)('%s loads and runs (first 5 simulated minutes)', async (file) => {
    const scenario = loadScenarioFile(join(dir, file));
    const r = await simulate(parseScenario({ ...scenario, durationS: 300, warmupS: 0 }));
    expect(r.summary.requests).toBeGreaterThan(0);
    expect(r.summary.completed + r.summary.dropped + r.summary.unfinished).toBe(r.summary.requests);
  });
});
