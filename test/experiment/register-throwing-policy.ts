// Preloaded into sweep workers by policy-errors.test.ts: a user policy with a bug that shows at t = 10 s.
import { registerPolicy } from '../../src/policies/registry.js';

registerPolicy('throws-at-10', (_options, context) => ({
  name: 'throws-at-10',
  decide: (obs) => {
    if (obs.timeS >= 10) throw new Error('kaboom');
    return context.pipeline.stages.map((s) => ({ variant: s.variants[0].name, batch: 1, replicas: 1 }));
  },
}));
