import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';

// The built ESM bundle (npm run build; `npm ci` builds it through `prepare`) rewrites the generated
// data modules into lazily parsed JSON and builds sweepSchema on first use (scripts/build-bundles.mjs):
// what it exports must equal the sources'.
const entry = fileURLToPath(new URL('../../dist/esm/index.js', import.meta.url));

describe('the built ESM bundle', () => {
  it('exports the bundled data equal to the sources', async () => {
    const built = (await import(pathToFileURL(entry).href)) as typeof source;
    for (const name of ['bundledPipelines', 'bundledWorkloads', 'bundledCarbonTraces', 'ipaLstmModel'] as const) {
      expect(Object.keys(built[name]), name).toEqual(Object.keys(source[name]));
      // node:util's deep equality: same values, types and prototypes, at a fraction of expect's cost.
      expect(isDeepStrictEqual(built[name], source[name]), `${name} differs from src/ (is dist/ stale? npm run build)`).toBe(true);
    }
    expect(built.bundledPipelineNames).toEqual(source.bundledPipelineNames);
  });

  it('exports a sweepSchema that parses as the source one', async () => {
    const built = (await import(pathToFileURL(entry).href)) as typeof source;
    const spec = { name: 's', base: 'b.json', policies: [{ name: 'static' }], seeds: { from: 1, count: 2 } };
    expect(built.sweepSchema.parse(spec)).toEqual(source.sweepSchema.parse(spec));
    expect(Object.keys(built.sweepSchema.shape)).toEqual(Object.keys(source.sweepSchema.shape));
  });
});
