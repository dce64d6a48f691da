/**
 * Compares the shipped cores per replica of the IPA profiles with IPA's own base-allocation walk
 * (`optimizer/models.py Task.base_allocations`, {@link baseAllocationWalk}) on the same fitted
 * numbers, and prints the variants where they differ (docs/reproducing-ipa-results.md, "IPA's
 * base-allocation walk"). Reads `profiles/ipa/raw` (or the directory given); writes nothing.
 *
 *     npx tsx scripts/ipa-base-allocation-walk.ts [inputDir]
 *
 * @module
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProfiles, readInputs, renderWalkTable } from './build-ipa-profiles.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const { walk } = buildProfiles(readInputs(resolve(process.argv[2] ?? join(root, 'profiles', 'ipa', 'raw'))));
process.stdout.write(renderWalkTable(walk));
