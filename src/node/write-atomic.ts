import { renameSync, writeFileSync } from 'node:fs';

/** Writes `data` to `path` via a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
