import type { TopLevelSpec } from './vega-lite-spec.js';
import { labelledSeries } from './labelled-series.js';
import { policyColor, size, slaRule, timeRows, timeX, VEGA_LITE_SCHEMA } from './encodings.js';
import type { PlotOptions, SeriesInput } from './types.js';

/** Options of {@link latencyPlot}. */
export interface LatencyPlotOptions extends PlotOptions {
  /** The end-to-end SLA in ms, drawn as a dashed red line (omitted when not given). */
  slaMs?: number;
  /** Logarithmic latency axis: drops push p99 to the drop limit, decades above the SLA (default false). */
  logY?: boolean;
}

/**
 * The p99 end-to-end latency of the requests completed in each interval, per policy, against the
 * SLA: the intervals above the line are where a policy violated it.
 *
 * @example
 * ```ts
 * import { latencyPlot } from 'infersim';
 * latencyPlot([staticRun, ipaRun], { slaMs: 1000, logY: true });
 * ```
 */
export function latencyPlot(input: SeriesInput, options: LatencyPlotOptions = {}): TopLevelSpec {
  const list = labelledSeries(input);
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: 'p99 latency (ms)',
    ...(options.logY ? { scale: { type: 'log' as const } } : {}),
  };
  const lines = {
    data: { values: timeRows(list, 'p99LatencyMs') },
    mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 1.5 },
    encoding: {
      x: timeX,
      y,
      color: policyColor(list.map((s) => s.label)),
      tooltip: [
        { field: 'policy', type: 'nominal' as const },
        { field: 't', type: 'quantitative' as const, title: 'time (s)' },
        { field: 'value', type: 'quantitative' as const, title: 'p99 (ms)', format: '.1f' },
      ],
    },
  };
  const sla = options.slaMs;
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    ...size(options),
    layer:
      sla === undefined
        ? [lines]
        : [
            lines,
            slaRule(sla, 'y'),
            {
              data: { values: [{ sla, label: `SLA ${sla} ms` }] },
              mark: { type: 'text', color: '#d62728', align: 'left', baseline: 'bottom', dx: 4, dy: -2, x: 0 },
              encoding: { y: { field: 'sla', type: 'quantitative' }, text: { field: 'label' } },
            },
          ],
  };
}
