import type { Series } from '../../metrics/types.js';
import type { SimulationResult } from '../../sim/result.js';

/** A time series with the label it is drawn under (a policy name, or policy plus parameters). */
export interface LabelledSeries {
  label: string;
  series: Series;
}

/**
 * What the time-series plots accept: results (labelled by their `policy`), labelled series, or a
 * record from label to a result or a series. {@link labelledSeries} normalises all three in one place.
 */
export type SeriesInput =
  | readonly (SimulationResult | LabelledSeries)[]
  | Readonly<Record<string, SimulationResult | Series>>;

/** Options every plot takes. Sizes are of one panel, in pixels. */
export interface PlotOptions {
  /** Title above the plot. */
  title?: string;
  /** Panel width in px (default 560). */
  width?: number;
  /** Panel height in px (default 200). */
  height?: number;
}
