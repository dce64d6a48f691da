// A sweep on a REAL single-node Slurm (munged, slurmctld, slurmd started by scripts/slurm-local.sh in a
// directory of their own, stopped after): submitted as a 3-task job array, one task cancelled mid-way,
// resumed, merged, and compared with the same sweep run on this machine. The commands are those of
// docs/sweeps.md (bench/slurm-sweep.ts runs them and measures the docs' figures).
//
// Skipped, with the reason, where Slurm cannot start (no slurm-wlm/munge packages, not root); .ci/run
// installs them and sets INFERSIM_REQUIRE_SLURM=1, so there a Slurm that does not start fails the test.
// Runs the built CLI (dist/): `npm run build` first when trying it from a work tree.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicText, slurmTrial, startLocalSlurm, type LocalSlurm, type SlurmTrial } from '../../bench/slurm-sweep.js';

const root = join(import.meta.dirname, '..', '..');
let slurm: LocalSlurm | undefined;
let workDir: string | undefined;

beforeAll(() => {
  slurm = startLocalSlurm();
  if (!slurm.conf && process.env.INFERSIM_REQUIRE_SLURM === '1') throw new Error(`Slurm did not start (INFERSIM_REQUIRE_SLURM=1): ${slurm.error}`);
  if (!slurm.conf) console.warn(`slurm-real.test.ts skipped: Slurm did not start here (${slurm.error}); install slurm-wlm and munge and run as root (scripts/slurm-local.sh)`);
  workDir = mkdtempSync(join(tmpdir(), 'infersim-slurm-test-'));
}, 90_000);

afterAll(() => {
  slurm?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

describe('infersim sweep --slurm on a real single-node Slurm', () => {
  let trial: SlurmTrial | undefined;

  it('a job array of 3 shards, task 1 cancelled mid-way, resumed and merged, gives the rows of a local sweep', async (ctx) => {
    if (!slurm?.conf) {
      ctx.skip(`no Slurm here (${slurm?.error ?? 'not started'}); install slurm-wlm and munge and run as root (scripts/slurm-local.sh)`);
      return;
    }
    trial = await slurmTrial(slurm.conf, workDir!);
    const { firstRound, final, killedShard } = trial;
    // The cancelled task stopped mid-way: some rows, not all, and the merge after it lists what is missing.
    expect(killedShard.state).toBe('CANCELLED');
    expect(killedShard.rowsAtCancel).toBeGreaterThan(0);
    expect(killedShard.rowsAfter).toBeLessThan(8);
    expect(firstRound.incomplete).toEqual([1]);
    expect(firstRound.shards.map((s) => s.state)).toEqual(['COMPLETED', 'CANCELLED', 'COMPLETED']);
    expect(firstRound.merge.state).toBe('FAILED');
    expect(firstRound.complete).toBe(false);
    // --resume resubmitted shard 1 alone; it kept its rows and ran the rest.
    expect(final.shards.map((s) => s.done)).toEqual([8, 8, 8]);
    expect(final.shards[1].job).not.toBe(firstRound.shards[1].job);
    expect(final.shards[0].job).toBe(firstRound.shards[0].job);
    expect(final.merge.state).toBe('COMPLETED');
    expect(final.complete).toBe(true);
    const resumedLog = readFileSync(join(workDir!, 'out', 'slurm', 'logs', `sweep-${final.shards[1].job}.log`), 'utf8');
    expect(resumedLog).toMatch(new RegExp(`${8 - killedShard.rowsAfter} runs written, ${killedShard.rowsAfter} already done`));
    // Submit 0, scancel 0, first round's --status --wait 1 (runs missing), --resume --wait 0, local 0.
    expect(trial.exitCodes).toEqual([0, 0, 1, 0, 0]);
    expect(trial.mergedRows).toHaveLength(24);
    expect(deterministicText(trial.mergedRows)).toBe(deterministicText(trial.localRows));
  }, 300_000);

  it("docs/sweeps.md shows the commands the test ran", (ctx) => {
    if (!trial) {
      ctx.skip('the Slurm trial did not run');
      return;
    }
    const docs = readFileSync(join(root, 'docs', 'sweeps.md'), 'utf8');
    for (const c of trial.commands) expect(docs, c).toContain(c.startsWith('infersim ') ? `npx ${c}` : c.replace('<array job id>', '${ARRAY}'));
  });
});
