// Bundles of infersim, built after `tsc -p tsconfig.build.json` (npm run build does both):
//
// - dist/esm/: ESM bundles of `infersim`, `infersim/node` and the CLI, sharing chunks (one copy of
//   the core in a process). One file to load instead of ~250 modules makes `import 'infersim'` and
//   `infersim --version` start in a fraction of the time (bench/README.md, "Start-up").
// - dist/cjs/: CommonJS bundles of `infersim` and `infersim/node` for `require()` (tslab notebooks,
//   Jest, older tools), next to a copy of the tsc declarations (dist/cjs/package.json says
//   "commonjs", so TypeScript reads them as CJS types).
//
// The per-file tsc output in dist/ stays: it carries the declarations and the worker-thread and
// child-process entries (sweep worker, rollout worker, profiler runner).
//
// `import.meta.url` in a bundle would be the bundle's URL; each source file's use of it becomes the
// URL of that file's twin in dist/ (so `new URL('./worker.js', import.meta.url)` still finds the
// sweep worker and `../../package.json` the package), in both formats.
//
// What the bundles do so that `import 'infersim'` parses and runs less (bench/README.md, "Start-up";
// V8's parse of the ~0.9 MB the index links was most of its cost):
// - whitespace and comments are minified away; names are kept, so stack traces still name the
//   functions (and the source maps in dist/ map positions back to src/);
// - the generated data modules (`*.generated.ts`: IPA's profiles, workloads, carbon traces, the
//   LSTM's weights) become JSON text parsed on first use of each entry, instead of object literals
//   parsed at import (the values are the same: the build checks each survives JSON exactly).
import { build, transform } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Rewrites `import.meta.url` to `twinUrl("<path of the file's twin under dist/>")`. */
const importMetaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const twin = relative(join(root, 'src'), args.path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
      return { contents: text.replaceAll('import.meta.url', `__infersimTwinUrl(${JSON.stringify(twin)})`), loader: 'ts' };
    });
  },
};

/**
 * Turns each `export const NAME = <object literal>` of a generated data module into an object of the
 * same keys whose values are JSON text, parsed on the first read of each key (then a plain data
 * property). Scanning a string costs V8 a fraction of parsing the literal it holds, and most runs
 * read one pipeline and one workload of the bundled ones.
 */
const lazyGeneratedData = {
  name: 'lazy-generated-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.generated\.ts$/ }, async (args) => {
      // The generated modules import types only, so their JavaScript has no imports to resolve.
      const js = (await transform(readFileSync(args.path, 'utf8'), { loader: 'ts', format: 'esm' })).code;
      if (/^\s*import\s/m.test(js)) throw new Error(`${args.path}: a generated data module must not import values`);
      const values = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
      let code = `import { lazyJsonEntries } from ${JSON.stringify(join(root, 'src/util/lazy-json.ts'))};\n`;
      for (const [name, value] of Object.entries(values)) {
        const exact = value !== null && typeof value === 'object' && !Array.isArray(value) && isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
        if (!exact) throw new Error(`${args.path}: export ${name} is not an object whose values survive JSON exactly`);
        const texts = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, JSON.stringify(v)]));
        code += `export const ${name} = /* @__PURE__ */ lazyJsonEntries(${JSON.stringify(texts)});\n`;
      }
      return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Dependencies left to node_modules, except `inline` ones (small, ESM-only or many-moduled). */
function external(inline) {
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].filter((n) => !inline.includes(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

// Dependencies inlined into both bundles (the others stay in node_modules). Each is on the path of
// `import 'infersim'` or `infersim/node`, where loading it from node_modules cost more than its bytes
// (bench/README.md, "Start-up"):
// - zod: its entry re-exports everything (~95 modules, every locale); inlined, esbuild keeps only
//   what infersim calls.
// - d3-array: ESM-only; it would not load through require() on Node < 20.19.
// - seedrandom, jsonc-parser: CommonJS (UMD) packages; importing one from ESM starts Node's CJS
//   loader and scans the package's files for exports. jsonc-parser's ESM build is the one inlined
//   (`mainFields`: module first); of seedrandom only lib/alea.js is imported (src/random/streams.ts).
// Other CJS dependencies stay external: inlined into ESM they would need a `require` the bundle
// lacks, and they load only with the commands or features that use them.
const inline = ['zod', 'd3-array', 'seedrandom', 'jsonc-parser'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  sourcemap: true,
  minifyWhitespace: true,
  logLevel: 'warning',
  plugins: [lazyGeneratedData, importMetaUrl],
  external: external(inline),
};

// ESM.
const esm = join(dist, 'esm');
rmSync(esm, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { index: join(root, 'src/index.ts'), node: join(root, 'src/node/index.ts'), cli: join(root, 'src/cli/main.ts') },
  outdir: esm,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "const __infersimTwinUrl = (file) => new URL(`../${file}`, import.meta.url).href;" },
});
// Chunks live one level deeper: give them their own twin helper relative to dist/.
for (const f of readdirSync(join(esm, 'chunks')).filter((f) => f.endsWith('.js'))) {
  const file = join(esm, 'chunks', f);
  writeFileSync(file, readFileSync(file, 'utf8').replace('new URL(`../${file}`, import.meta.url)', 'new URL(`../../${file}`, import.meta.url)'));
}

// CommonJS.
const cjs = join(dist, 'cjs');
rmSync(cjs, { recursive: true, force: true });
mkdirSync(cjs, { recursive: true });
await build({
  ...common,
  entryPoints: { index: join(root, 'src/index.ts'), node: join(root, 'src/node/index.ts') },
  outdir: cjs,
  format: 'cjs',
  banner: { js: "const __infersimTwinUrl = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', file)).href;" },
});
writeFileSync(join(cjs, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
for (const sub of readdirSync(dist)) {
  if (['cjs', 'esm', 'cli'].includes(sub)) continue;
  cpSync(join(dist, sub), join(cjs, sub), { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.d.ts') });
}
chmodSync(join(esm, 'cli.js'), 0o755);
