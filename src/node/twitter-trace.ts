import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseRateCsv } from '../workload/csv.js';

/** Where the package keeps the full Twitter trace (gzip, one `raw_rps` value per line). */
export const twitterTracePath = fileURLToPath(new URL('../../workloads/twitter-2021-08-full-raw-rps.csv.gz', import.meta.url));

/**
 * The full, undamped Twitter trace of August 2021 that IPA's workloads are cut from: 1,899,061
 * per-second counts (~22 days). Divide by 8 (`dampTrace`) for IPA's scale.
 */
export function loadTwitterTrace(path = twitterTracePath): number[] {
  return parseRateCsv(gunzipSync(readFileSync(path)).toString('utf8'), { column: 'raw_rps', source: path });
}
