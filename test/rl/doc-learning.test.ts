/**
 * docs/learning.md quotes tables written by scripts in examples/rl/: this checks that the doc holds
 * them verbatim, reruns a seed of the Q-learning table (deterministic), checks the decision-time
 * table's deterministic column (the PPO head's size per pipeline; its wall times are not tested),
 * for OPD's steady-low tables checks that they are the formatting of the stored per-seed rows and
 * reruns the stored small case (seed 1, a few training episodes) to the same figures, and reruns
 * the two readings of OPD's L on fixed configurations (no training).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIZES, syntheticPipeline } from '../../examples/rl/decision-time-lib.js';
import { formatOpd, formatOpdSeeds, opdRows, type OpdRow } from '../../examples/rl/opd-lib.js';
import { formatReadings, rewardReadings } from '../../examples/rl/opd-readings-lib.js';
import { smallRow, type SmallRow } from '../../examples/rl/qlearning-table-lib.js';
import { useTfBackend } from '../../src/node/train/backend.js';
import { actionLayout } from '../../src/policies/learning/layout.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/learning.md and examples/rl', () => {
  it.each([
    'examples/rl/results/opd-steady-low.md',
    'examples/rl/results/opd-steady-low-seeds.md',
    'examples/rl/results/opd-fluctuating.md',
    'examples/rl/results/opd-fluctuating-seeds.md',
    'examples/rl/results/opd-reward-readings.md',
    'examples/rl/results/table.md', 'examples/rl/results/decision-time.md', 'examples/rl/results/qlearning-small.md', 'examples/rl/results/qlearning-video.md',
  ])('the doc quotes %s verbatim', (file) => {
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
      training: { seed: number; selectedEpisode: number }[];
      check: { seed: number; episodes: number; rows: OpdRow[] };
    }
    const stored = (name = 'opd-steady-low') => JSON.parse(read(`examples/rl/results/${name}.json`)) as Stored;
    // Decision times are wall times: everything else is deterministic on one tfjs backend.
    const figures = (rows: readonly OpdRow[]) => rows.map(({ decisionMs: _, ...rest }) => rest);

    it.each(['opd-steady-low', 'opd-fluctuating'])('the quoted tables of %s are its stored rows, formatted', (name) => {
      const s = stored(name);
      expect(read(`examples/rl/results/${name}.md`).trim()).toBe(formatOpd(s.rows));
      expect(read(`examples/rl/results/${name}-seeds.md`).trim()).toBe(formatOpdSeeds(s.rows, s.training));
    });

    it('a rerun of the two readings of L on fixed configurations gives the quoted table', async () => {
      expect(formatReadings(await rewardReadings())).toBe(read('examples/rl/results/opd-reward-readings.md').trim());
    });

    it('a rerun of the stored small case gives its figures', async () => {
      const { check } = stored();
      await useTfBackend('wasm');
      const { rows } = await opdRows(check.seed, check.episodes);
      expect(figures(rows)).toEqual(figures(check.rows));
    });
  });
});
