/**
 * The per-variant branching experiment's setup, shared by `variants.ts` (the CLI that writes the
 * table docs/hetero.md quotes) and the test that checks the doc against a rerun: Loki with path-aware
 * routing against its MostAccurateFirst form and the baselines, on a detector -> classifier graph
 * whose crops per frame depend on the detector variant.
 *
 * @module
 */
import type { PipelineProfile } from 'infersim';
import { CANDIDATES, loadHeteroPipeline, type Entry } from './compare-lib.js';

/**
 * Crops per frame (Poisson means, when the frame has any: probability 0.85 as in the graph) per
 * detector variant. ILLUSTRATIVE, not measured: the larger detector finds more objects, as in
 * Loki's traffic-analysis profile (yolov5n 2.6, yolov5s 5.5, yolov5m 14.4 detections per frame in
 * `pipeline_ilp.py`), scaled to this cluster's size; yolov5s keeps the graph's own mean of 2.5.
 */
export const CROPS_PER_FRAME: Record<string, number> = { yolov5n: 1.5, yolov5s: 2.5, yolov5m: 3.5 };

/** `traffic-graph` with the crops per frame of {@link CROPS_PER_FRAME} per detector variant. */
export function variantPipeline(): PipelineProfile {
  const p = loadHeteroPipeline('traffic-graph');
  const edge = p.stages[0].next![0];
  edge.byVariant = Object.fromEntries(Object.entries(CROPS_PER_FRAME).map(([v, mean]) => [v, { count: { mean } }]));
  return { ...p, name: 'traffic-variants', description: `${p.description ?? ''} Crops per frame by detector variant: ${JSON.stringify(CROPS_PER_FRAME)} (illustrative).` };
}

const entry = (label: string): Entry => {
  const e = CANDIDATES.find((c) => c.label === label);
  if (!e) throw new Error(`no comparison entry "${label}"`);
  return e;
};

/** The policies of the experiment, in table order. */
export const VARIANT_ENTRIES: Entry[] = [
  entry('static gpu'),
  entry('inferline'),
  entry('energy-slo'),
  entry('energy-slo (min accuracy 0.49)'),
  // Loki: path-aware (the default with per-variant branching) and MostAccurateFirst, on the whole
  // cluster and on the CPU alone (where accuracy scaling mixes variants).
  { label: 'loki (path, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6 }), serving: { earlyDrop: true } },
  { label: 'loki (accurate-first, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, routing: 'accurate-first' }), serving: { earlyDrop: true } },
  { label: 'loki (path, cpu only, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, devices: ['cpu'] }), serving: { earlyDrop: true } },
  { label: 'loki (accurate-first, cpu only, early drop)', name: 'loki', applies: () => true, policy: () => ({ name: 'loki', initialRps: 6, devices: ['cpu'], routing: 'accurate-first' }), serving: { earlyDrop: true } },
];
