import type { AccuracyMethod, ObjectiveWeights } from './types.js';

/**
 * The objective's per-option (separable) weights: every solver scores an option by the same
 * expression, so they pick the same optimum (and the dp shortcut the dp's, bit for bit).
 */
export interface OptionValueWeights {
  /** The objective multiplies accuracies: their product, weighted by alpha, is scored apart from the options' values. */
  product: boolean;
  /** Weight of an option's accuracy in its value (0 for a product objective: scored apart). */
  accWeight: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** The per-option weights of an objective over `stages` stages. */
export function optionValueWeights(weights: ObjectiveWeights, accuracyMethod: AccuracyMethod, stages: number): OptionValueWeights {
  const { alpha, beta, gamma } = weights;
  const product = accuracyMethod === 'product' && alpha !== 0;
  return { product, accWeight: product ? 0 : accuracyMethod === 'mean' ? alpha / stages : alpha, beta, gamma, delta: weights.delta ?? 0 };
}

/** An option's additive objective term: `accWeight * accuracy - beta * cores - gamma * batch - delta * powerW`. */
export function optionValue(w: OptionValueWeights, accuracy: number, cores: number, batch: number, powerW: number): number {
  return w.accWeight * accuracy - w.beta * cores - w.gamma * batch - w.delta * powerW;
}
