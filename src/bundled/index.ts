/**
 * Data bundled with infersim: IPA's five pipeline profiles, its four Twitter-trace workloads and three
 * hourly carbon-intensity traces, compiled in so the browser-safe core can use them without reading
 * files.
 *
 * @example
 * ```ts
 * import { bundledPipelines, bundledWorkloads } from 'infersim';
 * const video = bundledPipelines['video'];       // PipelineProfile
 * const load = bundledWorkloads['bursty'].rps;   // 1200 requests-per-second values
 * const grid = bundledCarbonTraces['gb-2023-jan']; // 744 hourly gCO2eq/kWh values
 * ```
 *
 * The same data is shipped as files: `profiles/ipa/*.json` (method and errors in
 * `profiles/README.md`), `workloads/ipa-*.csv` (`workloads/README.md`) and `carbon/*-hourly.csv`
 * (`carbon/README.md`). The modules are generated from those files by `scripts/gen-bundled.ts`;
 * tests keep both in step.
 *
 * @module
 */
import { bundledPipelines } from './pipelines.generated.js';
import { bundledWorkloads } from './workloads.generated.js';
import { bundledCarbonTraces } from './carbon.generated.js';
import type { CarbonTrace } from '../energy/carbon.js';

export { bundledPipelines, bundledWorkloads, bundledCarbonTraces };

/** A bundled workload: requests sent in each second (`rps[t]` for second `t`) and where it comes from. */
export type BundledWorkload = { rps: number[]; description: string };

/** Names of the bundled pipelines. */
export const bundledPipelineNames: readonly string[] = Object.keys(bundledPipelines);

/** Names of the bundled workloads. */
export const bundledWorkloadNames: readonly string[] = Object.keys(bundledWorkloads);

/**
 * A bundled carbon-intensity trace: `gPerKWh[i]` (gCO2eq/kWh) holds for the `i`-th step of `stepS`
 * seconds; a {@link CarbonTrace} usable with `intensityAt` and `carbonGrams`.
 */
export type BundledCarbonTrace = CarbonTrace & { description: string };

/** Names of the bundled carbon-intensity traces (`ciso-sep`, `gb-2023-jan`, `au-sa-2023-jan`). */
export const bundledCarbonTraceNames: readonly string[] = Object.keys(bundledCarbonTraces);
