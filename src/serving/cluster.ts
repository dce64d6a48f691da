/**
 * Cores of a cluster's nodes and first-fit placement. First fit (lowest-index node with room) is
 * Kubernetes-like enough for CPU-only pipelines and deterministic; heterogeneous placement comes with
 * device-aware nodes.
 */
export class Cluster {
  readonly free: Float64Array;
  readonly totalCores: number;
  usedCores = 0;

  constructor(readonly nodeCores: readonly number[]) {
    this.free = Float64Array.from(nodeCores);
    this.totalCores = nodeCores.reduce((a, b) => a + b, 0);
  }

  /** Places `cores` on the first node with room; returns the node index or -1. */
  place(cores: number): number {
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i] >= cores) {
        this.free[i] -= cores;
        this.usedCores += cores;
        return i;
      }
    }
    return -1;
  }

  /** Gives `cores` back to `node`. */
  release(node: number, cores: number): void {
    this.free[node] += cores;
    this.usedCores -= cores;
  }
}
