import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate, runOne, type RunRow } from '../../examples/ipa/experiment.js';
import { comparePaper } from '../../examples/ipa/paper.js';

// docs/reproducing-ipa-results.md quotes the comparison `examples/ipa/run.ts --seeds 10` prints
// against the paper's stated numbers. This reruns the cheapest claims' cells (IPA on nlp under
// bursty and on audio-sent under steady_high, 10 seeds: 20 runs of 20 simulated minutes) and checks
// the doc's rows for them word for word.

const doc = readFileSync(new URL('../../docs/reproducing-ipa-results.md', import.meta.url), 'utf8');

/** The doc's comparison rows by claim text: [paper, here, verdict]. */
function docRows(): Map<string, string[]> {
  const section = doc.split("## Against the paper's stated numbers")[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length === 4 && cells[0] !== 'claim' && !cells[0].startsWith('---')) rows.set(cells[0], cells.slice(1));
  }
  return rows;
}

describe("docs/reproducing-ipa-results.md: against the paper's stated numbers", () => {
  it('quotes what the script measures for IPA on nlp/bursty and audio-sent/steady_high', async () => {
    const runs: RunRow[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      runs.push(await runOne('nlp', 'bursty', 'ipa', seed, 20));
      runs.push(await runOne('audio-sent', 'steady_high', 'ipa', seed, 20));
    }
    const rows = docRows();
    const checked = comparePaper(aggregate(runs)).filter((r) => r.id === 'nlp-bursty-ipa-cores' || r.id === 'audio-sent-steady-high-ipa-cores');
    expect(checked).toHaveLength(2);
    for (const r of checked) expect(rows.get(r.claim), r.claim).toEqual([r.paper, r.measured, r.verdict]);
    // The per-pipeline block needs every cell: ipa-doc-tables.test.ts checks it against the committed results.
  }, 120_000);
});
