import { InputError, guardPolicy } from '../errors.js';
import { closest } from '../util/closest.js';
import { builtinPolicies } from './builtins.js';
import type { Policy, PolicyContext, PolicyFactory } from './types.js';
import type { BuiltinPolicyName, OrString } from '../sim/scenario-names.js';

/**
 * User-registered policies. Kept on `globalThis` under a registered symbol so the ESM and CommonJS
 * builds of infersim (both may load in one process: a CJS notebook kernel beside an ESM sweep
 * worker) share one registry instead of each seeing only its own registrations.
 */
const factories: Map<string, PolicyFactory> = ((globalThis as Record<symbol, unknown>)[Symbol.for('infersim.policies')] ??= new Map<string, PolicyFactory>()) as Map<string, PolicyFactory>;

/**
 * Adds a policy under `name`, so scenarios can say `{ "policy": { "name": name, ...options } }`.
 * Re-registering a name replaces it (useful in notebooks).
 */
export function registerPolicy(name: string, factory: PolicyFactory): void {
  factories.set(name, factory);
}

/** Names of all registered policies, sorted. */
export function policyNames(): string[] {
  return [...new Set([...Object.keys(builtinPolicies), ...factories.keys()])].sort();
}

/** The factory registered under `name`, if any. */
export function getPolicyFactory(name: string): PolicyFactory | undefined {
  return factories.get(name) ?? (Object.hasOwn(builtinPolicies, name) ? builtinPolicies[name] : undefined);
}

/**
 * What a scenario or a library user may give as a policy: a registered name with options, a ready
 * {@link Policy} object, or a bare `decide` function.
 */
export type PolicySpec =
  | ({ name: OrString<BuiltinPolicyName> } & Record<string, unknown>)
  | Policy
  | ((observation: Parameters<Policy['decide']>[0]) => ReturnType<Policy['decide']>);

/** Normalises a {@link PolicySpec} into a {@link Policy}: the one place that knows the three forms. */
export async function createPolicy(spec: PolicySpec, context: PolicyContext): Promise<Policy> {
  if (typeof spec === 'function') return { name: spec.name || 'custom', decide: spec };
  if ('decide' in spec && typeof spec.decide === 'function') return spec as Policy;
  const { name, ...options } = spec as { name: string } & Record<string, unknown>;
  const factory = getPolicyFactory(name);
  if (!factory) {
    const near = closest(name, policyNames());
    throw new InputError([
      {
        path: 'policy.name',
        expected: `one of ${policyNames().map((n) => JSON.stringify(n)).join(', ')}`,
        received: JSON.stringify(name),
        hint: near ? `did you mean "${near}"?` : undefined,
      },
    ]);
  }
  return guardPolicy(name, NaN, () => factory(options, context));
}
