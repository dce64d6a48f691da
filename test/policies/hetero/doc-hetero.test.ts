/**
 * docs/hetero.md quotes the tables `examples/hetero/compare.ts` writes; this checks the doc holds them
 * verbatim, that the figures its prose quotes are the tables', and that a rerun of some of their rows
 * (seed 1) gives the same figures (decision times, wall times, excepted).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../../src/index.js';
import { CANDIDATES, formatRows, runRow, type Row } from '../../../examples/hetero/compare-lib.js';
import { VARIANT_ENTRIES, variantPipeline } from '../../../examples/hetero/variants-lib.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const results = JSON.parse(read('examples/hetero/results/results.json')) as { minutes: number; seeds: number; rows: Row[] };
const withoutDecisionTimes = (line: string) => line.split('|').filter((_, i) => i !== 9).join('|');

describe('docs/hetero.md and examples/hetero/compare.ts', () => {
  it('the doc quotes the script\'s tables verbatim', () => {
    const doc = read('docs/hetero.md');
    expect(doc).toContain(read('examples/hetero/results/table.md').trim());
    expect(doc).toContain(read('examples/hetero/results/seeds.md').trim());
  });

  it('the prose quotes the figures of the tables it discusses', () => {
    const doc = read('docs/hetero.md').replace(/\*\*/g, '').replace(/\s+/g, ' ');
    const V = 'video-hetero';
    const G = 'traffic-graph';
    const runs = (p: string, label: string) => {
      const rs = results.rows.filter((r) => r.pipeline === p && r.policy === label);
      if (rs.length === 0) throw new Error(`no rows for ${p} / ${label}`);
      return rs;
    };
    const one = (p: string, label: string) => runs(p, label).find((r) => r.seed === 1)!;
    const mean = (p: string, label: string, k: keyof Row) => meanCI(runs(p, label).map((r) => r[k] as number)).mean;
    const ci = (p: string, label: string) => {
      const m = meanCI(runs(p, label).map((r) => r.slaViolationPct));
      return `${m.mean.toFixed(2)} % [${m.ciLow.toFixed(2)}, ${m.ciHigh.toFixed(2)}]`;
    };
    const pct = (x: number, k: number) => `${x.toFixed(k)} %`;
    const kj = (r: Row) => r.dynamicKJ.toFixed(1);
    const seed1 = results.rows.filter((r) => r.seed === 1);
    const ES = 'energy-slo (min accuracy 0.49)';
    const claims = [
      `(${one(V, 'static gpu').idleKJ.toFixed(0)} kJ of ${Math.min(...seed1.map((r) => r.energyKJ)).toFixed(0)}-${Math.max(...seed1.map((r) => r.energyKJ)).toFixed(0)} kJ)`,
      `dynamic energy, ${Math.min(...seed1.map((r) => r.dynamicKJ)).toFixed(0)}-${Math.max(...seed1.map((r) => r.dynamicKJ)).toFixed(0)} kJ.`,
      `energy-slo ${pct(one(V, `${ES.slice(0, -1)}, rate model)`).slaViolationPct, 2)} (chain) and ${pct(one(G, `${ES.slice(0, -1)}, rate model)`).slaViolationPct, 2)} (graph)`,
      `Loki on the CPU ${pct(one(V, 'loki (cpu only, early drop, rate model)').slaViolationPct, 0)} and ${pct(one(G, 'loki (cpu only, early drop, rate model)').slaViolationPct, 0)}`,
      `InferLine's proportional tuner ${pct(one(V, 'inferline (rate tuner)').slaViolationPct, 1)} and ${pct(one(G, 'inferline (rate tuner)').slaViolationPct, 1)}`,
      `energy-slo at most ${ci(V, ES)} (chain, accuracy floor) and ${ci(G, ES)} on the graph, Loki at most ${ci(V, 'loki (cpu only, early drop)')}`,
      `InferLine with the GPU allowed: ${ci(V, 'inferline')} of requests late on the chain over five seeds (worst ${pct(Math.max(...runs(V, 'inferline').map((r) => r.slaViolationPct)), 2)}), ${pct(mean(G, 'inferline', 'slaViolationPct'), 2)} on the graph`,
      `(${mean(G, 'inferline', 'dynamicKJ').toFixed(1)} kJ against`,
      `stays at ${pct(mean(V, 'inferline (cpu only)', 'slaViolationPct'), 2)} (chain) and ${pct(mean(G, 'inferline (cpu only)', 'slaViolationPct'), 2)} (graph)`,
      `(${pct(one(V, 'static cpu (peak-sized)').slaViolationPct, 0)} missed)`,
      `${kj(one(V, ES))} kJ of dynamic energy, against ${kj(one(V, `${ES.slice(0, -1)}, rate model)`))} kJ for the rate model (which kept more work on the CPU and missed ${pct(one(V, `${ES.slice(0, -1)}, rate model)`).slaViolationPct, 1)}) and ${kj(one(V, 'static gpu'))} kJ for the static GPU`,
      `${kj(one(V, `${ES.slice(0, -1)}, idle: cluster)`))} kJ on the chain with the floor`,
      `(accuracy ${one(V, 'energy-slo').accuracy.toFixed(2)} and ${one(G, 'energy-slo').accuracy.toFixed(2)} against ${one(V, ES).accuracy.toFixed(2)} and ${one(G, ES).accuracy.toFixed(2)})`,
      `(${kj(one(V, 'energy-slo (idle: cluster)'))} kJ and ${kj(one(G, 'energy-slo (idle: cluster)'))} kJ with`,
      `(${pct(one(V, `${ES.slice(0, -1)}, 30 % headroom)`).slaViolationPct, 2)} on the chain)`,
      `${kj(one(V, 'loki (early drop)'))} kJ on the chain`,
      `(accuracy ${one(V, 'loki (cpu only, early drop)').accuracy.toFixed(3)} on the chain, ${one(G, 'loki (cpu only, early drop)').accuracy.toFixed(3)} on the graph, against ${one(V, 'static gpu').accuracy.toFixed(3)} and ${one(G, 'static gpu').accuracy.toFixed(3)})`,
      `missed ${pct(one(V, 'loki (cpu only, early drop, rate model)').slaViolationPct, 0)} and ${pct(one(G, 'loki (cpu only, early drop, rate model)').slaViolationPct, 0)}; with the burst model ${pct(mean(V, 'loki (cpu only, early drop)', 'slaViolationPct'), 2)} and ${pct(mean(G, 'loki (cpu only, early drop)', 'slaViolationPct'), 2)}`,
    ];
    for (const c of claims) expect(doc.includes(c), `docs/hetero.md should say: ${c}`).toBe(true);
    // "At most": the rows quoted are the worst of their kind.
    const burstRows = (prefix: string) => results.rows.filter((r) => r.policy.startsWith(prefix) && !r.policy.includes('rate model'));
    const worst = (rows: Row[], p: string) => Math.max(...[...new Set(rows.filter((r) => r.pipeline === p).map((r) => r.policy))].map((l) => mean(p, l, 'slaViolationPct')));
    expect(worst(burstRows('energy-slo'), V)).toBe(mean(V, ES, 'slaViolationPct'));
    expect(worst(burstRows('energy-slo'), G)).toBe(mean(G, ES, 'slaViolationPct'));
    expect(Math.max(worst(burstRows('loki'), V), worst(burstRows('loki'), G))).toBe(mean(V, 'loki (cpu only, early drop)', 'slaViolationPct'));
  });

  it('the Transitions section quotes seed 1 with and without holdTransitions', async () => {
    const doc = read('docs/hetero.md').replace(/\s+/g, ' ');
    const entry = CANDIDATES.find((e) => e.label === 'inferline')!;
    const stored = results.rows.find((r) => r.pipeline === 'video-hetero' && r.policy === 'inferline' && r.seed === 1)!;
    const off = await runRow('video-hetero', { ...entry, policy: (p) => ({ ...entry.policy(p), holdTransitions: false }) }, 1, results.minutes);
    expect(doc).toContain(`${off.slaViolationPct.toFixed(2)} % of the run. With \`holdTransitions\``);
    expect(doc).toContain(`nothing is late at 410 s, ${stored.slaViolationPct.toFixed(2)} % of the run`);
  });

  it.each([
    ['video-hetero', 'energy-slo (min accuracy 0.49)'],
    ['video-hetero', 'inferline'],
    ['traffic-graph', 'loki (cpu only, early drop)'],
  ])('a rerun of %s / %s (seed 1) gives the table\'s row', async (pipeline, label) => {
    const entry = CANDIDATES.find((e) => e.label === label)!;
    const stored = results.rows.find((r) => r.pipeline === pipeline && r.policy === label && r.seed === 1)!;
    const row = await runRow(pipeline, entry, 1, results.minutes);
    expect(withoutDecisionTimes(formatRows([row]).split('\n')[2])).toBe(withoutDecisionTimes(formatRows([stored]).split('\n')[2]));
  });

  describe('per-variant branching (examples/hetero/variants.ts)', () => {
    const variants = JSON.parse(read('examples/hetero/results/variants.json')) as { minutes: number; seeds: number; rows: Row[] };
    const runs = (label: string) => {
      const rs = variants.rows.filter((r) => r.policy === label);
      if (rs.length === 0) throw new Error(`no rows for ${label}`);
      return rs;
    };
    const mean = (label: string, k: keyof Row) => meanCI(runs(label).map((r) => r[k] as number)).mean;
    const PATH = 'loki (path, cpu only, early drop)';
    const AF = 'loki (accurate-first, cpu only, early drop)';

    it('the doc quotes its tables verbatim and the figures of its prose', () => {
      const raw = read('docs/hetero.md');
      expect(raw).toContain(read('examples/hetero/results/variants-table.md').trim());
      expect(raw).toContain(read('examples/hetero/results/variants-seeds.md').trim());
      const doc = raw.replace(/\*\*/g, '').replace(/\s+/g, ' ');
      const lokiLabels = [...new Set(variants.rows.map((r) => r.policy))].filter((l) => l.startsWith('loki'));
      const claims = [
        `at most ${Math.max(...lokiLabels.map((l) => mean(l, 'slaViolationPct'))).toFixed(2)} % of requests late`,
        `the two routings give the same run (${mean('loki (path, early drop)', 'dynamicKJ').toFixed(1)} kJ of dynamic energy)`,
        `the same accuracy (${mean(PATH, 'accuracy').toFixed(4)} against ${mean(AF, 'accuracy').toFixed(4)})`,
        `(${mean(PATH, 'dynamicKJ').toFixed(1)} against ${mean(AF, 'dynamicKJ').toFixed(1)} kJ:`,
        `(${mean(PATH, 'slaViolationPct').toFixed(2)} % against ${mean(AF, 'slaViolationPct').toFixed(2)} %)`,
        `hold the SLO (${mean('static gpu', 'slaViolationPct').toFixed(2)} % and ${mean('inferline', 'slaViolationPct').toFixed(2)} %)`,
        `misses ${mean('energy-slo (min accuracy 0.49)', 'slaViolationPct').toFixed(2)} % (worst seed ${Math.max(...runs('energy-slo (min accuracy 0.49)').map((r) => r.slaViolationPct)).toFixed(2)} %)`,
      ];
      for (const c of claims) expect(doc.includes(c), `docs/hetero.md should say: ${c}`).toBe(true);
      // "The same run": on the whole cluster the two routings' rows agree on every seed (decision times aside).
      for (let seed = 1; seed <= variants.seeds; seed++) {
        const pick = (l: string) => withoutDecisionTimes(formatRows([runs(l).find((r) => r.seed === seed)!]).split('\n')[2]).replace(l, '');
        expect(pick('loki (path, early drop)')).toBe(pick('loki (accurate-first, early drop)'));
      }
    });

    it('a rerun of the path-aware CPU-only row (seed 1) gives the table\'s row', async () => {
      const entry = VARIANT_ENTRIES.find((e) => e.label === PATH)!;
      const stored = runs(PATH).find((r) => r.seed === 1)!;
      const pipeline = variantPipeline();
      const row = await runRow(pipeline.name!, entry, 1, variants.minutes, pipeline);
      expect(withoutDecisionTimes(formatRows([row]).split('\n')[2])).toBe(withoutDecisionTimes(formatRows([stored]).split('\n')[2]));
    });
  });
});
