import type { Command } from 'commander';
import { bundledPipelines, bundledWorkloads } from '../../bundled/index.js';
import { InputError } from '../../errors.js';
import { policyNames } from '../../policies/registry.js';
import { POLICY_SUMMARIES } from '../policy-summaries.js';

const KINDS = ['pipelines', 'workloads', 'policies'] as const;
type Kind = (typeof KINDS)[number];

/** One bundled pipeline, workload or policy as `infersim list --json` prints it. */
export interface Listed {
  name: string;
  description: string;
  [key: string]: unknown;
}

/** What can be named in a scenario without a file: bundled pipelines and workloads, registered policies. */
export function listBundled(kind: Kind): Listed[] {
  if (kind === 'pipelines') {
    return Object.entries(bundledPipelines).map(([name, p]) => ({
      name,
      description: firstSentence(p.description ?? ''),
      stages: p.stages.map((s) => ({ name: s.name, variants: s.variants.map((v) => v.name) })),
      ...(p.slaMs !== undefined ? { slaMs: p.slaMs } : {}),
    }));
  }
  if (kind === 'workloads') {
    return Object.entries(bundledWorkloads).map(([name, w]) => ({
      name,
      description: w.description,
      seconds: w.rps.length,
      meanRps: Math.round((w.rps.reduce((a, b) => a + b, 0) / Math.max(1, w.rps.length)) * 100) / 100,
      maxRps: Math.max(...w.rps),
    }));
  }
  return policyNames().map((name) => ({ name, description: POLICY_SUMMARIES[name] ?? 'registered by user code' }));
}

function pipelineLine(x: Listed): string {
  const stages = (x.stages as { name: string; variants: string[] }[]).map((s) => `${s.name} (${s.variants.length} variants)`).join(' -> ');
  return `${stages}${x.slaMs !== undefined ? `; SLA ${x.slaMs} ms` : ''}`;
}

function firstSentence(text: string): string {
  const i = text.indexOf('. ');
  return i < 0 ? text : text.slice(0, i + 1);
}

/** `infersim list [pipelines|workloads|policies] [--json]`. */
export function register(program: Command): void {
  program
    .command('list')
    .description('list the bundled pipelines and workloads and the policies a scenario can name')
    .argument('[kind]', 'pipelines, workloads or policies (default: all three)')
    .option('--json', 'print JSON: { pipelines: [...], workloads: [...], policies: [...] } (only the kind asked for, if one is)')
    .action((kind: string | undefined, opts: { json?: boolean }) => {
      if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
        throw new InputError([{ path: 'kind', expected: KINDS.map((k) => JSON.stringify(k)).join(', '), received: JSON.stringify(kind) }]);
      }
      const kinds = kind === undefined ? KINDS : [kind as Kind];
      const lists = Object.fromEntries(kinds.map((k) => [k, listBundled(k)]));
      if (opts.json) {
        process.stdout.write(JSON.stringify(lists, null, 2) + '\n');
        return;
      }
      const out: string[] = [];
      for (const k of kinds) {
        if (kinds.length > 1) out.push(`${k}:`);
        const items = lists[k];
        const width = Math.max(...items.map((x) => x.name.length));
        for (const x of items) {
          // A pipeline's description is long (its provenance): the line shows its stages instead.
          const text = k === 'pipelines' ? pipelineLine(x) : x.description;
          out.push(`  ${x.name.padEnd(width)}  ${text}`);
        }
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}
