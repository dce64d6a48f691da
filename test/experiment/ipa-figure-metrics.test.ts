import { describe, expect, it } from 'vitest';
import { bundledPipelines, type PipelineConfig } from '../../src/index.js';
import { FIGURE_COST_FORMULA, plottedCost, plottedPAS, stepCost, stepPAS } from '../../examples/ipa/figure-metrics.js';

// IPA's figure notebooks, per 10 s log step: cost = sum over stages of replicas x per-replica cores
// (figs. 9-12), but (sum of replicas) x (sum of per-replica cores) in fig. 8 (video); PAS = product
// of the raw accuracies of the variants configured at that step (not per request).

const video = bundledPipelines.video;
const variant = (name: string) => video.stages.flatMap((s) => s.variants).find((v) => v.name === name)!;
const cores = (name: string) => variant(name).cores;
const cfg = (det: string, dn: number, cls: string, cn: number): PipelineConfig => [
  { variant: det, batch: 1, replicas: dn },
  { variant: cls, batch: 1, replicas: cn },
];

describe('IPA figure metrics (examples/ipa/figure-metrics.ts)', () => {
  it('forms one step\'s cost as the notebooks do', () => {
    const c = cfg('yolov5n', 3, 'resnet18', 2);
    const [a, b] = [cores('yolov5n'), cores('resnet18')];
    expect(stepCost(c, video, 'stage-sum')).toBe(3 * a + 2 * b);
    expect(stepCost(c, video, 'replica-sum-times-core-sum')).toBe((3 + 2) * (a + b));
    // A 2-stage pipeline of 1-core replicas: the fig. 8 formula doubles the cores allocated.
    if (a === 1 && b === 1) expect(stepCost(c, video, 'replica-sum-times-core-sum')).toBe(2 * stepCost(c, video, 'stage-sum'));
  });

  it('forms one step\'s PAS as the product of the configured variants\' raw accuracies, whatever the replicas', () => {
    // accuracies.yaml: yolov5n 45.7, resnet18 69.75, yolov5m 64.1, resnet50 76.13 (percent).
    expect(stepPAS(cfg('yolov5n', 3, 'resnet18', 2), video)).toBeCloseTo(0.457 * 0.6975, 12);
    expect(stepPAS(cfg('yolov5n', 9, 'resnet18', 1), video)).toBeCloseTo(0.457 * 0.6975, 12);
    expect(stepPAS(cfg('yolov5m', 1, 'resnet50', 4), video)).toBeCloseTo(0.641 * 0.7613, 12);
    // audio-sent: the speech models' stored negative WER becomes 100 + accuracy (fig. 10), over 100.
    const sent = bundledPipelines['audio-sent'];
    expect(stepPAS([{ variant: 'facebook-s2t-small-librispeech-asr', batch: 1, replicas: 2 }, { variant: 'distilbert-base-uncased-finetuned-sst-2-english', batch: 1, replicas: 1 }], sent)).toBeCloseTo(((100 - 41.28) / 100) * 0.911, 12);
  });

  it('averages the configuration in force at each 10 s step of the measured span', () => {
    const decisions = [
      { t: 0, config: cfg('yolov5n', 1, 'resnet18', 1) },
      { t: 25, config: cfg('yolov5m', 4, 'resnet50', 2) },
      { t: 40, config: cfg('yolov5n', 2, 'resnet50', 1) },
    ];
    const one = (c: PipelineConfig) => stepCost(c, video, 'stage-sum');
    // Steps at 10, 20 (first config), 30 (second), 40, 50 (third): [10, 60).
    const expected = (2 * one(decisions[0].config) + one(decisions[1].config) + 2 * one(decisions[2].config)) / 5;
    expect(plottedCost(decisions, video, 10, 60, 'stage-sum')).toBeCloseTo(expected, 12);
    // A span starting between steps begins at the next step: [15, 60) has 20..50.
    expect(plottedCost(decisions, video, 15, 60, 'stage-sum')).toBeCloseTo((one(decisions[0].config) + one(decisions[1].config) + 2 * one(decisions[2].config)) / 4, 12);
    // PAS by hand: steps 10, 20 -> 0.457 x 0.6975; 30 -> 0.641 x 0.7613; 40, 50 -> 0.457 x 0.7613.
    const pas = (2 * 0.457 * 0.6975 + 0.641 * 0.7613 + 2 * 0.457 * 0.7613) / 5;
    expect(plottedPAS(decisions, video, 10, 60)).toBeCloseTo(pas, 12);
    // Per decision, not per request: a step's weight does not depend on the replicas (the load).
    expect(plottedPAS(decisions, video, 30, 40)).toBeCloseTo(0.641 * 0.7613, 12);
  });

  it('names the formula of every pipeline IPA plotted, and refuses bad input', () => {
    expect(Object.keys(FIGURE_COST_FORMULA).sort()).toEqual(['audio-qa', 'audio-sent', 'nlp', 'sum-qa', 'video']);
    expect(FIGURE_COST_FORMULA.video.formula).toBe('replica-sum-times-core-sum');
    expect(() => stepCost(cfg('yolov9', 1, 'resnet18', 1), video, 'stage-sum')).toThrow(/no variant "yolov9"/);
    expect(() => stepPAS(cfg('yolov5n', 1, 'resnet9', 1), video)).toThrow(/stepPAS: stage 1 has no variant "resnet9"/);
    expect(() => plottedCost([], video, 0, 60, 'stage-sum')).toThrow(/no decisions/);
    expect(() => plottedPAS([], video, 0, 60)).toThrow(/plottedPAS: the run has no decisions/);
    expect(() => plottedCost([{ t: 0, config: cfg('yolov5n', 1, 'resnet18', 1) }], video, 60, 60, 'stage-sum')).toThrow(/toS > fromS/);
  });
});
