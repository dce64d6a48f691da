import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (its built dist/ is what gets packed). */
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An empty project with the packed infersim installed. */
export interface Installed {
  dir: string;
  tarball: string;
  /** What npm printed. */
  installLog: string;
  /** node_modules on disk, MiB (du -sk), before any optional package is added. */
  footprintMiB: number;
  /** Top-level packages in node_modules after the install. */
  installedBefore: string[];
  cleanup(): void;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs the repository as it is built (`npm pack --ignore-scripts`: dist/ must be current, as
 * `npm ci` or `npm run build` leave it) and installs the tarball into a new empty ESM project from
 * npm's cache (--prefer-offline), without optional dependencies, with --engine-strict so an engine
 * mismatch fails the install.
 */
export function installPacked(): Installed {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-installed-'));
  const packDir = join(dir, '.pack');
  mkdirSync(packDir);
  const file = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: repo, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const tarball = join(packDir, file);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'infersim-consumer', private: true, type: 'module' }));
  // --omit=optional: the footprint without the optional parts (resvg for PNG is an optionalDependency).
  const r = spawnSync(npm, ['install', tarball, '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--engine-strict', '--loglevel=warn'], { cwd: dir, encoding: 'utf8', timeout: 480_000 });
  const installLog = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`npm install of the packed tarball failed (${r.status ?? r.signal}):\n${installLog}`);
  const footprintMiB = Number(execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  const installedBefore = readdirSync(join(dir, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(dir, 'node_modules', n)).map((m) => `${n}/${m}`) : [n]));
  return { dir, tarball, installLog, footprintMiB, installedBefore, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The README's "From a script or notebook" code block, as an ES module. */
export function readmeSnippet(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## From a script or notebook'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error("README.md has no ```ts block under 'From a script or notebook'");
  return m[1];
}
