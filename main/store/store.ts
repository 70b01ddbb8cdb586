/**
 * What the engine needs from storage, and nothing else: profile records (settings, state,
 * seed), the append-only encounter log (the truth) and the imported theme packs.
 * FileStore (file-store.ts) keeps them in a data directory; MemoryStore (memory-store.ts)
 * keeps them in memory for tests and the component tests' real engine.
 * This module imports no node: module, so the memory path runs in a browser-like test too.
 */
import type { LogEntry } from '../../shared/encounter-log.js';
import type { ProfileRecord } from './document.js';

/** One stored theme pack: its file name, where it is (for warnings), and how to read its JSON text (may throw). */
export interface StoredThemePack {
  readonly file: string;
  readonly where: string;
  read(): string;
}

export interface Store {
  /** Ids of every stored profile. */
  profileIds(): string[];
  get(profileId: string): ProfileRecord | undefined;
  /** Records a profile's new settings/state; a file store writes once a burst is over. */
  put(profileId: string, record: ProfileRecord): void;
  /** Appends facts synchronously: they are kept before the state is saved or a channel hears of them. */
  appendLog(profileId: string, entries: readonly LogEntry[]): void;
  /** The profile's whole log, oldest first. */
  readLog(profileId: string): LogEntry[];
  /** Writes pending changes and waits for every write to land (call on quit). */
  flush(): Promise<void>;
  /** Re-reads what is kept (after an import swapped the files). */
  reload(): Promise<void>;
  /** The imported theme packs, in file-name order; null: this store cannot keep packs. */
  readonly themePacks: ThemePackShelf | null;
}

/** Where imported theme packs are kept, by file name ("deep-work.json"). */
export interface ThemePackShelf {
  list(): StoredThemePack[];
  /** Keeps (or replaces) a pack, whole or not at all. */
  write(file: string, text: string): void;
}
