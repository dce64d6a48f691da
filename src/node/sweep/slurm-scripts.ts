import { fileURLToPath } from 'node:url';

/** What the batch scripts of a sweep submitted to Slurm need to know. */
export interface SlurmScriptOptions {
  /** The sweep's name (job names, comments). */
  name: string;
  /** Its spec hash (comments: which sweep wrote the script). */
  specHash: string;
  /** Shards (array tasks) the sweep is cut into. */
  shards: number;
  /** Runs of the whole sweep. */
  runs: number;
  /** Absolute output directory on a shared file system: shard-<i>/, merged/, slurm/. */
  outDir: string;
  /** Absolute path of the spec file the tasks run (the copy in `<outDir>/slurm/`). */
  specFile: string;
  /** Worker threads per task; default: `$SLURM_CPUS_PER_TASK` (1 when unset). */
  workers?: number;
  /** Modules to `--import` in every worker (absolute paths or URLs). */
  imports?: readonly string[];
  /** The command that runs infersim on the nodes; default: this Node and this package's CLI. */
  command?: readonly string[];
}

/** Quotes a word for bash: single quotes, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that runs this package's CLI: this Node binary and `dist/cli/main.js` of the package
 * this module belongs to (from src/ or dist/, both three levels below the package's root).
 */
export function defaultInfersimCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url))];
}

/** Job names: Slurm accepts most characters, but squeue's columns read best without spaces. */
export function slurmJobName(name: string, suffix = ''): string {
  return `infersim-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}${suffix}`;
}

/**
 * `infersim` as a bash function: `$INFERSIM` when set at submission (sbatch passes the environment
 * on), else the command recorded here, so the nodes run the same build as the one that submitted.
 */
function infersimFunction(command: readonly string[]): string {
  return `infersim() { if [[ -n \${INFERSIM:-} ]]; then $INFERSIM "$@"; else ${command.map(shellQuote).join(' ')} "$@"; fi; }`;
}

/**
 * The job array's batch script: array task i runs shard i of `shards` into `<outDir>/shard-i`, with
 * `--resume`, so a resubmitted or requeued task continues where the killed one stopped. The array
 * range is given at submission (`sbatch --array=0-2`, or `--array=1` to rerun shard 1 alone).
 */
export function sweepArrayScript(o: SlurmScriptOptions): string {
  const workers = o.workers === undefined ? '"${SLURM_CPUS_PER_TASK:-1}"' : String(o.workers);
  const imports = (o.imports ?? []).map((m) => ` --import ${shellQuote(m)}`).join('');
  return `#!/bin/bash
# Written by \`infersim sweep --slurm\`: sweep ${JSON.stringify(o.name)} (spec hash ${o.specHash}), ${o.runs} runs in ${o.shards} shards.
# Array task i runs shard i/${o.shards}. The shard count is written here, not read from
# $SLURM_ARRAY_TASK_COUNT: that counts the tasks of one submission, and a resubmission of shard 1
# alone (--array=1) would then run "shard 0 of 1", the whole sweep.
#SBATCH --job-name=${slurmJobName(o.name)}
#SBATCH --output=${o.outDir}/slurm/logs/sweep-%A_%a.log
#SBATCH --requeue
set -euo pipefail
${infersimFunction(o.command ?? defaultInfersimCommand())}
IDX=\${SLURM_ARRAY_TASK_ID:?submit me with sbatch --array}
infersim sweep ${shellQuote(o.specFile)} --shard "$IDX/${o.shards}" --out ${shellQuote(o.outDir)}/shard-"$IDX" --resume --workers ${workers}${imports}
`;
}

/**
 * The merge job's batch script: merges the shard directories that exist into `<outDir>/merged`.
 * `infersim merge` exits 1 and lists the missing runs when a shard did not finish, so the job then
 * ends FAILED and `infersim sweep --slurm ... --resume` knows what to resubmit.
 */
export function mergeScript(o: SlurmScriptOptions): string {
  return `#!/bin/bash
# Written by \`infersim sweep --slurm\`: merges the ${o.shards} shards of sweep ${JSON.stringify(o.name)} (spec hash ${o.specHash}).
#SBATCH --job-name=${slurmJobName(o.name, '-merge')}
#SBATCH --output=${o.outDir}/slurm/logs/merge-%j.log
set -euo pipefail
${infersimFunction(o.command ?? defaultInfersimCommand())}
OUT=${shellQuote(o.outDir)}
shards=()
for ((i = 0; i < ${o.shards}; i++)); do
  if [[ -f $OUT/shard-$i/sweep.json ]]; then shards+=("$OUT/shard-$i"); else echo "shard $i has no output (its task never ran)" >&2; fi
done
(( \${#shards[@]} )) || { echo "no shard has any output yet" >&2; exit 1; }
infersim merge "\${shards[@]}" --out "$OUT/merged"
`;
}
