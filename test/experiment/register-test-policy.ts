// Preloaded into sweep workers by run-sweep.test.ts: a policy registered by user code must exist in
// every worker thread, not only in the thread that registered it.
import { registerPolicy } from '../../src/policies/registry.js';

registerPolicy('two-of-each', (_options, context) => ({
  name: 'two-of-each',
  decide: () => context.pipeline.stages.map((s) => ({ variant: s.variants[0].name, batch: 1, replicas: 2 })),
}));
