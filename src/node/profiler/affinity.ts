import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The CPUs this process may run on, from `Cpus_allowed_list` in `/proc/self/status` (a container or
 * an outer `taskset` may allow fewer than the machine has, and not from 0); elsewhere `0..n-1`.
 */
export function allowedCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    if (m) {
      const cpus = parseCpuList(m[1]);
      if (cpus.length > 0) return cpus;
    }
  } catch {
    // Not Linux: fall through to the count Node reports.
  }
  return Array.from({ length: availableParallelism() }, (_, i) => i);
}

/** Reads a kernel CPU list such as `0-3,8,10-11`. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(',')) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part.trim());
    if (!m) return [];
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let c = lo; c <= hi; c++) out.push(c);
  }
  return out;
}

/** How a workload is pinned to `cores` CPUs. */
export interface Affinity {
  /** Prefix to put before the workload's argv (`['taskset', '-c', '0,1']`), empty if not pinned. */
  prefix: string[];
  /** For provenance: `taskset -c 0,1`, or why nothing pins the workload. */
  description: string;
  /** Whether the kernel enforces the core count. */
  enforced: boolean;
}

let tasksetFound: boolean | undefined;

/**
 * Pins a workload to the first `cores` allowed CPUs with `taskset` (util-linux), so a replica of
 * `cores` cores is measured as the simulator will model it. Without taskset (macOS, minimal
 * images) the count is only passed to the workload, and provenance says so.
 */
export function affinityFor(cores: number, cpus: readonly number[]): Affinity {
  if (tasksetFound === undefined) {
    const r = spawnSync('taskset', ['-c', String(cpus[0] ?? 0), 'true'], { stdio: 'ignore' });
    tasksetFound = r.status === 0;
  }
  const list = cpus.slice(0, cores).join(',');
  if (!tasksetFound) {
    return { prefix: [], description: `${cores} core(s) passed to the workload; not pinned (taskset not found)`, enforced: false };
  }
  return { prefix: ['taskset', '-c', list], description: `taskset -c ${list}`, enforced: true };
}
