/**
 * docs/learning.md quotes tables written by scripts in examples/rl/: this checks that the doc holds
 * them verbatim, reruns a seed of the Q-learning table (deterministic), checks the decision-time
 * table's deterministic column (the PPO head's size per pipeline; its wall times are not tested),
 * and for OPD's steady-low table checks that it is the formatting of the stored per-seed rows and
 * reruns the stored small case (seed 1, a few training episodes) to the same figures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIZES, syntheticPipeline } from '../../examples/rl/decision-time-lib.js';
import { formatOpd, opdRows, type OpdRow } from '../../examples/rl/opd-lib.js';
import { smallRow, type SmallRow } from '../../examples/rl/qlearning-table-lib.js';
import { useTfBackend } from '../../src/node/train/backend.js';
import { actionLayout } from '../../src/policies/learning/layout.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/learning.md and examples/rl', () => {
  it.each(['examples/rl/results/opd-steady-low.md', 'examples/rl/results/table.md', 'examples/rl/results/decision-time.md', 'examples/rl/results/qlearning-small.md', 'examples/rl/results/qlearning-video.md'])('the doc quotes %s verbatim', (file) => {
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

  describe("OPD's setup under steady low load (examples/rl/opd-steady-low.ts)", () => {
    interface Stored {
      rows: OpdRow[];
      check: { seed: number; episodes: number; rows: OpdRow[] };
    }
    const stored = () => JSON.parse(read('examples/rl/results/opd-steady-low.json')) as Stored;
    // Decision times are wall times: everything else is deterministic on one tfjs backend.
    const figures = (rows: readonly OpdRow[]) => rows.map(({ decisionMs: _, ...rest }) => rest);

    it('the quoted table is the stored rows, formatted', () => {
      expect(read('examples/rl/results/opd-steady-low.md').trim()).toBe(formatOpd(stored().rows));
    });

    it('a rerun of the stored small case gives its figures', async () => {
      const { check } = stored();
      await useTfBackend('wasm');
      const { rows } = await opdRows(check.seed, check.episodes);
      expect(figures(rows)).toEqual(figures(check.rows));
    });
  });
});
