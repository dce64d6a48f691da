import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Examples import the package by name; in the repository's tests that is the source (as
  // tsconfig.json's paths say for the type checker), not a possibly stale dist/.
  resolve: {
    alias: [
      { find: /^infersim$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^infersim\/node$/, replacement: fileURLToPath(new URL('./src/node/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
