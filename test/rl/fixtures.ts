import type { PipelineProfile } from '../../src/profiles/types.js';
import type { Scenario } from '../../src/sim/scenario.js';

/**
 * A small two-stage pipeline whose IPA optimum is not the cheapest configuration: the accurate
 * detector costs two cores, the accurate classifier needs batch 2 to serve the load on one replica,
 * and the most accurate detector breaks the SLA on its own.
 */
export const smallPipeline: PipelineProfile = {
  name: 'small',
  slaMs: 1000,
  stages: [
    {
      name: 'det',
      variants: [
        { name: 'd-small', accuracy: 0.5, cores: 1, latencyMs: { '1': 100, '2': 180 } },
        { name: 'd-big', accuracy: 0.8, cores: 2, latencyMs: { '1': 120, '2': 200 } },
        { name: 'd-slow', accuracy: 0.95, cores: 1, latencyMs: { '1': 1500 } },
      ],
    },
    {
      name: 'cls',
      variants: [
        { name: 'c-small', accuracy: 0.6, cores: 1, latencyMs: { '1': 50, '2': 80 } },
        { name: 'c-big', accuracy: 0.9, cores: 1, latencyMs: { '1': 110, '2': 130 } },
      ],
    },
  ],
};

/** A scenario over {@link smallPipeline}: deterministic 12 requests/s, 5 s steps, no start-up delay; a 2 s drop limit keeps a backlog from outliving the configuration that built it. */
export function smallScenario(durationS = 100, rps = 12): Scenario {
  return {
    seed: 1,
    durationS,
    pipeline: smallPipeline,
    workload: { type: 'deterministic', rps },
    serving: { adaptationIntervalS: 5, dropLimitS: 2 },
    cluster: { cores: 12 },
    policy: { name: 'static', config: [{ variant: 'd-small', batch: 1, replicas: 1 }, { variant: 'c-small', batch: 1, replicas: 1 }] },
  };
}
