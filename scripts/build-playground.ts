/**
 * Builds the playground page's script: `docs/playground/src/main.ts` (the core, the plot specs,
 * vega and vega-lite) bundled by esbuild into `docs/playground/app.js`, for the browser.
 *
 * The build is also the proof that the core is browser-safe: any import of a Node built-in (`fs`,
 * `node:path`, ...) from anything the page pulls in fails the build, naming the importing file.
 *
 * `app.js` is a build output, not committed: `npm run docs` builds it with the API reference, and
 * the browser test builds it in memory. Run: `npx tsx scripts/build-playground.ts [--outfile F]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the page's source is and where its bundle goes. */
export const PLAYGROUND_DIR = join(root, 'docs', 'playground');

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Node-only modules the core imports lazily, behind an option a browser user does not choose, and
 * documents as such. Each is replaced in the bundle by a module that throws the given message when
 * loaded, so the page fails clearly if someone picks that option, and the rest stays checked.
 */
export const NODE_ONLY_OPTIONAL: Record<string, string> = {
  // src/policies/solvers/glpk.ts: glpk.js's synchronous build is Node-only; browsers use `dp`.
  'glpk.js/node': 'the "glpk" solver needs Node (glpk.js\'s synchronous build); use solver "dp" in a browser',
};

/** True when the importing package's `browser` field maps `path` to false (e.g. seedrandom's crypto). */
function disabledByBrowserField(importer: string, path: string): boolean {
  for (let dir = dirname(importer); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const browser = (JSON.parse(readFileSync(pkg, 'utf8')) as { browser?: unknown }).browser;
    return typeof browser === 'object' && browser !== null && (browser as Record<string, unknown>)[path] === false;
  }
  return false;
}

/**
 * Fails the build on any Node built-in, so a file-reading import can never creep into the core.
 * Allowed: a package's own `browser: { "crypto": false }` mapping (it has a browser fallback), and
 * the stubs of {@link NODE_ONLY_OPTIONAL}.
 */
const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (Object.hasOwn(NODE_ONLY_OPTIONAL, args.path)) return { path: args.path, namespace: 'node-only' };
      const bare = args.path.replace(/\/.*$/, '');
      if (!builtins.has(args.path) && !builtins.has(bare) && !args.path.startsWith('node:')) return undefined;
      if (disabledByBrowserField(args.importer, args.path)) return undefined;
      return {
        errors: [
          {
            text: `Node built-in "${args.path}" imported by ${relative(root, args.importer)}: the playground bundle (and the browser-safe core) must not use Node built-ins`,
          },
        ],
      };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`infersim playground: ${NODE_ONLY_OPTIONAL[args.path]}`)});`,
      loader: 'js',
    }));
  },
};

/** What {@link buildPlayground} produced. */
export interface PlaygroundBuild {
  /** The bundle's text (also written to `outfile` unless `write` is false). */
  code: string;
  /** Files that went into the bundle, relative to the repository. */
  inputs: string[];
}

/**
 * Bundles the playground. With `write: false` (the tests) nothing is written and the code is
 * returned. Throws on any esbuild error, a Node built-in included. `entry` replaces the page's
 * script (for tests of the check itself).
 */
export async function buildPlayground(options: { outfile?: string; write?: boolean; minify?: boolean; entry?: string } = {}): Promise<PlaygroundBuild> {
  const outfile = options.outfile ?? join(PLAYGROUND_DIR, 'app.js');
  const result = await build({
    entryPoints: [options.entry ?? join(PLAYGROUND_DIR, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    legalComments: 'none',
    outfile,
    write: options.write ?? true,
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles?.[0]?.text ?? '';
  return { code, inputs: Object.keys(result.metafile.inputs) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--outfile');
  const outfile = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  try {
    const { inputs } = await buildPlayground({ outfile });
    const out = outfile ?? join(PLAYGROUND_DIR, 'app.js');
    const { size } = await import('node:fs').then((fs) => fs.statSync(out));
    console.log(`${relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KiB from ${inputs.length} files, no Node built-ins`);
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    if (errors) for (const e of errors) console.error(`error: ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
    else console.error(err);
    process.exit(1);
  }
}
