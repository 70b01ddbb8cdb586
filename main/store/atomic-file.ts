/** A whole file written or not at all: a temporary file beside it, then one rename. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(path: string, text: string, mode = 0o600): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}
