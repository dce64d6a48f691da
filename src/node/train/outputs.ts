import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PpoModel } from '../../policies/ppo.js';
import type { QTable } from '../../policies/qlearning.js';
import { curveCsv, curveSpec, type CurvePoint } from '../../rl/curve.js';
import { readJsonFile } from '../read-file.js';
import { writeFileAtomic } from '../write-atomic.js';

/** The files {@link writeTrainingOutputs} wrote, by role. */
export interface TrainingFiles {
  policy: string;
  curveJson: string;
  curveCsv: string;
  /** The Vega-Lite spec of the curve. */
  curveSpec: string;
  /** The curve rendered to SVG, when the renderer could run. */
  curveSvg?: string;
  /** The curve as PNG, when the optional rasteriser (@resvg/resvg-js) is installed. */
  curvePng?: string;
}

/** The policy file's name for a kind of learner. */
export function policyFileName(kind: 'qlearning' | 'ppo'): string {
  return kind === 'qlearning' ? 'qlearning-table.json' : 'ppo-model.json';
}

/**
 * Writes what a training run leaves behind into `dir` (created if needed): the trained policy
 * (`qlearning-table.json` or `ppo-model.json`, usable as `{ "name": ..., "tablePath" | "modelPath": ... }`
 * in a scenario run by the CLI), the learning curve as data (`curve.json`, `curve.csv`) and as a
 * plot (`curve.vl.json`, a Vega-Lite spec, and `curve.svg` rendered from it). Every file is written
 * atomically.
 */
export async function writeTrainingOutputs(
  dir: string,
  run: { kind: 'qlearning' | 'ppo'; policy: QTable | PpoModel; curve: readonly CurvePoint[]; title?: string },
): Promise<TrainingFiles> {
  mkdirSync(dir, { recursive: true });
  const files: TrainingFiles = {
    policy: join(dir, policyFileName(run.kind)),
    curveJson: join(dir, 'curve.json'),
    curveCsv: join(dir, 'curve.csv'),
    curveSpec: join(dir, 'curve.vl.json'),
  };
  writeFileAtomic(files.policy, JSON.stringify(run.policy));
  writeFileAtomic(files.curveJson, JSON.stringify(run.curve, null, 1));
  writeFileAtomic(files.curveCsv, curveCsv(run.curve));
  const title = run.title ?? `${run.kind === 'ppo' ? 'PPO (OPD)' : 'Q-learning'}: mean reward per step`;
  const spec = curveSpec(run.curve, { title });
  writeFileAtomic(files.curveSpec, JSON.stringify(spec, null, 1));
  try {
    // The SVG renderer (vega) is optional here: the spec is the plot's source of truth.
    const { writeFigure } = await import('../report/write-figure.js');
    const fig = await writeFigure(join(dir, 'curve'), spec as unknown as Parameters<typeof writeFigure>[1], { title });
    files.curveSvg = fig.svg;
    files.curvePng = fig.png;
  } catch {
    // No renderer: the Vega-Lite spec still holds the plot.
  }
  return files;
}

/**
 * Reads a learned policy's file references in a scenario, relative to `baseDir`: a `qlearning`
 * policy's `tablePath` becomes its `table`, a `ppo` policy's `modelPath` its `model`. The
 * browser-safe core never reads files; the CLI and Node users call this (as `resolveFiles` does
 * for traces).
 *
 * @throws InputError when a file is missing or not JSON
 */
export function resolvePolicyFiles(scenario: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const p = scenario.policy as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object') return scenario;
  const key = p.name === 'qlearning' ? 'tablePath' : p.name === 'ppo' ? 'modelPath' : undefined;
  if (!key || typeof p[key] !== 'string') return scenario;
  const file = resolve(baseDir, p[key] as string);
  const { [key]: _path, ...rest } = p;
  return { ...scenario, policy: { ...rest, [key === 'tablePath' ? 'table' : 'model']: readJsonFile(file, `policy.${key}`) } };
}
