import type { TopLevelSpec } from './vega-lite-spec.js';
import { policyColor, size, VEGA_LITE_SCHEMA } from './encodings.js';
import type { PlotOptions } from './types.js';

/** One training episode's total reward, optionally labelled by the agent or policy. */
export interface EpisodeReward {
  episode: number;
  reward: number;
  policy?: string;
}

/** Options of {@link learningCurvePlot}. */
export interface LearningCurvePlotOptions extends PlotOptions {
  /** Episodes in the trailing mean drawn over the raw rewards (default 10; 1 draws the raw curve only). */
  smooth?: number;
}

/**
 * Learning curves: reward per episode for each policy, the raw values faint and a trailing mean of
 * `smooth` episodes on top, since RL rewards are too noisy to read episode by episode.
 *
 * @example
 * ```ts
 * import { learningCurvePlot } from 'infersim';
 * const log = [{ episode: 0, reward: -12.5, policy: 'dqn' }, { episode: 1, reward: -9.1, policy: 'dqn' }];
 * learningCurvePlot(log, { smooth: 20 });
 * ```
 */
export function learningCurvePlot(data: readonly EpisodeReward[], options: LearningCurvePlotOptions = {}): TopLevelSpec {
  const values = data.map((d) => ({ episode: d.episode, reward: Number.isFinite(d.reward) ? d.reward : null, policy: d.policy ?? 'policy' }));
  const labels = [...new Set(values.map((v) => v.policy))];
  const smooth = Math.max(1, Math.floor(options.smooth ?? 10));
  const x = { field: 'episode', type: 'quantitative' as const, title: 'episode' };
  const color = policyColor(labels);
  const raw = {
    mark: { type: 'line' as const, strokeWidth: 1, opacity: smooth > 1 ? 0.3 : 1 },
    encoding: { x, y: { field: 'reward', type: 'quantitative' as const, title: 'reward' }, color },
  };
  const mean = {
    transform: [
      {
        window: [{ op: 'mean' as const, field: 'reward', as: 'meanReward' }],
        frame: [-(smooth - 1), 0] as [number, number],
        groupby: ['policy'],
        sort: [{ field: 'episode' }],
      },
    ],
    mark: { type: 'line' as const, strokeWidth: 2 },
    encoding: { x, y: { field: 'meanReward', type: 'quantitative' as const, title: 'reward' }, color },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    ...size(options),
    data: { values },
    layer: smooth > 1 ? [raw, mean] : [raw],
  };
}
