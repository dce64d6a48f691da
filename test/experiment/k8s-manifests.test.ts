// The Kubernetes manifests of examples/cluster/, checked offline against the Kubernetes API's schema as
// the kubernetes-models package ships it (generated from the Kubernetes OpenAPI spec): its ajv-compiled
// JSON-schema validators check types, enums and required fields; its TypeScript types, through the
// compiler's excess-property check, catch unknown field names (the OpenAPI schema itself allows them,
// kubectl's strict server-side validation does not). No cluster runs them: see docs/sweeps.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'examples', 'cluster');
const MANIFESTS = ['k8s-sweep-job.yaml', 'k8s-merge-job.yaml'];

/** The model class and the TypeScript type of each kind the manifests use. */
const KINDS: Record<string, { model: new (data: never) => { validate(): void }; type: string; module: string }> = {
  'batch/v1 Job': { model: Job as never, type: 'IJob', module: 'kubernetes-models/batch/v1/Job' },
  'v1 PersistentVolumeClaim': { model: PersistentVolumeClaim as never, type: 'IPersistentVolumeClaim', module: 'kubernetes-models/v1/PersistentVolumeClaim' },
};

type Doc = { apiVersion: string; kind: string } & Record<string, unknown>;

function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
    expect(d.errors, file).toEqual([]);
    return d.toJS() as Doc;
  });
}

function kind(doc: Doc): (typeof KINDS)[string] {
  const k = KINDS[`${doc.apiVersion} ${doc.kind}`];
  if (!k) throw new Error(`no schema here for ${doc.apiVersion} ${doc.kind}`);
  return k;
}

/** The JSON-schema errors of a manifest ('' when valid). */
function schemaErrors(doc: Doc): string {
  try {
    new (kind(doc).model)(doc as never).validate();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Type-checks the manifests as object literals of their kinds' types: unknown fields are errors. */
function typeErrors(list: Doc[]): string[] {
  const file = join(root, 'test', 'experiment', '__k8s-manifests-check.ts');
  const source =
    [...new Set(list.map((d) => kind(d)))].map((k) => `import type { ${k.type} } from '${k.module}';`).join('\n') +
    '\n' +
    list.map((d, i) => `export const doc${i}: ${kind(d).type} = ${JSON.stringify(d, null, 1)};`).join('\n');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('examples/cluster Kubernetes manifests', () => {
  const all = MANIFESTS.flatMap(docs);

  it('every object is a valid PersistentVolumeClaim or Job of the Kubernetes API (JSON schema)', () => {
    expect(all.map((d) => `${d.apiVersion} ${d.kind}`)).toEqual(['v1 PersistentVolumeClaim', 'batch/v1 Job', 'batch/v1 Job']);
    for (const d of all) expect(schemaErrors(d), `${d.kind} ${JSON.stringify((d.metadata as { name: string }).name)}`).toBe('');
  });

  it('the schema check fails on a wrong type or value', () => {
    const job = structuredClone(all[1]) as Doc & { spec: Record<string, unknown> };
    job.spec.completionMode = 'Indexd';
    job.spec.completions = '8';
    expect(schemaErrors(job)).toMatch(/spec\/completionMode must be equal to one of the allowed values.*spec\/completions must be integer/);
  });

  it('every field name is one the Kubernetes API knows, and a misspelt one is caught', () => {
    // One program (a type check takes seconds): the manifests as they are, then one with a misspelt field.
    const job = structuredClone(all[1]) as Doc & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    job.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const errors = typeErrors([...all, job]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/known properties, and '"imagePullPolicyy"' does not exist in type 'IContainer'/);
  });
});
