import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, type InputIssue } from '../../errors.js';
import { loadScenarioFile } from '../../node/load-scenario.js';
import { useTfBackend } from '../../node/train/backend.js';
import { writeTrainingOutputs } from '../../node/train/outputs.js';
import { createRolloutPool } from '../../node/train/pool.js';
import type { CurvePoint } from '../../rl/curve.js';
import { trainPpo } from '../../rl/train-ppo.js';
import { trainQLearning } from '../../rl/train-qlearning.js';
import { progressReporter } from '../progress.js';

/** Options of `infersim train`, as commander hands them over. */
interface TrainFlags {
  policy: string;
  episodes?: string;
  out?: string;
  seed?: string;
  reward?: string;
  maxReplicas?: string;
  workers?: string;
  backend?: string;
  expertEvery?: string;
  progress?: boolean;
  json?: boolean;
}

/** Parses an integer flag, recording a problem instead of throwing so all are reported at once. */
function intFlag(issues: InputIssue[], flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) issues.push({ path: flag, expected: `an integer >= ${min}`, received: JSON.stringify(v) });
  return n;
}

/**
 * `infersim train <scenario.json...> --policy qlearning|ppo [--episodes N] [--out DIR]`: trains a
 * learning policy on one or more scenarios (sharing a pipeline; each episode draws one), with a
 * progress bar on stderr, and writes the policy file and its learning curve (data and plot) to DIR.
 */
export function register(program: Command): void {
  program
    .command('train')
    .description('train a learning policy (Q-learning or PPO/OPD) on scenarios; writes the policy and its learning curve')
    .argument('<scenarios...>', 'scenario JSON files (same pipeline; each episode draws one)')
    .requiredOption('--policy <name>', 'qlearning or ppo')
    .option('--episodes <n>', 'training episodes (default: qlearning 300, ppo 400)')
    .option('--out <dir>', 'output directory', 'train-out')
    .option('--seed <n>', 'training seed (default 1)')
    .option('--reward <spec>', 'reward: seed, opd, or an expression over the step metrics (default: qlearning seed, ppo opd)')
    .option('--max-replicas <n>', 'largest replica count per stage in the action space (default 10)')
    .option('--workers <n>', 'ppo: worker threads for rollouts (default 0: on the main thread)')
    .option('--backend <name>', 'ppo: tfjs backend, wasm or cpu', 'wasm')
    .option('--expert-every <n>', 'ppo: the expert (IPA) acts every n-th episode; 0 never (default 5)')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print what was written as JSON on stdout: { policy, episodes, wallS, files }')
    .action(async (files: string[], flags: TrainFlags) => {
      const issues: InputIssue[] = [];
      if (flags.policy !== 'qlearning' && flags.policy !== 'ppo') issues.push({ path: '--policy', expected: '"qlearning" or "ppo"', received: JSON.stringify(flags.policy) });
      if (flags.backend !== 'wasm' && flags.backend !== 'cpu') issues.push({ path: '--backend', expected: '"wasm" or "cpu"', received: JSON.stringify(flags.backend) });
      const episodes = intFlag(issues, '--episodes', flags.episodes, 1);
      const seed = intFlag(issues, '--seed', flags.seed, 0);
      const maxReplicas = intFlag(issues, '--max-replicas', flags.maxReplicas, 1);
      const workers = intFlag(issues, '--workers', flags.workers, 0);
      const expertEvery = intFlag(issues, '--expert-every', flags.expertEvery, 0);
      if (issues.length) throw new InputError(issues);
      const scenarios = files.map((f) => loadScenarioFile(f));
      const kind = flags.policy as 'qlearning' | 'ppo';
      const total = episodes ?? (kind === 'qlearning' ? 300 : 400);
      // A bar on a terminal, plain lines in a log (every 10% or 30 s).
      const bar = flags.progress === false ? undefined : progressReporter({ label: `training ${kind}`, unit: 'episodes' });
      const started = performance.now();
      const recent: number[] = [];
      const onEpisode = (p: CurvePoint) => {
        if (p.actor === 'learner') {
          recent.push(p.meanReward);
          if (recent.length > 20) recent.shift();
        }
        const mean = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
        bar?.update(p.episode + 1, total, performance.now() - started, `mean reward ${Number.isFinite(mean) ? mean.toFixed(3) : '-'}`);
      };
      const out = resolve(flags.out ?? 'train-out');
      try {
        let files: Awaited<ReturnType<typeof writeTrainingOutputs>>;
        if (kind === 'qlearning') {
          const r = await trainQLearning(scenarios, { episodes: total, seed, reward: flags.reward, maxReplicas, onEpisode });
          files = await writeTrainingOutputs(out, { kind, policy: r.table, curve: r.curve });
        } else {
          await useTfBackend(flags.backend as 'wasm' | 'cpu');
          const r = await trainPpo(scenarios, {
            episodes: total,
            seed,
            reward: flags.reward,
            maxReplicas,
            expertEvery,
            runner: workers ? createRolloutPool({ workers }) : undefined,
            onEpisode,
          });
          files = await writeTrainingOutputs(out, { kind, policy: r.model, curve: r.curve });
        }
        bar?.stop();
        const wallS = (performance.now() - started) / 1000;
        if (flags.json) {
          process.stdout.write(JSON.stringify({ policy: kind, episodes: total, wallS, files }, null, 2) + '\n');
          return;
        }
        const s = wallS.toFixed(1);
        process.stdout.write(
          `trained ${kind} for ${total} episodes in ${s} s\n` +
            `  policy: ${files.policy}\n  curve:  ${files.curveJson}, ${files.curveCsv}\n  plot:   ${files.curveSpec}${files.curveSvg ? `, ${files.curveSvg}` : ''}${files.curvePng ? `, ${files.curvePng}` : ''}\n` +
            `  use it: { "policy": { "name": "${kind}", "${kind === 'qlearning' ? 'tablePath' : 'modelPath'}": ${JSON.stringify(files.policy)} } }\n`,
        );
      } finally {
        bar?.stop();
      }
    });
}
