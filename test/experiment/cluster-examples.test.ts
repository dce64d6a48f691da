import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', '..', 'examples', 'cluster');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

describe('examples/cluster', () => {
  it('the Slurm array runs shard $SLURM_ARRAY_TASK_ID of as many shards as array tasks', () => {
    const script = read('slurm-sweep.sbatch');
    const last = Number(/#SBATCH --array=0-(\d+)/.exec(script)![1]);
    expect(script).toContain(`SHARDS=${last + 1}\n`);
    for (const f of ['slurm-sweep.sbatch', 'slurm-merge.sbatch', 'slurm-submit.sh']) expect(spawnSync('bash', ['-n', join(dir, f)]).status, f).toBe(0);
    // What array task 3 runs, with `echo` standing in for infersim.
    const r = spawnSync('bash', [join(dir, 'slurm-sweep.sbatch')], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '3', SLURM_CPUS_PER_TASK: '4', INFERSIM: 'echo', OUT: '/shared/out' } });
    expect(r.stdout.trim()).toBe(`sweep examples/sweeps/video-policies.json --shard 3/${last + 1} --workers 4 --out /shared/out/shard-3 --resume`);
    const merge = spawnSync('bash', [join(dir, 'slurm-merge.sbatch')], { encoding: 'utf8', env: { ...process.env, INFERSIM: 'echo', OUT: '/nonexistent' } });
    expect(merge.stdout.split('\n')[0]).toBe('merge /nonexistent/shard-* --out /nonexistent/merged');
  });

  it('the Kubernetes Indexed Job runs shard $JOB_COMPLETION_INDEX of as many shards as completions', () => {
    const job = read('k8s-sweep-job.yaml');
    expect(job).toMatch(/completionMode: Indexed/);
    const completions = Number(/completions: (\d+)/.exec(job)![1]);
    expect(job).toContain(`- name: SHARDS\n              value: "${completions}"`);
    expect(job).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
    expect(job).toContain('--out "/results/video-policies/shard-$JOB_COMPLETION_INDEX" --resume');
    expect(read('k8s-merge-job.yaml')).toContain('merge /results/video-policies/shard-* --out /results/video-policies/merged');
  });
});
