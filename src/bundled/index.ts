/**
 * Data bundled with infersim: IPA's five pipeline profiles and its four Twitter-trace workloads,
 * compiled in so the browser-safe core can use them without reading files.
 *
 * @example
 * ```ts
 * import { bundledPipelines, bundledWorkloads } from 'infersim';
 * const video = bundledPipelines['video'];       // PipelineProfile
 * const load = bundledWorkloads['bursty'].rps;   // 1200 requests-per-second values
 * ```
 *
 * The same data is shipped as files: `profiles/ipa/*.json` (method and errors in
 * `profiles/README.md`) and `workloads/ipa-*.csv` (`workloads/README.md`). The modules are generated
 * from those files by `scripts/gen-bundled.ts`; tests keep both in step.
 *
 * @module
 */
import { bundledPipelines } from './pipelines.generated.js';
import { bundledWorkloads } from './workloads.generated.js';

export { bundledPipelines, bundledWorkloads };

/** A bundled workload: requests sent in each second (`rps[t]` for second `t`) and where it comes from. */
export type BundledWorkload = { rps: number[]; description: string };

/** Names of the bundled pipelines. */
export const bundledPipelineNames: readonly string[] = Object.keys(bundledPipelines);

/** Names of the bundled workloads. */
export const bundledWorkloadNames: readonly string[] = Object.keys(bundledWorkloads);
