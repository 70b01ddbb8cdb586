/**
 * The Store kept in the files of one data directory: the lowdb document (settings + state
 * per profile, written atomically by steno and coalesced), the JSONL logs (the truth) and
 * the imported theme packs in `themes/`.
 */
import { algorithmFor } from '../../shared/algorithms.js';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { describeIssues, type SettingsResetItem } from '../../shared/api.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { consoleLogger, errorText, type Logger } from '../logger.js';
import { dataFiles, profileIdSchema } from './data-dir.js';
import { PROFILE_ID } from './profile-id.js';
import { documentSchema, emptyDocument, newProfileRecord, salvageDocument, stateFromLog, type MantraDocument, type ProfileRecord, type Salvaged } from './document.js';
import { EncounterLogs } from './encounter-log-file.js';
import { writeFileAtomically } from './atomic-file.js';
import type { StatsEntry } from '../../shared/stats.js';
import type { CacheShelf, LogSlice, Store, StoredThemePack, StoreNote, ThemePackShelf, StatsSlice } from './store.js';

export interface StoreOptions {
  readonly dataDir: string;
  /** A burst of changes within this many ms gives one write (seed: 5 s; here 500 ms). */
  readonly writeDelayMs?: number;
  readonly logger?: Logger;
}

export const DEFAULT_WRITE_DELAY_MS = 500;

