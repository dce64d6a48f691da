import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { examplesModule, extractExamples } from './docs-examples/extract.js';

const root = join(import.meta.dirname, '..', '..');

/** The guides whose ```ts blocks marked <!-- run --> are type-checked (npm run typecheck) and run here. */
const GUIDES = ['getting-started', 'writing-a-policy', 'reproducing-ipa', 'plots-and-reports'];

const generatedPath = (guide: string) => join(import.meta.dirname, 'docs-examples', `${guide}.generated.ts`);

describe('docs examples', () => {
  it('extractExamples(markdown) takes marked ts blocks, hoists imports, joins continued ones', () => {
    const md = ['<!-- run -->', '```ts', "import { a } from 'infersim';", 'const x = a();', '```', 'text', '```ts', 'not run', '```', '<!-- run: continued -->', '```ts', "import type { B } from 'infersim';", 'console.log(x);', '```'].join('\n');
    const [e] = extractExamples(md, 'x.md');
    expect(e).toEqual({ line: 3, imports: ["import { a } from 'infersim';", "import type { B } from 'infersim';"], body: ['const x = a();', '', 'console.log(x);'] });
    expect(examplesModule(md, 'x.md')).toContain("import { a, type B } from './infersim.js';");
    expect(() => extractExamples('<!-- run -->\ntext', 'y.md')).toThrow(/y\.md:1/);
  });

  for (const guide of GUIDES) {
    describe(`docs/${guide}.md`, () => {
      const file = `docs/${guide}.md`;
      const markdown = readFileSync(join(root, file), 'utf8');
      const expected = examplesModule(markdown, file);

      it('has runnable examples, and its generated module is up to date', () => {
        expect(extractExamples(markdown, file).length).toBeGreaterThan(0);
        const path = generatedPath(guide);
        const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
        if (current !== expected && process.env.UPDATE_DOCS_EXAMPLES) writeFileSync(path, expected);
        else expect(current, `${path} is stale: run UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts`).toBe(expected);
      });

      describe('examples run', () => {
        let logs: string[] = [];
        beforeEach(() => {
          logs = [];
          // The examples print; keep the test output quiet but let a failing test show what they said.
          vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
        });
        afterEach(() => vi.restoreAllMocks());

        const count = extractExamples(markdown, file).length;
        for (let i = 0; i < count; i++) {
          it(`example ${i + 1}`, async () => {
            const mod = (await import(pathToFileURL(generatedPath(guide)).href)) as { examples: [number, () => Promise<void>][] };
            const [line, run] = mod.examples[i];
            await expect(run().catch((err: Error) => Promise.reject(new Error(`${file}:${line}: ${err.message}\n${logs.join('\n')}`)))).resolves.toBeUndefined();
            expect(logs.length, `${file}:${line} printed nothing`).toBeGreaterThan(0);
          });
        }
      });
    });
  }
});
