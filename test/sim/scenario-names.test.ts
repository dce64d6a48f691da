import { describe, expect, it } from 'vitest';
import { bundledCarbonTraceNames, bundledPipelineNames, bundledWorkloadNames, policyNames } from '../../src/index.js';
import type { BuiltinPolicyName, BundledCarbonTraceName, BundledPipelineName, BundledWorkloadName } from '../../src/index.js';
import { builtinPolicies } from '../../src/policies/builtins.js';

// `satisfies Record<Union, true>` fails to compile when the object misses a member of the union or
// has one it does not list; the expectations then tie each union to the run-time list.
const pipelines = { video: true, 'audio-qa': true, 'audio-sent': true, 'sum-qa': true, nlp: true } satisfies Record<BundledPipelineName, true>;
const workloads = { bursty: true, steady_low: true, steady_high: true, fluctuating: true } satisfies Record<BundledWorkloadName, true>;
const carbon = { 'ciso-sep': true, 'gb-2023-jan': true, 'au-sa-2023-jan': true } satisfies Record<BundledCarbonTraceName, true>;
const policies = { static: true, ipa: true, 'ipa-energy': true, 'fa2-low': true, 'fa2-high': true, fa2: true, rim: true, greedy: true, random: true, qlearning: true, ppo: true, inferline: true, 'energy-slo': true, loki: true } satisfies Record<BuiltinPolicyName, true>;

describe('the name unions of Scenario', () => {
  it('list exactly the bundled pipelines, workloads, carbon traces and built-in policies', () => {
    const sorted = (xs: Iterable<string>) => [...xs].sort();
    expect(sorted(Object.keys(pipelines))).toEqual(sorted(bundledPipelineNames));
    expect(sorted(Object.keys(workloads))).toEqual(sorted(bundledWorkloadNames));
    expect(sorted(Object.keys(carbon))).toEqual(sorted(bundledCarbonTraceNames));
    expect(sorted(Object.keys(policies))).toEqual(sorted(Object.keys(builtinPolicies)));
    expect(policyNames()).toEqual(expect.arrayContaining(Object.keys(policies)));
  });
});
