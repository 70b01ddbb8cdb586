/** A whole file written or not at all: a temporary file beside it, then one rename. The one writer of every file Mantra keeps. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file; 0600 (owner only) unless said otherwise. */
  readonly mode?: number;
  /** Create the parent folder (0700) when it is missing. */
  readonly mkdir?: boolean;
}

export function writeFileAtomically(path: string, data: string | Uint8Array, { mode = 0o600, mkdir = false }: AtomicWriteOptions = {}): void {
  if (mkdir) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, data, { mode });
    renameSync(temporary, path);
  } catch (e) {
    // A half-written temporary file is never left behind to be mistaken for data.
    rmSync(temporary, { force: true });
    throw e;
  }
}
