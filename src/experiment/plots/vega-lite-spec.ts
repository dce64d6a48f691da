/**
 * A Vega-Lite specification as infersim's plot builders return it: plain JSON with a `$schema`.
 * Structural on purpose: vega-lite is an optional peer dependency (needed only to render SVG), so
 * infersim's public types must compile without it installed. Pass it to vega-lite, vega-embed,
 * Altair (`alt.Chart.from_dict`), or {@link https://vega.github.io/editor | the Vega editor} as is.
 */
export interface VegaLiteSpec {
  $schema?: string;
  [key: string]: unknown;
}

/** Alias kept so the plot builders read as before; {@link VegaLiteSpec} is the documented name. */
export type TopLevelSpec = VegaLiteSpec;
