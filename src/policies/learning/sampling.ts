import { stageMask, type ActionLayout } from './layout.js';

/**
 * Added to the logit of a masked choice. Large and finite: `-Infinity` would turn `0 * log 0` in the
 * entropy into NaN, while `exp(-1e9)` is exactly 0 in float32 and float64 alike.
 */
export const MASK_LOGIT = -1e9;

/** How {@link maskedChoice} picks each dimension. */
export type ChoiceMode =
  /** Sample from the masked distribution. */
  | {
      kind: 'sample';
      /** The random draws, uniform in [0, 1). */
      uniform: () => number;
    }
  | { kind: 'argmax' }
  /** Score a given action (an expert's) instead of choosing one. */
  | { kind: 'given'; action: ArrayLike<number> };

/** An action chosen (or scored) under the capacity-aware masks. */
export interface MaskedChoice {
  /** Flat action, `[variant, batch, replicas]` per stage. */
  action: number[];
  /** Log-probability of `action` under the masked logits (sum over dimensions). */
  logProb: number;
  /**
   * The additive mask used, one entry per logit (0 or {@link MASK_LOGIT}): stored with each step so
   * that training re-scores the same action under the same masks.
   */
  maskAdd: Float32Array;
}

/**
 * Picks a multi-discrete action from flat `logits` (one segment per dimension, in `layout.nvec`
 * order) stage by stage: the variant among the variants that fit the cores left, then the batch
 * among those profiled for that variant, then the replica count among those that fit. Budget
 * for stage `s` = capacity - cores already chosen - the smallest needs of the later stages, so a
 * sampled action always fits the cluster (when any does). The log-probability is that of this
 * autoregressive-by-mask distribution, exactly what PPO's ratio needs.
 *
 * In `given` mode a masked value of the given action is unmasked (an expert may pick replicas the
 * layout clamps), so its log-probability stays finite.
 */
export function maskedChoice(layout: ActionLayout, logits: ArrayLike<number>, totalCores: number, mode: ChoiceMode): MaskedChoice {
  const stages = layout.stages;
  const mins = stages.map((st) => Math.min(...st.cores) * st.minReplicas);
  let later = mins.reduce((a, b) => a + b, 0);
  let used = 0;
  const action: number[] = [];
  const maskAdd = new Float32Array(logits.length);
  let logProb = 0;
  let offset = 0;
  const pick = (allowed: boolean[], dim: number): number => {
    const n = allowed.length;
    if (mode.kind === 'given') allowed[mode.action[dim]] = true;
    for (let i = 0; i < n; i++) maskAdd[offset + i] = allowed[i] ? 0 : MASK_LOGIT;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (allowed[i] && logits[offset + i] > max) max = logits[offset + i];
    let z = 0;
    for (let i = 0; i < n; i++) if (allowed[i]) z += Math.exp(logits[offset + i] - max);
    let choice = -1;
    if (mode.kind === 'given') choice = mode.action[dim];
    else if (mode.kind === 'argmax') {
      // First maximum: ties break towards the lower index, deterministically.
      for (let i = 0; i < n; i++) if (allowed[i] && (choice < 0 || logits[offset + i] > logits[offset + choice])) choice = i;
    } else {
      const u = mode.uniform() * z;
      let acc = 0;
      for (let i = 0; i < n; i++) {
        if (!allowed[i]) continue;
        acc += Math.exp(logits[offset + i] - max);
        choice = i;
        if (u < acc) break;
      }
    }
    logProb += logits[offset + choice] - max - Math.log(z);
    offset += n;
    return choice;
  };
  stages.forEach((st, s) => {
    later -= mins[s];
    const m = stageMask(st, totalCores - used - later);
    const v = pick(m.variant.slice(), 3 * s);
    const k = pick(m.batch[v].slice(), 3 * s + 1);
    const r = pick(m.replicas[v].slice(), 3 * s + 2);
    used += st.cores[v] * (st.minReplicas + r);
    action.push(v, k, r);
  });
  return { action, logProb, maskAdd };
}
