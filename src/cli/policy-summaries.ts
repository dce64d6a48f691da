/**
 * One line per built-in policy for `infersim list policies` (the long form is docs/policies.md; a
 * test checks every built-in has a line here).
 */
export const POLICY_SUMMARIES: Readonly<Record<string, string>> = {
  static: 'one fixed configuration (adapts nothing)',
  ipa: "IPA's integer program over variant, batch and replicas",
  'ipa-energy': 'IPA with a power (or carbon-rate) term',
  'fa2-low': 'FA2 as IPA ran it: light variants frozen (adapts batch, replicas)',
  'fa2-high': 'FA2 as IPA ran it: heavier variants frozen (adapts batch, replicas)',
  fa2: 'the original FA2 recipe: DP over batch and replicas under the SLA',
  rim: 'RIM as IPA ran it: replicas frozen (variant, batch)',
  greedy: "OPD's Greedy: cheapest configuration per stage",
  random: "OPD's Random: seeded random configuration per stage",
  qlearning: 'tabular Q-learning trained on the simulator (infersim train)',
  ppo: "OPD's PPO with expert guidance, trained on the simulator (infersim train)",
  inferline: "InferLine's planner and envelope tuner over heterogeneous devices",
  'energy-slo': 'energy-minimising SLO-driven placement over devices',
  loki: "Loki's two-phase hardware / accuracy scaling over devices",
};
