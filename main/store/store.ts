/**
 * What the engine needs from storage, and nothing else: profile records (settings, state,
 * seed), the append-only encounter log (the truth) and the imported theme packs.
 * FileStore (file-store.ts) keeps them in a data directory; MemoryStore (memory-store.ts)
 * keeps them in memory for tests and the component tests' real engine.
 * This module imports no node: module, so the memory path runs in a browser-like test too.
 */
import type { SettingsReset } from '../../shared/api.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import type { StatsEntry } from '../../shared/stats.js';
import type { ProfileRecord } from './document.js';

/** A banner opening the store left for the user. */
export interface StoreNote {
  readonly text: string;
  readonly settingsReset: SettingsReset;
}

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
  /**
   * Appends facts synchronously: they are kept before the state is saved or a channel hears of them.
   * Returns the log's length in bytes after it where the store has logBytes, else undefined.
   */
  appendLog(profileId: string, entries: readonly LogEntry[]): number | undefined;
  /** The profile's whole log, oldest first. */
  readLog(profileId: string): LogEntry[];
  /** The last `limit` entries, oldest first, reading only as far back as they reach. */
  readLogTail(profileId: string, limit: number): LogEntry[];
  /** The entries from position `from` on, reading (and checking) only those: what a cache that has seen the rest needs. */
  readLogFrom(profileId: string, from: number): LogSlice;
  /** The log's length in bytes (0: none yet), without reading it; absent: this store cannot tell (a start reads the log instead). */
  logBytes?(profileId: string): number;
  /** True while every saved record's log mark is known to match its log (closed cleanly last time, nothing appended since). */
  readonly marksHold?: boolean;
  /** readLogFrom for stats: only the entries and fields stats read, checked for those (statsEntrySchema), each handed to `add` as it is read (none kept); absent: stats use readLogFrom. */
  readStatsFrom?(profileId: string, from: number, add: (entry: StatsEntry) => void): StatsSlice;
  /** Data derived from a profile's log (e.g. the stats index), kept to save a re-read; null: this store keeps none. */
  readonly caches: CacheShelf | null;
  /** Runs `fn` so that its many puts are written together (one transaction); absent: each put is written as it comes. */
  batch?<T>(fn: () => T): T;
  /** Writes pending changes and waits for every write to land (call on quit). */
  flush(): Promise<void>;
  /** Re-reads what is kept (after an import swapped the files). */
  reload(): Promise<void>;
  /** What opening the store had to reset or repair (English `text` for logs, the parts for the window); shown by the window. */
  readonly notes?: readonly StoreNote[];
  /** The imported theme packs, in file-name order; null: this store cannot keep packs. */
  readonly themePacks: ThemePackShelf | null;
}

/**
 * Part of a log. A position is one stored entry slot (a line of a log file, a torn one
 * included), so positions stay put while entries are appended.
 */
export interface LogSlice {
  readonly entries: LogEntry[];
  /** Positions in the whole log. */
  readonly end: number;
  /** The stored text of position from - 1 and of the last position (null: none): a cache checks it still reads the same log. */
  readonly before: string | null;
  readonly last: string | null;
  /** The log's length in bytes as read, where the store has logBytes: a mark takes it without a stat(). */
  readonly bytes?: number;
}

/** What a stats read reports: a LogSlice's positions, and how many entries it handed on. */
export interface StatsSlice extends Omit<LogSlice, 'entries'> {
  readonly count: number;
}

/** Derived data by profile and name; may be lost at any time (it is rebuilt from the log). */
export interface CacheShelf {
  get(profileId: string, name: string): string | null;
  set(profileId: string, name: string, text: string | null): void;
}

/** Where imported theme packs are kept, by file name ("deep-work.json"). */
export interface ThemePackShelf {
  list(): StoredThemePack[];
  /** Keeps (or replaces) a pack, whole or not at all. */
  write(file: string, text: string): void;
}
