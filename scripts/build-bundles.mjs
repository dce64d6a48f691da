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
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Dependencies left to node_modules, except `inline` ones (small, ESM-only or many-moduled). */
function external(inline) {
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].filter((n) => !inline.includes(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', plugins: [importMetaUrl] };

// ESM. zod (~95 modules) and d3-array are ESM and safe to inline; CJS dependencies stay external
// (inlined into ESM they would need a `require` the bundle does not have), except seedrandom: every
// simulation needs it, and importing a CJS package from ESM costs a start-up of Node's CJS loader
// and a scan of its 8 files for exports. Its one `require` (node:crypto, for seeding from entropy,
// which infersim never does) sits in a try/catch that falls back to Web Crypto.
const esm = join(dist, 'esm');
rmSync(esm, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { index: join(root, 'src/index.ts'), node: join(root, 'src/node/index.ts'), cli: join(root, 'src/cli/main.ts') },
  outdir: esm,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: external(['zod', 'd3-array', 'seedrandom']),
  banner: { js: "const __infersimTwinUrl = (file) => new URL(`../${file}`, import.meta.url).href;" },
});
// Chunks live one level deeper: give them their own twin helper relative to dist/.
for (const f of readdirSync(join(esm, 'chunks')).filter((f) => f.endsWith('.js'))) {
  const file = join(esm, 'chunks', f);
  writeFileSync(file, readFileSync(file, 'utf8').replace('new URL(`../${file}`, import.meta.url)', 'new URL(`../../${file}`, import.meta.url)'));
}

// CommonJS. ESM-only d3-array is inlined: it would not load through require() on Node < 20.19.
// zod is inlined too, as in the ESM bundle: require('zod') would load its whole CJS build (~95
// modules, every locale) where the bundle keeps only the parts infersim calls. seedrandom likewise
// (one file instead of eight to resolve and read).
const cjs = join(dist, 'cjs');
rmSync(cjs, { recursive: true, force: true });
mkdirSync(cjs, { recursive: true });
await build({
  ...common,
  entryPoints: { index: join(root, 'src/index.ts'), node: join(root, 'src/node/index.ts') },
  outdir: cjs,
  format: 'cjs',
  external: external(['zod', 'd3-array', 'seedrandom']),
  banner: { js: "const __infersimTwinUrl = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', file)).href;" },
});
writeFileSync(join(cjs, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
for (const sub of readdirSync(dist)) {
  if (['cjs', 'esm', 'cli'].includes(sub)) continue;
  cpSync(join(dist, sub), join(cjs, sub), { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.d.ts') });
}
chmodSync(join(esm, 'cli.js'), 0o755);
