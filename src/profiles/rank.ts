import type { StageProfile } from './types.js';

/**
 * IPA's rank normalisation of a stage's accuracies: the i-th least accurate of n variants scores
 * i/(n-1), a single-variant stage scores 1. Equal accuracies are ranked by name, so every variant
 * has its own rank, as IPA's sorted list gives. The simulator's PAS and the planners use this one
 * function, so what a planner optimises is what the simulation scores.
 */
export function rankNormalisedAccuracies(stage: StageProfile): number[] {
  const n = stage.variants.length;
  if (n === 1) return [1];
  const order = stage.variants
    .map((v, i) => ({ a: v.accuracy, name: v.name, i }))
    .sort((x, y) => x.a - y.a || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const out = new Array<number>(n);
  order.forEach((o, rank) => (out[o.i] = rank / (n - 1)));
  return out;
}
