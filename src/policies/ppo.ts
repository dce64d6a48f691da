import { InputError, describeValue } from '../errors.js';
import { createFeaturizer, type FeatureSpec } from './learning/features.js';
import { checkLayout, decodeAction, type ActionLayout } from './learning/layout.js';
import { compileNetwork, parseNetwork, type NetworkWeights } from './learning/network.js';
import { maskedChoice } from './learning/sampling.js';
import { readOptions } from './options.js';
import type { Observation, PipelineConfig, Policy, PolicyContext, PolicyFactory } from './types.js';

/**
 * A trained PPO (OPD) policy as JSON (`infersim-ppo/1`): the action layout, how observations become
 * features, and the actor-critic weights. Written by `trainPpo` / `infersim train --policy ppo`.
 */
export interface PpoModel {
  format: 'infersim-ppo/1';
  /** The pipeline's name, for people. */
  pipeline?: string;
  layout: ActionLayout;
  /** The feature spec; `totalCores` is `null` in JSON for an unbounded cluster. */
  features: Omit<FeatureSpec, 'totalCores'> & { totalCores: number | null };
  network: NetworkWeights;
  /** Free-form provenance: episodes, seed, reward, hyper-parameters, backend, wall time. */
  training?: Record<string, unknown>;
}

/** The feature spec of a model with JSON's `null` turned back into an unbounded cluster. */
export function modelFeatureSpec(model: PpoModel): FeatureSpec {
  return { ...model.features, totalCores: model.features.totalCores ?? Infinity };
}

/**
 * Checks that `value` is a usable {@link PpoModel}, so a model read from a file fails with a path.
 *
 * @throws InputError
 */
export function parsePpoModel(value: unknown, path = 'policy.model'): PpoModel {
  const bad = (where: string, expected: string, v: unknown): never => {
    throw new InputError([{ path: `${path}${where}`, expected, received: describeValue(v) }]);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('', 'a PPO model object (as infersim train writes)', value);
  const m = value as Record<string, unknown>;
  if (m.format !== 'infersim-ppo/1') bad('.format', '"infersim-ppo/1"', m.format);
  const layout = m.layout as ActionLayout;
  if (typeof layout !== 'object' || layout === null || !Array.isArray(layout.nvec)) bad('.layout', 'an action layout', layout);
  const f = m.features as Record<string, unknown>;
  if (typeof f !== 'object' || f === null) bad('.features', 'a feature spec', f);
  for (const k of ['loadScale', 'coreScale', 'intervalS', 'slaMs'] as const) {
    if (typeof f[k] !== 'number' || !((f[k] as number) > 0)) bad(`.features.${k}`, 'a number > 0', f[k]);
  }
  const net = parseNetwork(m.network, `${path}.network`);
  const outputs = layout.nvec.reduce((a, b) => a + b, 0);
  if (net.outputs !== outputs) bad('.network.outputs', `${outputs} (the layout's action values)`, net.outputs);
  return value as PpoModel;
}

/** Options of {@link createPpoPolicy}. */
export interface PpoPolicyOptions {
  /**
   * Sample actions from the policy's distribution (with the policy's seeded stream) instead of
   * taking the most likely action. Default false: a deployed policy acts greedily.
   */
  stochastic?: boolean;
}

/** A PPO policy with the network's last outputs, for notebooks and tests. */
export interface PpoPolicy extends Policy {
  /** The critic's value of the last observation decided on. */
  readonly lastValue: number;
}

/**
 * Makes a policy of a trained model: every interval, features of the observation -> network ->
 * per stage the most likely (variant, batch, replicas) under the masks of the cluster's capacity.
 */
export function createPpoPolicy(model: PpoModel, context: PolicyContext, options: PpoPolicyOptions = {}): PpoPolicy {
  checkLayout(model.layout, context.pipeline, 'policy.model.layout');
  const featurizer = createFeaturizer(context.pipeline, model.layout, modelFeatureSpec(model));
  if (featurizer.size !== model.network.inputSize) {
    throw new InputError([{ path: 'policy.model.network.inputSize', expected: `${featurizer.size} (features of this pipeline)`, received: String(model.network.inputSize) }]);
  }
  const forward = compileNetwork(model.network);
  let lastValue = NaN;
  return {
    name: 'ppo',
    get lastValue() {
      return lastValue;
    },
    decide(obs: Observation): PipelineConfig {
      const out = forward(featurizer.features(obs));
      lastValue = out.value;
      const mode = options.stochastic ? { kind: 'sample' as const, uniform: context.random } : { kind: 'argmax' as const };
      return decodeAction(model.layout, maskedChoice(model.layout, out.logits, obs.capacity.totalCores, mode).action);
    },
  };
}

/**
 * `ppo`: a trained PPO policy (OPD; train it with `trainPpo` or `infersim train --policy ppo`).
 * Options: `model`, the JSON the trainer writes (`infersim-ppo/1`); `stochastic` (default false).
 * The Node layer also accepts `modelPath`, a file it reads into `model`.
 */
export const ppoPolicy: PolicyFactory = (options, context) => {
  const r = readOptions('ppo', options, ['model', 'modelPath', 'stochastic']);
  const stochastic = r.boolean('stochastic', false);
  if (options.model === undefined) {
    if (typeof options.modelPath === 'string') {
      r.issue('modelPath', 'the model itself in "model" here: files are read by the Node layer (the CLI, or loadLearnedPolicies from "infersim/node")', options.modelPath);
    } else {
      r.issue('model', 'a trained PPO model (infersim-ppo/1), as `infersim train --policy ppo` writes', undefined);
    }
  }
  r.finish();
  return createPpoPolicy(parsePpoModel(options.model), context, { stochastic });
};
