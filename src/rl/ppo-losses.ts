/**
 * PPO's loss settings, minibatches and losses as plain data: kept apart from the tfjs network
 * (`ppo-tf.ts`) so infersim's public types never reference tfjs, an optional dependency.
 */

/** PPO's loss weights and clipping, as the update needs them. */
export interface PpoLossOptions {
  clip: number;
  valueCoef: number;
  entropyCoef: number;
  /** Weight of the imitation term on expert steps (0: none). */
  imitationCoef: number;
  maxGradNorm: number;
}

/** One minibatch, flat row-major arrays. */
export interface PpoBatch {
  n: number;
  obs: Float32Array;
  /** One-hot of the taken action value in every dimension: `n x logits`. */
  onehot: Float32Array;
  maskAdd: Float32Array;
  oldLogProb: Float32Array;
  advantage: Float32Array;
  returns: Float32Array;
  /** 1 on steps the expert took. */
  expert: Float32Array;
}

/** Mean losses of an update, for logs. */
export interface PpoLosses {
  policy: number;
  value: number;
  entropy: number;
  imitation: number;
  /** Mean `|ratio - 1| > clip` fraction. */
  clipFraction: number;
}
