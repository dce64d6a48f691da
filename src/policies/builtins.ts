import type { PolicyFactory } from './types.js';
import { staticPolicy } from './static.js';

/**
 * The policies infersim ships, by scenario name. The registry consults user registrations first,
 * then this table, so user code can shadow a built-in.
 */
export const builtinPolicies: Record<string, PolicyFactory> = {
  static: staticPolicy,
};
