import type { TopLevelSpec } from './vega-lite-spec.js';
import { labelledSeries } from './labelled-series.js';
import { policyColor, size, timeRows, timeX, VEGA_LITE_SCHEMA } from './encodings.js';
import type { PlotOptions, SeriesInput } from './types.js';

function sameArrivals(list: ReturnType<typeof labelledSeries>): boolean {
  const first = list[0]?.series.arrivalRate;
  return list.every(({ series }) => series.arrivalRate.length === first?.length && series.arrivalRate.every((v, i) => v === first[i]));
}

/**
 * Load and cores over time per policy, on a shared time axis: the arrival rate on top and the cores
 * each policy allocates below, one colour per policy (the style of the IPA and OPD papers' figures).
 * When every run saw the same arrivals (same workload and seed: common random numbers), the load is
 * drawn once, in grey, instead of as identical overlapping lines.
 *
 * @example
 * ```ts
 * import { simulate, loadCoresPlot } from 'infersim';
 * const runs = await Promise.all(['static', 'ipa'].map((name) => simulate({ ...base, policy: { name } })));
 * loadCoresPlot(runs, { title: 'video, bursty' }); // a Vega-Lite spec: display it in a notebook
 * ```
 */
export function loadCoresPlot(input: SeriesInput, options: PlotOptions = {}): TopLevelSpec {
  const list = labelledSeries(input);
  const labels = list.map((s) => s.label);
  const { width, height } = size(options);
  const shared = list.length > 0 && sameArrivals(list);
  const loadRows = timeRows(shared ? list.slice(0, 1) : list, 'arrivalRate');
  const load = shared
    ? {
        data: { values: loadRows.map((r) => ({ ...r, policy: 'load' })) },
        mark: { type: 'area' as const, interpolate: 'step-after' as const, color: '#9aa0a6', opacity: 0.6 },
        encoding: {
          x: { ...timeX, axis: { title: null, labels: false } },
          y: { field: 'value', type: 'quantitative' as const, title: 'arrival rate (req/s)' },
        },
      }
    : {
        data: { values: loadRows },
        mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 1.5 },
        encoding: {
          x: { ...timeX, axis: { title: null, labels: false } },
          y: { field: 'value', type: 'quantitative' as const, title: 'arrival rate (req/s)' },
          color: policyColor(labels),
        },
      };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    vconcat: [
      { width, height: Math.round(height * 0.6), ...load },
      {
        width,
        height,
        data: { values: timeRows(list, 'cores') },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: timeX,
          y: { field: 'value', type: 'quantitative', title: 'cores' },
          color: policyColor(labels),
          tooltip: [
            { field: 'policy', type: 'nominal' },
            { field: 't', type: 'quantitative', title: 'time (s)' },
            { field: 'value', type: 'quantitative', title: 'cores', format: '.3~f' },
          ],
        },
      },
    ],
    resolve: { scale: { x: 'shared', color: 'shared' } },
    spacing: 6,
  };
}
