import { describe, expect, it } from 'vitest';
import { bundledPipelines, type PipelineConfig } from '../../src/index.js';
import { FIGURE_COST_FORMULA, plottedCost, stepCost } from '../../examples/ipa/figure-cost.js';

// IPA's figure notebooks: cost per 10 s log step = sum over stages of replicas x per-replica cores
// (figs. 9-12), but (sum of replicas) x (sum of per-replica cores) in fig. 8 (video).

const video = bundledPipelines.video;
const cores = (name: string) => video.stages.flatMap((s) => s.variants).find((v) => v.name === name)!.cores;
const cfg = (det: string, dn: number, cls: string, cn: number): PipelineConfig => [
  { variant: det, batch: 1, replicas: dn },
  { variant: cls, batch: 1, replicas: cn },
];

describe('IPA figure cost (examples/ipa/figure-cost.ts)', () => {
  it('forms one step as the notebooks do', () => {
    const c = cfg('yolov5n', 3, 'resnet18', 2);
    const [a, b] = [cores('yolov5n'), cores('resnet18')];
    expect(stepCost(c, video, 'stage-sum')).toBe(3 * a + 2 * b);
    expect(stepCost(c, video, 'replica-sum-times-core-sum')).toBe((3 + 2) * (a + b));
    // A 2-stage pipeline of 1-core replicas: the fig. 8 formula doubles the cores allocated.
    if (a === 1 && b === 1) expect(stepCost(c, video, 'replica-sum-times-core-sum')).toBe(2 * stepCost(c, video, 'stage-sum'));
  });

  it('averages the configuration in force at each 10 s step of the measured span', () => {
    const decisions = [
      { t: 0, config: cfg('yolov5n', 1, 'resnet18', 1) },
      { t: 25, config: cfg('yolov5n', 4, 'resnet18', 2) },
      { t: 40, config: cfg('yolov5n', 2, 'resnet18', 1) },
    ];
    const one = (c: PipelineConfig) => stepCost(c, video, 'stage-sum');
    // Steps at 10, 20 (first config), 30 (second), 40, 50 (third): [10, 60).
    const expected = (2 * one(decisions[0].config) + one(decisions[1].config) + 2 * one(decisions[2].config)) / 5;
    expect(plottedCost(decisions, video, 10, 60, 'stage-sum')).toBeCloseTo(expected, 12);
    // A span starting between steps begins at the next step: [15, 60) has 20..50.
    expect(plottedCost(decisions, video, 15, 60, 'stage-sum')).toBeCloseTo((one(decisions[0].config) + one(decisions[1].config) + 2 * one(decisions[2].config)) / 4, 12);
  });

  it('names the formula of every pipeline IPA plotted, and refuses bad input', () => {
    expect(Object.keys(FIGURE_COST_FORMULA).sort()).toEqual(['audio-qa', 'audio-sent', 'nlp', 'sum-qa', 'video']);
    expect(FIGURE_COST_FORMULA.video.formula).toBe('replica-sum-times-core-sum');
    expect(() => stepCost(cfg('yolov9', 1, 'resnet18', 1), video, 'stage-sum')).toThrow(/no variant "yolov9"/);
    expect(() => plottedCost([], video, 0, 60, 'stage-sum')).toThrow(/no decisions/);
    expect(() => plottedCost([{ t: 0, config: cfg('yolov5n', 1, 'resnet18', 1) }], video, 60, 60, 'stage-sum')).toThrow(/toS > fromS/);
  });
});
