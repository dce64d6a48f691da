import type { ReportMetric, ReportModel } from './report-model.js';
import type { MeanCI } from './mean-ci.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmt(x: number, m: ReportMetric): string {
  if (!Number.isFinite(x)) return '–';
  const v = x * (m.scale ?? 1);
  return m.format === 'percent' ? `${(v * 100).toFixed(2)}%` : v.toFixed(m.format);
}

function cell(s: MeanCI | undefined, m: ReportMetric): string {
  if (!s || s.n === 0) return '<td class="num">–</td>';
  const mean = fmt(s.mean, m);
  // One run, or identical values across seeds (e.g. a static policy's cores): no interval to show.
  if (!(s.halfWidth > 0)) return `<td class="num">${mean}</td>`;
  const title = `95% CI [${fmt(s.ciLow, m)}, ${fmt(s.ciHigh, m)}], n = ${s.n}`;
  return `<td class="num" title="${escapeHtml(title)}">${mean}<span class="ci"> ± ${fmt(s.halfWidth, m)}</span></td>`;
}

/** A paired difference: signed, bold when its CI excludes 0 (the difference is significant). */
function diffCell(s: MeanCI | undefined, m: ReportMetric): string {
  if (!s || s.n === 0) return '<td class="num">–</td>';
  const sign = (x: number) => (x > 0 ? '+' : '') + fmt(x, m);
  const significant = s.ciLow > 0 || s.ciHigh < 0;
  const title = `95% CI [${sign(s.ciLow)}, ${sign(s.ciHigh)}] over ${s.n} common seeds`;
  const body = `${sign(s.mean)}${s.halfWidth > 0 ? `<span class="ci"> ± ${fmt(s.halfWidth, m)}</span>` : ''}`;
  return `<td class="num${significant ? ' sig' : ''}" title="${escapeHtml(title)}">${body}</td>`;
}

/** Seeds as a compact list: consecutive integers become a range (`1–10`). */
export function formatSeeds(seeds: readonly (string | number)[]): string {
  const ints = seeds.every((s) => typeof s === 'number' && Number.isInteger(s));
  if (ints && seeds.length > 2) {
    const xs = [...(seeds as number[])].sort((a, b) => a - b);
    if (xs.every((x, i) => i === 0 || x === xs[i - 1] + 1)) return `${xs[0]}–${xs[xs.length - 1]}`;
  }
  return seeds.join(', ');
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta { color: #555; margin: .2rem 0; } .notes { color: #555; font-size: .92rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid #e5e5e5; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { color: #888; font-size: .85em; } td.sig { font-weight: 600; } .front { color: #b8860b; }
figure { margin: 1.5rem 0; } figcaption { color: #555; font-size: .9rem; margin-top: .3rem; }
figure svg { max-width: 100%; height: auto; }
`;

/**
 * The report page: a self-contained HTML document (inline CSS, the SVGs inline, no script) with the
 * header, one table per workload and the figures. `svgs` maps figure ids to rendered SVG; a figure
 * without one is left out. Pure string building, so it also runs in a browser.
 */
export function reportHtml(model: ReportModel, svgs: Readonly<Record<string, string>>): string {
  const e = escapeHtml;
  const header = [
    `<h1>${e(model.title)}</h1>`,
    `<p class="meta">Generated ${e(model.generatedAt)} by infersim ${e(model.version)}${model.source ? ` from <code>${e(model.source)}</code>` : ''}.</p>`,
    `<p class="meta">${model.runs} run${model.runs === 1 ? '' : 's'} · policies: ${e(model.policies.join(', '))} · workloads: ${e(model.workloads.join(', '))} · seeds: ${e(formatSeeds(model.seeds))}${model.params.length ? ` · parameters: ${e(model.params.join(', '))}` : ''}</p>`,
  ];
  const tables = model.workloads.map((w) => {
    const groups = model.groups.filter((g) => g.workload === w);
    const head = `<tr><th>policy</th><th class="num">runs</th>${model.metrics.map((m) => `<th class="num">${e(m.title)}</th>`).join('')}</tr>`;
    const body = groups
      .map((g) => {
        // Alone in its workload a group is trivially on the front: no star then.
        const star = g.paretoOptimal && groups.length > 1 ? ' <span class="front" title="on the accuracy / cores Pareto front">★</span>' : '';
        return `<tr><td>${e(g.label)}${star}</td><td class="num">${g.runs}</td>${model.metrics.map((m) => cell(g.metrics[m.column], m)).join('')}</tr>`;
      })
      .join('\n');
    let html = `<h3>${e(w)}</h3>\n<table class="summary" data-workload="${e(w)}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
    const paired = groups.filter((g) => g.paired);
    if (model.baseline !== undefined && paired.length) {
      const rows = paired
        .map((g) => `<tr><td>${e(g.label)}</td>${model.metrics.map((m) => diffCell(g.paired![m.column], m)).join('')}</tr>`)
        .join('\n');
      html += `\n<table class="paired" data-workload="${e(w)}">\n<thead><tr><th>${e(`minus ${model.baseline}`)}</th>${model.metrics.map((m) => `<th class="num">${e(m.title)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
    return html;
  });
  const figures = model.figures
    .filter((f) => svgs[f.id])
    .map((f) => `<figure id="fig-${e(f.id)}">\n<h3>${e(f.title)}</h3>\n${svgs[f.id]}\n<figcaption>${e(f.caption)}</figcaption>\n</figure>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="infersim ${e(model.version)}">
<title>${e(model.title)} · infersim report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${header.join('\n')}
</header>
<main>
<h2>Summary</h2>
<p class="notes">Mean over seeds per policy; ± is the half-width of the 95% confidence interval (Student t over seeds; hover for the bounds); ★ marks the accuracy / cores Pareto front of the workload.${model.baseline !== undefined ? ` The second table of each workload gives each policy's difference from ${e(model.baseline)}, paired by seed (common random numbers); bold where its interval excludes 0.` : ''} Metrics are defined in infersim's docs/metrics.md.</p>
${tables.join('\n')}
${figures.length ? `<h2>Figures</h2>\n${figures.join('\n')}` : ''}
${model.notes.length ? `<h2>Notes</h2>\n<ul class="notes">${model.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
</main>
</body>
</html>
`;
}
