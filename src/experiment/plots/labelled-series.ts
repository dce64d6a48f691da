import type { Series } from '../../metrics/types.js';
import type { SimulationResult } from '../../sim/result.js';
import type { LabelledSeries, SeriesInput } from './types.js';

function isResult(x: unknown): x is SimulationResult {
  return typeof x === 'object' && x !== null && 'summary' in x && 'series' in x;
}

/**
 * Normalises a {@link SeriesInput} into labelled series, in input order: the one place that knows
 * the accepted shapes. Repeated labels get ` #2`, ` #3`, ... so every line keeps its own colour.
 *
 * @example
 * ```ts
 * labelledSeries([resultA, resultB]);          // labels: resultA.policy, resultB.policy
 * labelledSeries({ static: resultA.series });  // label: "static"
 * ```
 */
export function labelledSeries(input: SeriesInput): LabelledSeries[] {
  const raw: LabelledSeries[] = Array.isArray(input)
    ? (input as readonly (SimulationResult | LabelledSeries)[]).map((x) =>
        isResult(x) ? { label: x.policy, series: x.series } : { label: x.label, series: x.series },
      )
    : Object.entries(input as Record<string, SimulationResult | Series>).map(([label, x]) => ({
        label,
        series: isResult(x) ? x.series : x,
      }));
  const seen = new Map<string, number>();
  return raw.map(({ label, series }) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return { label: n === 1 ? label : `${label} #${n}`, series };
  });
}
