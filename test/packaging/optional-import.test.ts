import { describe, expect, it } from 'vitest';
import { importOptional, MissingOptionalDependencyError } from '../../src/util/optional-import.js';

describe('importOptional', () => {
  it('names the package to install when the import finds no such package', async () => {
    // The error Node gives for `import('vega-lite')` when it is not installed.
    const load = () => import('vega-lite-not-installed-here' as string);
    const notFound = await load().catch((e: unknown) => e as Error);
    const err = await importOptional('vega-lite', 'Rendering a plot to SVG', () => Promise.reject(Object.assign(new Error(notFound.message.replace('vega-lite-not-installed-here', 'vega-lite')), { code: 'ERR_MODULE_NOT_FOUND' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingOptionalDependencyError);
    expect((err as Error).message).toBe('Rendering a plot to SVG needs the optional package vega-lite, which is not installed: npm install vega-lite@6.4.3');
  });

  it('passes other errors through unchanged, and values when the package is there', async () => {
    const boom = new Error('vega-lite exploded');
    await expect(importOptional('vega-lite', 'x', () => Promise.reject(boom))).rejects.toBe(boom);
    const other = Object.assign(new Error("Cannot find package 'zod'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importOptional('vega', 'x', () => Promise.reject(other))).rejects.toBe(other);
    await expect(importOptional('vega', 'x', async () => 42)).resolves.toBe(42);
  });
});

describe('OPTIONAL_PACKAGES', () => {
  it('names the versions package.json tests with, each an optional peer dependency (or an optional dependency)', async () => {
    const { OPTIONAL_PACKAGES } = await import('../../src/util/optional-import.js');
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
    for (const [name, version] of Object.entries(OPTIONAL_PACKAGES)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      // resvg (a prebuilt binary, small) is installed unless --omit=optional; the others are peers.
      if (pkg.optionalDependencies[name] !== undefined) {
        expect(pkg.optionalDependencies[name]).toBe(version);
        continue;
      }
      expect(pkg.devDependencies[name]).toBe(version);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });
});
