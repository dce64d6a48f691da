import type { PolicyFactory } from './types.js';
import { staticPolicy } from './static.js';
import { ipaPolicy } from './ipa.js';
import { ipaEnergyPolicy } from './ipa-energy.js';
import { fa2HighPolicy, fa2LowPolicy } from './fa2-ipa.js';
import { fa2Policy } from './fa2.js';
import { rimPolicy } from './rim.js';
import { greedyPolicy } from './greedy.js';
import { randomPolicy } from './random.js';
import { qlearningPolicy } from './qlearning.js';
import { ppoPolicy } from './ppo.js';
import { inferlinePolicy } from './hetero/inferline.js';
import { energySloPolicy } from './hetero/energy-slo.js';
import { lokiPolicy } from './hetero/loki.js';

/**
 * The policies infersim ships, by scenario name. The registry consults user registrations first,
 * then this table, so user code can shadow a built-in.
 */
export const builtinPolicies: Record<string, PolicyFactory> = {
  static: staticPolicy,
  ipa: ipaPolicy,
  'ipa-energy': ipaEnergyPolicy,
  'fa2-low': fa2LowPolicy,
  'fa2-high': fa2HighPolicy,
  fa2: fa2Policy,
  rim: rimPolicy,
  greedy: greedyPolicy,
  random: randomPolicy,
  qlearning: qlearningPolicy,
  ppo: ppoPolicy,
  inferline: inferlinePolicy,
  'energy-slo': energySloPolicy,
  loki: lokiPolicy,
};
