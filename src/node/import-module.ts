import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** Extensions Node 20 cannot import by itself (no type stripping before Node 22.6). */
const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/i;

/**
 * A module given on the command line or in `preload` as a URL: URLs (`file:`, `data:`, ...) stay as
 * they are; anything else is a path relative to the working directory (Windows drive letters too).
 */
export function moduleUrl(spec: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec) ? spec : pathToFileURL(resolve(spec)).href;
}

/**
 * Imports a user module, TypeScript included: `.ts`/`.mts`/`.cts` files go through tsx's
 * `tsImport` (a dependency of infersim; Node 20 has no type stripping), everything else through
 * `import()`. The sweep's main thread and every worker thread load preloads through this one
 * function, so a policy file behaves the same in both.
 */
export async function importModule(url: string): Promise<unknown> {
  if (!TYPESCRIPT.test(url.split('?')[0])) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
}
