/**
 * A Store that keeps everything in memory: for tests, and for the window's component
 * tests, which run the real engine in jsdom. Records and log entries are copied in and
 * out, as a file store's would be, so nobody shares objects with the engine by accident.
 */
import type { LogEntry } from '../../shared/encounter-log.js';
import type { ProfileRecord } from './document.js';
import { profileIdSchema } from './profile-id.js';
import type { CacheShelf, LogSlice, Store, StoredThemePack, ThemePackShelf } from './store.js';

export interface MemoryStoreSeed {
  readonly profiles?: Readonly<Record<string, ProfileRecord>>;
  readonly logs?: Readonly<Record<string, readonly LogEntry[]>>;
  /** Imported theme packs by file name ("deep-work.json") -> JSON text. */
  readonly themePacks?: Readonly<Record<string, string>>;
}

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements Store {
  private readonly records = new Map<string, ProfileRecord>();
  private readonly logs = new Map<string, LogEntry[]>();
  private readonly packs = new Map<string, string>();
  /** How many times `put` was called: the tests' view of "a save happened". */
  puts = 0;
  readonly themePacks: ThemePackShelf;
  private readonly cacheTexts = new Map<string, string>();
  readonly caches: CacheShelf = {
    get: (profileId, name) => this.cacheTexts.get(`${profileId}/${name}`) ?? null,
    set: (profileId, name, text) => void (text === null ? this.cacheTexts.delete(`${profileId}/${name}`) : this.cacheTexts.set(`${profileId}/${name}`, text)),
  };

  constructor(seed: MemoryStoreSeed = {}) {
    for (const [id, record] of Object.entries(seed.profiles ?? {})) this.records.set(profileIdSchema.parse(id), copy(record));
    for (const [id, entries] of Object.entries(seed.logs ?? {})) this.logs.set(profileIdSchema.parse(id), copy([...entries]));
    for (const [file, text] of Object.entries(seed.themePacks ?? {})) this.packs.set(file, text);
    this.themePacks = {
      list: (): StoredThemePack[] => [...this.packs.keys()].sort().map((file) => ({ file, where: `memory:${file}`, read: () => this.packs.get(file) ?? '' })),
      write: (file, text) => void this.packs.set(file, text),
    };
  }

  profileIds(): string[] {
    return [...this.records.keys()];
  }

  get(profileId: string): ProfileRecord | undefined {
    const r = this.records.get(profileId);
    return r === undefined ? undefined : copy(r);
  }

  put(profileId: string, record: ProfileRecord): void {
    this.records.set(profileIdSchema.parse(profileId), copy(record));
    this.puts++;
  }

  appendLog(profileId: string, entries: readonly LogEntry[]): undefined {
    const id = profileIdSchema.parse(profileId);
    this.logs.set(id, [...(this.logs.get(id) ?? []), ...copy([...entries])]);
    return undefined;
  }

  readLog(profileId: string): LogEntry[] {
    return copy(this.logs.get(profileId) ?? []);
  }

  readLogTail(profileId: string, limit: number): LogEntry[] {
    return limit <= 0 ? [] : copy((this.logs.get(profileId) ?? []).slice(-limit));
  }

  readLogFrom(profileId: string, from: number): LogSlice {
    const log = this.logs.get(profileId) ?? [];
    const text = (i: number): string | null => (i >= 0 && i < log.length ? JSON.stringify(log[i]) : null);
    return { entries: copy(log.slice(from)), end: log.length, before: from > 0 ? text(from - 1) : null, last: text(log.length - 1) };
  }

  async flush(): Promise<void> {}

  async reload(): Promise<void> {}
}
