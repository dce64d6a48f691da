/**
 * Make-before-break across stages for InferLine's re-plans. A plan that moves a stage to other
 * hardware (or another variant) sizes every other stage for the new, faster (or slower) stage; but
 * the moved stage's new replicas take their start-up (6-22 s with the example profiles) while its old
 * ones keep serving. Applying the other stages' new deployment at once (fewer replicas, larger
 * batches, sized for the new hardware's latency) left the pipeline with the old stage's latency and
 * the new stages' smaller share of the SLO: on the video chain, detection moving to the GPU while the
 * classifier went from 24 replicas at batch 1 to 7 at batch 2 made 88 requests late in 10 s.
 *
 * So the stages a plan does not move keep their old deployment (or more replicas, if the tuner asks
 * for them at the same batch) until the moved stages have no replica starting; then they take the
 * plan's. The serving system's rolling replacement already keeps a moved stage's old replicas
 * serving until its new ones are ready.
 *
 * @module
 */
import type { Observation } from '../types.js';
import type { InferLineStage } from './inferline-planner.js';

/** A transition in progress: the stages moved and the old deployment of the stages held. */
export interface Transition {
  /** Stages whose device or variant the plan changed. */
  moved: number[];
  /** Stages kept at their old deployment meanwhile. */
  held: number[];
  /** The deployment before the plan. */
  before: InferLineStage[];
}

/**
 * The transition from `before` to `after`, or `undefined` when none is needed: no stage changes
 * device or variant, or every other stage keeps its deployment anyway.
 */
export function startTransition(before: readonly InferLineStage[], after: readonly InferLineStage[]): Transition | undefined {
  const moved: number[] = [];
  const held: number[] = [];
  after.forEach((a, i) => {
    const b = before[i];
    if (a.device !== b.device || a.variant !== b.variant) moved.push(i);
    else if (a.batch !== b.batch || a.replicas < b.replicas) held.push(i);
  });
  if (moved.length === 0 || held.length === 0) return undefined;
  return { moved, held, before: before.map((s) => ({ ...s })) };
}

/**
 * What to deploy during a transition: `current` (the plan, as the tuner scaled it), with the held
 * stages at their old deployment; a held stage takes the tuner's count when that is larger at the
 * same batch.
 */
export function heldStages(t: Transition, current: readonly InferLineStage[]): InferLineStage[] {
  const out = current.map((s) => ({ ...s }));
  for (const i of t.held) {
    const b = t.before[i];
    out[i] = { ...b, replicas: current[i].batch === b.batch ? Math.max(b.replicas, current[i].replicas) : b.replicas };
  }
  return out;
}

/** Whether the moved stages have no replica starting any more (ready, or waiting for resources). */
export function transitionDone(t: Transition, obs: Observation): boolean {
  return t.moved.every((i) => (obs.stages[i]?.startingReplicas ?? 0) === 0);
}
