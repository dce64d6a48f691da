/**
 * docs/learning.md quotes tables written by scripts in examples/rl/: this checks that the doc holds
 * them verbatim, reruns a seed of the Q-learning table (deterministic), and checks the decision-time
 * table's deterministic column (the PPO head's size per pipeline); its wall times are not tested.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIZES, syntheticPipeline } from '../../examples/rl/decision-time-lib.js';
import { smallRow, type SmallRow } from '../../examples/rl/qlearning-table-lib.js';
import { actionLayout } from '../../src/policies/learning/layout.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/learning.md and examples/rl', () => {
  it.each(['examples/rl/results/table.md', 'examples/rl/results/decision-time.md', 'examples/rl/results/qlearning-small.md', 'examples/rl/results/qlearning-video.md'])('the doc quotes %s verbatim', (file) => {
    expect(read('docs/learning.md')).toContain(read(file).trim());
  });

  it('a rerun of the small pipeline\'s seed 1 gives the stored row', async () => {
    const stored = (JSON.parse(read('examples/rl/results/qlearning.json')) as { small: SmallRow[] }).small.find((r) => r.seed === 1)!;
    const row = await smallRow(1);
    expect({ ...row, reachedAtS: String(row.reachedAtS) }).toEqual({ ...stored, reachedAtS: String(stored.reachedAtS ?? NaN) });
  });

  it('the decision-time table lists the four pipelines with their PPO action values', () => {
    const table = read('examples/rl/results/decision-time.md');
    for (const [S, V] of SIZES) {
      const values = actionLayout(syntheticPipeline(S, V), { batchingCap: 8 }).nvec.reduce((a, b) => a + b, 0);
      expect(table).toContain(`| ${S} x ${V} | ${values} |`);
    }
  });
});
