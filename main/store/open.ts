/** Opens whichever store a data directory is kept in: SQLite where `mantra.db` exists (server mode), else the file store. */
import { existsSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { dataFiles } from './data-dir.js';
import { openFileStore, type FileStore } from './file-store.js';
import type { SqliteStore } from './sqlite-store.js';

export type OpenedStore = { readonly kind: 'file'; readonly store: FileStore; close(): Promise<void> } | { readonly kind: 'sqlite'; readonly store: SqliteStore; close(): Promise<void> };

export async function openDataStore(dataDir: string, logger: Logger): Promise<OpenedStore> {
  if (existsSync(dataFiles(dataDir).database)) {
    // Loaded only here: the native driver is needed for server-mode data only.
    const { openSqliteStore } = await import('./sqlite-store.js');
    const store = openSqliteStore({ dataDir, logger });
    return { kind: 'sqlite', store, close: async () => store.close() };
  }
  const store = await openFileStore({ dataDir, logger });
  return { kind: 'file', store, close: () => store.flush() };
}
