/** One node of a cluster: its device type and what it offers. */
export interface NodeSpec {
  /** Device type its replicas run on (`cpu`, `gpu`, ...). */
  device: string;
  cores: number;
  /** Accelerator slots (GPUs, FPGA boards); 0 for CPU-only nodes. */
  accelerators: number;
  /** Memory, MB (Infinity: not checked). */
  memoryMB: number;
}

/** What a replica asks of a node. */
export interface ResourceRequest {
  device: string;
  cores: number;
  accelerators: number;
  memoryMB: number;
}

/**
 * How a replica's node is chosen among those of its device type with room:
 * `first-fit` the lowest index (Kubernetes-like, keeps low nodes full), `best-fit` the one left
 * with the fewest free cores (then accelerators), packing tightly so large replicas still find room.
 */
export type PlacementRule = 'first-fit' | 'best-fit';

/**
 * The nodes of a cluster, what is free on each, and placement. Deterministic: ties go to the lowest
 * node index.
 */
export class Cluster {
  readonly free: Float64Array;
  readonly freeAccelerators: Float64Array;
  readonly freeMemory: Float64Array;
  readonly totalCores: number;
  usedCores = 0;

  constructor(
    readonly nodes: readonly NodeSpec[],
    readonly rule: PlacementRule = 'first-fit',
  ) {
    this.free = Float64Array.from(nodes, (n) => n.cores);
    this.freeAccelerators = Float64Array.from(nodes, (n) => n.accelerators);
    this.freeMemory = Float64Array.from(nodes, (n) => n.memoryMB);
    this.totalCores = nodes.reduce((a, n) => a + n.cores, 0);
  }

  /** Whether node `i` could take `r` now. */
  fitsOn(i: number, r: ResourceRequest): boolean {
    return this.nodes[i].device === r.device && this.free[i] >= r.cores && this.freeAccelerators[i] >= r.accelerators && this.freeMemory[i] >= r.memoryMB;
  }

  /** The node `r` would go on now by the placement rule, or -1. */
  choose(r: ResourceRequest): number {
    let best = -1;
    for (let i = 0; i < this.nodes.length; i++) {
      if (!this.fitsOn(i, r)) continue;
      if (this.rule === 'first-fit') return i;
      if (best < 0 || this.free[i] < this.free[best] || (this.free[i] === this.free[best] && this.freeAccelerators[i] < this.freeAccelerators[best])) best = i;
    }
    return best;
  }

  /** Places `r` by the rule; returns the node index or -1. */
  place(r: ResourceRequest): number {
    const i = this.choose(r);
    if (i >= 0) {
      this.free[i] -= r.cores;
      this.freeAccelerators[i] -= r.accelerators;
      this.freeMemory[i] -= r.memoryMB;
      this.usedCores += r.cores;
    }
    return i;
  }

  /** Gives what `r` held back to `node`. */
  release(node: number, r: ResourceRequest): void {
    this.free[node] += r.cores;
    this.freeAccelerators[node] += r.accelerators;
    this.freeMemory[node] += r.memoryMB;
    this.usedCores -= r.cores;
  }

  /** Device types present. */
  devices(): string[] {
    return [...new Set(this.nodes.map((n) => n.device))];
  }
}
