import type { ActionLayout } from '../policies/learning/layout.js';

/**
 * Gym's `MultiDiscrete`: one integer per dimension, dimension `i` in `[0, nvec[i])`. Here: per stage
 * a variant index, a batch index and a replica index.
 */
export interface MultiDiscreteSpace {
  type: 'multiDiscrete';
  nvec: number[];
  /** One label per dimension (`crop.variant`, `crop.batch`, `crop.replicas`, ...). */
  labels: string[];
  /** Per dimension, what each value means (`yolov5n`, `4`, `3 replicas`...). */
  values: string[][];
}

/** Gym's `Box`: a real vector with per-component bounds. */
export interface BoxSpace {
  type: 'box';
  shape: [number];
  low: number[];
  high: number[];
  /** One label per component. */
  labels: string[];
}

/** The action space of a layout, described. */
export function actionSpace(layout: ActionLayout): MultiDiscreteSpace {
  const labels: string[] = [];
  const values: string[][] = [];
  for (const st of layout.stages) {
    labels.push(`${st.name}.variant`, `${st.name}.batch`, `${st.name}.replicas`);
    values.push(
      st.variants.slice(),
      st.batches.map(String),
      Array.from({ length: st.maxReplicas - st.minReplicas + 1 }, (_, r) => String(st.minReplicas + r)),
    );
  }
  return { type: 'multiDiscrete', nvec: layout.nvec.slice(), labels, values };
}

/**
 * The observation space of a featuriser's labels. Features are normalised to about [0, 1]; the
 * bounds are the clips the featuriser applies (load changes and headroom may be negative, ratios
 * are clipped at 4, replica needs at 2, loads above the scale exceed 1 unbounded).
 */
export function observationSpace(labels: readonly string[]): BoxSpace {
  const low = labels.map((l) => (l === 'loadChange' || l.endsWith('.headroom') ? -2 : l === 'availableCores' ? -1 : 0));
  const high = labels.map((l) =>
    l === 'p99OverSla' || l.endsWith('.queue')
      ? 4
      : l.includes('.needed[') || l.endsWith('.headroom') || l === 'loadChange'
        ? 2
        : l.includes('=') || l === 'dropFraction' || l === 'availableCores' || l.endsWith('.model')
          ? 1
          : Infinity,
  );
  return { type: 'box', shape: [labels.length], low, high, labels: labels.slice() };
}
