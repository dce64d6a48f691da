import { planningPolicy } from './allocation-policy.js';
import { lightestVariant, mostAccurateVariant, readVariantList } from './frozen-knobs.js';
import { ipaRunFor } from './ipa-baselines.js';
import { ipaOptionKeys, readIpaSettings } from './ipa-settings.js';
import { readOptions } from './options.js';
import { createSolver } from './solvers/create-solver.js';
import type { PolicyFactory } from './types.js';

/** Makes the factory of one FA2 mode as IPA ran it. */
function fa2Mode(mode: 'low' | 'high'): PolicyFactory {
  const name = `fa2-${mode}`;
  return async (options, context) => {
    const r = readOptions(name, options, [...ipaOptionKeys, 'variants']);
    const settings = readIpaSettings(r, context);
    const given = readVariantList(r, 'variants', context.pipeline);
    r.finish();
    const run = ipaRunFor(context.pipeline);
    const variants =
      given ??
      (run ? (mode === 'low' ? run.fa2Low : run.fa2High) : context.pipeline.stages.map(mode === 'low' ? lightestVariant : mostAccurateVariant));
    return planningPolicy(name, settings, await createSolver(settings.solver), context, { variants });
  };
}

/**
 * `fa2-low`: FA2 as the IPA paper ran it: IPA's program (`ipa`, same options and
 * defaults) with the variant of every stage frozen, so only batch sizes and replicas adapt
 * (IPA's `baseline_mode: scale`). Extra option `variants`: one variant name per stage.
 *
 * Default variants: for IPA's five bundled pipelines, the ones IPA froze for FA2-low (the lightest
 * variants, e.g. yolov5n + resnet18 for video; see `ipaPipelineRuns`); for other pipelines, the
 * least accurate variant of each stage (our choice; the paper names no rule).
 *
 * This is not the original FA2 algorithm (Razavi et al., RTAS 2022), which has no public code: that
 * is the separate `fa2` policy.
 */
export const fa2LowPolicy: PolicyFactory = fa2Mode('low');

/**
 * `fa2-high`: as {@link fa2LowPolicy} with heavier variants frozen. Default variants: IPA's FA2-high
 * choice for its bundled pipelines (e.g. yolov5s + resnet101 for video: heavier, not the heaviest);
 * for other pipelines, the most accurate variant of each stage (our choice).
 */
export const fa2HighPolicy: PolicyFactory = fa2Mode('high');
