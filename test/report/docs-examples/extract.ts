/**
 * Turns the runnable examples of a guide into a TypeScript module, so `npm run typecheck` checks
 * them and docs-examples.test.ts runs them.
 *
 * A runnable example is a ```ts block right after a `<!-- run -->` line; `<!-- run: continued -->`
 * appends its block to the previous example (to build on its variables). Import lines at the top of
 * a block are hoisted and merged per module (`infersim` -> ./infersim.js, `infersim/node` ->
 * ./infersim-node.js); the rest becomes the body of `export async function exampleN()`.
 */

/** One runnable example: where it starts in the guide, its imports and its body. */
export interface DocExample {
  line: number;
  imports: string[];
  body: string[];
}

const RUN = /^<!--\s*run(:\s*continued)?\s*-->\s*$/;
const IMPORT = /^import\s+(type\s+)?(.+?)\s+from\s+'([^']+)';\s*$/;
const MODULES: Record<string, string> = { infersim: './infersim.js', 'infersim/node': './infersim-node.js' };

/** The runnable examples of a markdown text. Throws on a marker without a ts block after it. */
export function extractExamples(markdown: string, file: string): DocExample[] {
  const lines = markdown.split('\n');
  const out: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = RUN.exec(lines[i]);
    if (!m) continue;
    if (lines[i + 1]?.trim() !== '```ts') throw new Error(`${file}:${i + 1}: <!-- run --> must be followed by a \`\`\`ts block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${file}:${i + 2}: unclosed \`\`\`ts block`);
    const block = lines.slice(i + 2, end);
    const imports: string[] = [];
    let k = 0;
    for (; k < block.length && (IMPORT.test(block[k]) || block[k].trim() === ''); k++) if (block[k].trim()) imports.push(block[k]);
    const body = block.slice(k);
    if (m[1]) {
      const prev = out.at(-1);
      if (!prev) throw new Error(`${file}:${i + 1}: "run: continued" with no example before it`);
      prev.imports.push(...imports);
      prev.body.push('', ...body);
    } else {
      out.push({ line: i + 3, imports, body });
    }
    i = end;
  }
  return out;
}

/** Merges import lines by module (types as `type X` specifiers); the same name from two modules is an error. */
function mergeImports(lines: string[], file: string): string[] {
  const named = new Map<string, Map<string, boolean>>(); // module -> specifier (without `type`) -> type only
  const other = new Set<string>();
  const origin = new Map<string, string>();
  for (const line of lines) {
    const [, typeOnly, what, from] = IMPORT.exec(line)!;
    const module = MODULES[from] ?? from;
    const braces = /^\{(.*)\}$/.exec(what.trim());
    if (!braces) {
      other.add(`import ${typeOnly ?? ''}${what} from '${module}';`);
      continue;
    }
    const specs = named.get(module) ?? new Map<string, boolean>();
    for (const raw of braces[1].split(',').map((x) => x.trim()).filter(Boolean)) {
      const isType = Boolean(typeOnly) || raw.startsWith('type ');
      const spec = raw.replace(/^type\s+/, '');
      const local = spec.split(/\s+as\s+/).at(-1)!;
      const seen = origin.get(local);
      if (seen && seen !== module) throw new Error(`${file}: "${local}" is imported from both ${seen} and ${module}`);
      origin.set(local, module);
      // A name imported as a value anywhere is a value import (it serves as a type too).
      specs.set(spec, (specs.get(spec) ?? true) && isType);
    }
    named.set(module, specs);
  }
  const out = [...other];
  for (const [module, specs] of named) {
    const list = [...specs].sort(([a], [b]) => a.localeCompare(b)).map(([spec, isType]) => (isType ? `type ${spec}` : spec));
    out.push(`import { ${list.join(', ')} } from '${module}';`);
  }
  return out.sort();
}

/** The generated module of a guide: merged imports, one async function per example, and a list. */
export function examplesModule(markdown: string, file: string): string {
  const examples = extractExamples(markdown, file);
  const head = [
    `// Generated from ${file} by test/report/docs-examples.test.ts; do not edit.`,
    '// After changing the guide: UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts',
    '/* eslint-disable */',
    ...mergeImports(examples.flatMap((e) => e.imports), file),
    '',
  ];
  const fns = examples.map((e, i) =>
    [`/** ${file}, the example at line ${e.line}. */`, `export async function example${i + 1}(): Promise<void> {`, ...e.body.map((l) => (l ? `  ${l}` : '')), '}', ''].join('\n'),
  );
  const list = `/** Every example of ${file}, in order, with the line it starts at. */\nexport const examples: [number, () => Promise<void>][] = [${examples.map((e, i) => `[${e.line}, example${i + 1}]`).join(', ')}];\n`;
  return [...head, ...fns, list].join('\n');
}
