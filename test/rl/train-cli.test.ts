import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicyFiles } from '../../src/node/train/outputs.js';
import { parseScenario, simulate } from '../../src/sim/simulate.js';
import { smallScenario } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI from source (tsx), as a user would run `infersim`. */
function infersim(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('infersim train', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-train-'));
  const scenarioFile = join(dir, 'small.json');
  writeFileSync(scenarioFile, JSON.stringify(smallScenario(40)));

  it('trains Q-learning and writes the table, the curve as data and as a plot', async () => {
    const out = join(dir, 'q');
    const r = infersim('train', scenarioFile, '--policy', 'qlearning', '--episodes', '6', '--max-replicas', '2', '--out', out, '--no-progress');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/trained qlearning for 6 episodes/);
    for (const f of ['qlearning-table.json', 'curve.json', 'curve.csv', 'curve.vl.json']) expect(existsSync(join(out, f))).toBe(true);
    const csv = readFileSync(join(out, 'curve.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('episode,reward,meanReward,steps,actor,epsilon,scenario,costCores,accuracy,slaViolationRate,wallMs');
    expect(csv.length).toBe(7);
    const spec = JSON.parse(readFileSync(join(out, 'curve.vl.json'), 'utf8'));
    expect(spec.$schema).toMatch(/vega-lite/);
    if (existsSync(join(out, 'curve.svg'))) expect(readFileSync(join(out, 'curve.svg'), 'utf8')).toMatch(/^<svg/);
    // The table file plugs into a scenario through the Node layer.
    const scenario = resolvePolicyFiles({ ...smallScenario(40), policy: { name: 'qlearning', tablePath: 'q/qlearning-table.json' } }, dir);
    const run = await simulate(parseScenario(scenario));
    expect(run.policy).toBe('qlearning');
  });

  it('trains PPO with the wasm backend', () => {
    const out = join(dir, 'p');
    const r = infersim('train', scenarioFile, '--policy', 'ppo', '--episodes', '4', '--max-replicas', '2', '--expert-every', '2', '--out', out, '--no-progress');
    expect(r.code).toBe(0);
    const model = JSON.parse(readFileSync(join(out, 'ppo-model.json'), 'utf8'));
    expect(model.format).toBe('infersim-ppo/1');
    expect(model.training.backend).toBe('wasm');
    expect(JSON.parse(readFileSync(join(out, 'curve.json'), 'utf8')).map((p: { actor: string }) => p.actor)).toEqual(['learner', 'expert', 'learner', 'expert']);
  });

  it('reports bad flags as input errors (exit 2), all at once', () => {
    // (A bad --reward expression is an InputError from createReward, tested in rewards.test.ts.)
    const r = infersim('train', scenarioFile, '--policy', 'sarsa', '--episodes', '0', '--backend', 'gpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--policy: expected "qlearning" or "ppo", got "sarsa"/);
    expect(r.stderr).toMatch(/--backend: expected "wasm" or "cpu", got "gpu"/);
    expect(r.stderr).toMatch(/--episodes: expected an integer >= 1, got "0"/);
  });
});
