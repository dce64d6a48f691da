/**
 * One episode of a learning curve: what the trainers report after every episode, and what
 * `infersim train` writes to `curve.json` / `curve.csv`.
 */
export interface CurvePoint {
  /** Episode index from 0. */
  episode: number;
  /** Sum of the episode's rewards. */
  reward: number;
  /** Mean reward per step. */
  meanReward: number;
  /** Steps in the episode. */
  steps: number;
  /** Who acted: the learner, or the expert (PPO's expert-guided episodes). */
  actor: 'learner' | 'expert';
  /** Exploration rate during the episode (Q-learning), else absent. */
  epsilon?: number;
  /** Index of the scenario the episode ran. */
  scenario: number;
  /** Mean cores over the episode (summary `costCores`). */
  costCores: number;
  /** Mean accuracy of completed requests. */
  accuracy: number;
  /** SLA violation rate of the episode. */
  slaViolationRate: number;
  /** Wall time since training began, ms. */
  wallMs: number;
}

const columns: (keyof CurvePoint)[] = ['episode', 'reward', 'meanReward', 'steps', 'actor', 'epsilon', 'scenario', 'costCores', 'accuracy', 'slaViolationRate', 'wallMs'];

/** A learning curve as CSV, one row per episode (header first; empty cells for absent values). */
export function curveCsv(curve: readonly CurvePoint[]): string {
  const rows = curve.map((p) => columns.map((c) => (p[c] === undefined || (typeof p[c] === 'number' && !Number.isFinite(p[c] as number)) ? '' : String(p[c]))).join(','));
  return [columns.join(','), ...rows].join('\n') + '\n';
}

/** A trailing moving average of `xs` over `window` points (shorter at the start). */
export function movingAverage(xs: readonly number[], window: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i];
    if (i >= window) s -= xs[i - window];
    out.push(s / Math.min(i + 1, window));
  }
  return out;
}

/**
 * A Vega-Lite spec of a learning curve: the mean reward per step of every episode (points, the
 * expert's episodes in their own colour) and its moving average (a line) over `window` episodes.
 * Plain JSON: render it with any Vega-Lite viewer, or to SVG with `renderSvg` from `infersim/node`.
 */
export function curveSpec(curve: readonly CurvePoint[], options: { title?: string; window?: number } = {}): Record<string, unknown> {
  const window = options.window ?? Math.max(1, Math.round(curve.length / 20));
  const learner = curve.filter((p) => p.actor === 'learner');
  const avg = movingAverage(learner.map((p) => p.meanReward), window);
  const values = [
    ...curve.map((p) => ({ episode: p.episode, meanReward: p.meanReward, series: p.actor === 'expert' ? 'expert episode' : 'episode' })),
    ...learner.map((p, i) => ({ episode: p.episode, meanReward: avg[i], series: `moving average (${window})` })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'Learning curve',
    width: 560,
    height: 300,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.series !== 'moving average (" + window + ")'" }],
        mark: { type: 'point', filled: true, size: 14, opacity: 0.45 },
        encoding: {
          x: { field: 'episode', type: 'quantitative', title: 'episode' },
          y: { field: 'meanReward', type: 'quantitative', title: 'mean reward per step' },
          color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 300 } },
        },
      },
      {
        transform: [{ filter: "datum.series === 'moving average (" + window + ")'" }],
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'episode', type: 'quantitative' },
          y: { field: 'meanReward', type: 'quantitative' },
          color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 300 } },
        },
      },
    ],
  };
}
