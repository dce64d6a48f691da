import type { Comparison } from './compare.js';

/**
 * A {@link Comparison} as text tables, one per metric: each group's n, mean and confidence
 * interval, and with a baseline the paired difference and its interval (`*` when the interval
 * excludes 0); then the Pareto fronts. What `infersim compare` prints.
 */
export function formatComparison(c: Comparison): string {
  const pct = `${+(c.level * 100).toFixed(2)}%`;
  const blocks: string[] = [];
  for (const m of c.metrics) {
    const head = [...c.by, 'n', 'mean', `${pct} CI`];
    if (c.baseline !== undefined) head.push(`diff vs ${c.baseline}`, `${pct} CI of diff`, '');
    const body = c.groups.map((g) => {
      const s = g.metrics[m];
      const cells = [...c.by.map((k) => text(g.key[k])), String(s.n), num(s.mean), interval(s.ciLow, s.ciHigh)];
      if (c.baseline !== undefined) {
        const p = c.paired.find((x) => x.label === g.label)?.metrics[m];
        if (p && p.n > 0) cells.push(signed(p.mean), interval(p.ciLow, p.ciHigh, true), p.ciLow > 0 || p.ciHigh < 0 ? '*' : '');
        else cells.push(g.key.policy === c.baseline ? '(baseline)' : '-', '', '');
      }
      return cells;
    });
    const title = c.baseline !== undefined ? `${m}: mean and ${pct} CI across seeds; difference from "${c.baseline}" paired by seed (* CI excludes 0)` : `${m}: mean and ${pct} CI across seeds`;
    blocks.push(`${title}\n${table(head, body)}`);
  }
  if (c.pareto) {
    const objs = c.pareto.objectives.map((o) => `${o.metric} ${o.direction}`).join(', ');
    const lines = c.pareto.fronts.map((f) => `  ${f.label === 'all' ? '' : `${f.label}: `}${f.members.length ? f.members.map((x) => stripWithin(x, f.label)).join('; ') : '(none: missing values)'}`);
    blocks.push(`Pareto front of the means (${objs})\n${lines.join('\n')}`);
  }
  return blocks.join('\n\n');
}

/** A member's label without the part it shares with its front (`ipa, bursty` within `bursty` -> `ipa`). */
function stripWithin(label: string, within: string): string {
  return within !== 'all' && label.endsWith(`, ${within}`) ? label.slice(0, -within.length - 2) : label;
}

function table(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const numeric = head.map((_, i) => body.length > 0 && body.every((r) => r[i] === '' || /^[-+]?[\d.]/.test(r[i]) || r[i] === '-'));
  const line = (cells: string[]): string => '  ' + cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

function text(v: unknown): string {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** About 4 significant digits without exponents for everyday magnitudes. */
function num(v: number): string {
  if (!Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 10) return v.toFixed(2);
  if (a >= 1) return v.toFixed(3);
  if (a >= 1e-3) return v.toPrecision(3);
  return v.toExponential(2);
}

function signed(v: number): string {
  return Number.isFinite(v) && v > 0 ? `+${num(v)}` : num(v);
}

function interval(lo: number, hi: number, sign = false): string {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return '-';
  const f = sign ? signed : num;
  return `[${f(lo)}, ${f(hi)}]`;
}