function parseDocument(text: string): MantraDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${errorText(e)})`);
  }
  const r = documentSchema.safeParse(json);
  if (!r.success) throw new Error(describeIssues(r.error.issues));
  return r.data;
}

/** Theme packs as files in one directory. */
export function themePackDirectory(dir: string): ThemePackShelf {
  return {
    list: (): StoredThemePack[] => {
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((file) => {
          const where = join(dir, file);
          return { file, where, read: () => readFileSync(where, 'utf8') };
        });
    },
    write: (file, text) => {
      mkdirSync(dir, { recursive: true });
      writeFileAtomically(join(dir, file), text);
    },
  };
}

const CACHE_FILE = new RegExp(`^(${PROFILE_ID.source.slice(1, -1)})\\.([a-z]+)\\.json$`);

/** The profile and cache name of a file in a cache directory, or null for any other file. */
export function cacheFileOf(file: string): { profileId: string; name: string } | null {
  const m = CACHE_FILE.exec(file);
  return m?.[1] && m[2] ? { profileId: m[1], name: m[2] } : null;
}

/** Caches as files `<dir>/<profile>.<name>.json`; a failed write only costs a re-read later. */
export function cacheDirectory(dir: string, logger: Logger): CacheShelf {
  const file = (profileId: string, name: string) => join(dir, `${profileIdSchema.parse(profileId)}.${name}.json`);
  return {
    get: (profileId, name) => {
      try {
        return readFileSync(file(profileId, name), 'utf8');
      } catch {
        return null;
      }
    },
    set: (profileId, name, text) => {
      try {
        if (text === null) rmSync(file(profileId, name), { force: true });
        else {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          writeFileAtomically(file(profileId, name), text);
        }
      } catch (e) {
        logger.warn(`could not keep the ${name} cache of "${profileId}": ${errorText(e)}`);
      }
    },
  };
}

/** A lost setting in English, for the log: "desktop: quietHours". */
function resetEnglish(r: SettingsResetItem): string {
  if (r.what === 'setting') return `${r.profile}: ${r.key}`;
  if (r.what === 'badProfile') return `profile "${r.profile}" (not a valid profile id)`;
  return r.what === 'noProfiles' ? 'every profile (no profiles found)' : 'all settings (the file could not be read)';
}

export class FileStore implements Store {
  readonly files: ReturnType<typeof dataFiles>;
  /** What opening had to reset, for the user (the window shows it). */
  readonly notes: StoreNote[] = [];
  readonly themePacks: ThemePackShelf;
  readonly caches: CacheShelf;
  private readonly logger: Logger;
  private readonly writeDelayMs: number;
  private readonly logs: EncounterLogs;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private writes = 0;

  private constructor(
    readonly dataDir: string,
    private readonly low: Low<MantraDocument>,
    options: StoreOptions,
  ) {
    this.files = dataFiles(dataDir);
    this.themePacks = themePackDirectory(this.files.themes);
    this.logger = options.logger ?? consoleLogger;
    this.caches = cacheDirectory(this.files.cache, this.logger);
    this.logs = new EncounterLogs((id) => this.files.log(id), this.logger);
    this.writeDelayMs = options.writeDelayMs ?? DEFAULT_WRITE_DELAY_MS;
  }

  /** Opens (creating) a data directory. A corrupt document is moved aside and rebuilt from the logs. */
  static async open(options: StoreOptions): Promise<FileStore> {
    const files = dataFiles(options.dataDir);
    mkdirSync(files.logs, { recursive: true, mode: 0o700 });
    const low = new Low<MantraDocument>(new DataFile<MantraDocument>(files.document, { parse: parseDocument, stringify: (d) => JSON.stringify(d, null, 2) }), emptyDocument());
    const store = new FileStore(options.dataDir, low, options);
    try {
      await low.read();
    } catch (e) {
      // Keep whatever still parses; only the fields that do not go back to their defaults.
      let salvaged: Salvaged = { document: emptyDocument(), resets: [{ what: 'unreadable' }] };
      try {
        salvaged = salvageDocument(JSON.parse(readFileSync(files.document, 'utf8')));
      } catch {
        // Not JSON at all, or not readable: nothing to salvage.
      }
      const aside = `${files.document}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(files.document, aside);
      } catch (moveError) {
        store.logger.warn(`could not move ${files.document} aside: ${errorText(moveError)}`);
      }
      const what = salvaged.resets.length > 0 ? `back to their defaults: ${salvaged.resets.map(resetEnglish).join(', ')}` : 'no setting was lost';
      const note = `${files.document} could not be read completely (${errorText(e)}); moved it to ${aside} and rebuilt state from the logs; ${what}.`;
      store.logger.warn(note);
      store.notes.push({ text: note, settingsReset: { file: files.document, aside, error: errorText(e), resets: salvaged.resets } });
      low.data = salvaged.document;
      for (const id of store.profileIds()) {
        const record = low.data.profiles[id];
        if (record) low.data.profiles[id] = { ...record, state: stateFromLog(store.readLog(id), algorithmFor(record.settings.learner).learner), learnedBy: record.settings.learner };
      }
      store.schedule();
    }
    store.adoptOrphanLogs();
    return store;
  }

  /** Profiles whose log exists but whose state is missing get their state back from the log. */
  private adoptOrphanLogs(): void {
    let adopted = false;
    for (const id of this.loggedProfileIds()) {
      if (this.low.data.profiles[id]) continue;
      this.low.data.profiles[id] = { ...newProfileRecord(undefined, stateFromLog(this.readLog(id))), learnedBy: 'default' };
      this.logger.warn(`profile "${id}": state rebuilt from ${this.files.log(id)}`);
      adopted = true;
    }
    if (adopted) this.schedule();
  }

  /** Profile ids that have a log file. */
  loggedProfileIds(): string[] {
    if (!existsSync(this.files.logs)) return [];
    const ids = readdirSync(this.files.logs)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .filter((id) => profileIdSchema.safeParse(id).success);
    this.logs.listedAs(ids);
    return ids;
  }

  profileIds(): string[] {
    return Object.keys(this.low.data.profiles);
  }

  get(profileId: string): ProfileRecord | undefined {
    return this.low.data.profiles[profileId];
  }

  /** Records a profile's new settings/state; the document is written once the burst is over. */
  put(profileId: string, record: ProfileRecord): void {
    this.low.data.profiles[profileIdSchema.parse(profileId)] = record;
    this.schedule();
  }

  appendLog(profileId: string, entries: readonly LogEntry[]): number {
    return this.logs.append(profileId, entries);
  }

  /** The profile's whole log; skipped lines are reported as warnings. */
  readLog(profileId: string): LogEntry[] {
    return this.logs.read(profileId);
  }

  readLogTail(profileId: string, limit: number): LogEntry[] {
    return this.logs.readTail(profileId, limit);
  }

  readLogFrom(profileId: string, from: number): LogSlice {
    return this.logs.readFrom(profileId, from);
  }

  readStatsFrom(profileId: string, from: number, add: (entry: StatsEntry) => void): StatsSlice {
    return this.logs.readStatsFrom(profileId, from, add);
  }

  logBytes(profileId: string): number {
    return this.logs.bytes(profileId);
  }

  /** How many times the document was written since opening (coalescing makes this small). */
  get writeCount(): number {
    return this.writes;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => void this.writeNow().catch((e: unknown) => this.logger.error(`saving ${this.files.document} failed: ${errorText(e)}`)), this.writeDelayMs);
    this.timer.unref?.();
  }

  private writeNow(): Promise<void> {
    this.timer = null;
    this.writes++;
    // steno creates the file with the process umask; settings and state are the user's alone.
    this.writing = this.writing
      .catch(() => undefined)
      .then(() => this.low.write())
      .then(() => chmodSync(this.files.document, 0o600));
    return this.writing;
  }

  /** Writes a pending change now and waits for every write to land (call on quit). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      await this.writeNow();
    }
    await this.writing;
  }

  /** Replaces the in-memory document with what is on disk (after an import swapped the files). */
  async reload(): Promise<void> {
    await this.flush();
    this.logs.reset();
    await this.low.read();
    this.adoptOrphanLogs();
  }
}

export const openFileStore = (options: StoreOptions): Promise<FileStore> => FileStore.open(options);
