import { planningPolicy } from './allocation-policy.js';
import { mostAccurateVariant, readReplicaList } from './frozen-knobs.js';
import { ipaRunFor } from './ipa-baselines.js';
import { ipaOptionKeys, readIpaSettings } from './ipa-settings.js';
import { readOptions } from './options.js';
import { createSolver } from './solvers/create-solver.js';
import { replicasFor } from './solvers/build.js';
import type { PipelineProfile } from '../profiles/types.js';
import { profiledBatches, throughputRps } from '../profiles/variant.js';
import type { PolicyFactory } from './types.js';

/**
 * Replicas per stage for a peak load: enough for the stage's most accurate variant at its best
 * batch size (within the cap) to serve `peakRps`, so switching is never limited by replicas at the
 * peak. Our rule; the IPA paper only says RIM's replicas were sized for the peak.
 */
export function peakReplicas(pipeline: PipelineProfile, peakRps: number, batchingCap: number, throughputMarginPct: number): number[] {
  return pipeline.stages.map((stage) => {
    const name = mostAccurateVariant(stage);
    const v = stage.variants.find((x) => x.name === name)!;
    const batches = profiledBatches(v).filter((b) => b <= batchingCap);
    const thr = Math.max(...(batches.length ? batches : [profiledBatches(v)[0]]).map((b) => throughputRps(v, b))) * (1 + throughputMarginPct / 100);
    return replicasFor(peakRps, thr, 1);
  });
}

/**
 * `rim`: RIM as the IPA paper ran it ("model switching"): IPA's program (`ipa`, same
 * options and defaults) with the replica count of every stage frozen at a peak-sized value; the
 * variant and batch size adapt (IPA's `baseline_mode: switch`). RIM itself (Hu et al., IoTDI 2021)
 * is an edge placement system; only this switch-only mode is what the IPA paper compared against.
 *
 * Extra options: `replicas` (one integer per stage) or `peakRps` (replicas from
 * {@link peakReplicas}). Default: for IPA's bundled pipelines the replicas IPA froze (video [3, 3],
 * audio-qa [27, 6], audio-sent [27, 5], sum-qa [12, 8], nlp [6, 22, 12]); for other pipelines one
 * of the two options is required. When no variant can serve the load with the frozen replicas, the
 * fallback runs the highest-throughput variant and batch per stage with those replicas.
 */
export const rimPolicy: PolicyFactory = async (options, context) => {
  const S = context.pipeline.stages.length;
  const r = readOptions('rim', options, [...ipaOptionKeys, 'replicas', 'peakRps']);
  const settings = readIpaSettings(r, context);
  const given = readReplicaList(r, 'replicas', S);
  const peakRps = r.optionalNumber('peakRps', { above: 0 });
  if (given && peakRps !== undefined) r.issue('peakRps', 'either "replicas" or "peakRps", not both', peakRps);
  const run = ipaRunFor(context.pipeline);
  if (!r.failed && !given && peakRps === undefined && !run) {
    r.issue('replicas', `one replica count per stage (${S}), or "peakRps" to size them, for a pipeline that is not one of IPA's`, undefined);
  }
  r.finish();
  const replicas =
    given ??
    (peakRps !== undefined
      ? peakReplicas(context.pipeline, peakRps, settings.batchingCap, settings.throughputMarginPct)
      : run!.rimReplicas);
  return planningPolicy('rim', settings, await createSolver(settings.solver), context, { replicas });
};
