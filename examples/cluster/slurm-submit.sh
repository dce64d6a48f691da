#!/bin/bash
# Submits the sweep's job array and a merge job that starts when every array task has ended
# (afterany, not afterok: the merge then says which runs are missing instead of never starting).
# `infersim sweep <sweep.json> --slurm 8 --out <shared dir>` does the same with scripts it writes,
# and --resume resubmits only the unfinished shards (docs/sweeps.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
array=$(sbatch --parsable examples/cluster/slurm-sweep.sbatch)
sbatch --dependency="afterany:${array}" examples/cluster/slurm-merge.sbatch
