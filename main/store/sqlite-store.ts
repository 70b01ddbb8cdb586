/**
 * The Store for many profiles (`serve --discord`): settings + state in SQLite, one row per
 * profile, so one change writes one row, not the whole document. The JSONL logs (the truth)
 * and theme packs stay files, exactly as with FileStore.
 *
 * Durability: WAL mode with synchronous=FULL, so a `put` is on disk (the WAL fsynced) when
 * it returns; NORMAL would be a little faster but could lose the last commits on power loss,
 * and the state would then lag its log. A burst (the start-up pass over every profile) runs
 * in `batch`: one transaction, one fsync, durable when the batch returns.
 *
 * better-sqlite3 is a native module built for Node (`npm run build:native`); Electron would
 * need its own rebuild, so the desktop app keeps FileStore (docs/scaling.md). A row leaves out
 * settings still at their defaults, so a default changed by a later version applies to them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { describeIssues } from '../../shared/api.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { consoleLogger, errorText, type Logger } from '../logger.js';
import { dataFiles, profileIdSchema } from './data-dir.js';
import { PROFILE_ID } from './profile-id.js';
import { documentSchema, newProfileRecord, type ProfileRecord } from './document.js';
import { EncounterLogs } from './encounter-log-file.js';
import { rebuildProfile } from './rebuild.js';
import { cacheFileOf, themePackDirectory } from './file-store.js';
import { RowReader, rowOf, schemaFingerprint } from './row-format.js';
import type { StatsEntry } from '../../shared/stats.js';
import type { CacheShelf, LogSlice, Store, ThemePackShelf, StatsSlice } from './store.js';

const require = createRequire(import.meta.url);

export interface SqliteStoreOptions {
  readonly dataDir: string;
  readonly logger?: Logger;
}

/** Loads the native module, or says how to build it. */
function loadDriver(): typeof BetterSqlite3 {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    throw new Error(`the SQLite driver (better-sqlite3) is not built for this Node: run "npm run build:native" once (${errorText(e).split('\n')[0]})`);
  }
}

const SCHEMA = `
  -- A rowid table: a row up to ~4 KB stays on its page (WITHOUT ROWID spills rows over ~1 KB to overflow pages, a page each).
  -- sum: the digest of record's text when this app wrote it (row-format.ts); NULL in rows from before it.
  CREATE TABLE IF NOT EXISTS profiles (id TEXT PRIMARY KEY NOT NULL, record TEXT NOT NULL, sum TEXT);
  CREATE TABLE IF NOT EXISTS caches (profile TEXT NOT NULL, name TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (profile, name)) WITHOUT ROWID;
  -- 'closed': the last process closed the store with every row's log mark true to its log (see SqliteStore.close).
  -- 'schema': the fingerprint of the record schema the rows' digests were written under (row-format.ts).
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Opens (creating) the database file with the pragmas the store relies on. */
export function openDatabase(path: string): BetterSqlite3.Database {
  const Database = loadDriver();
  const db = new Database(path);
  // Rows are 1-3 KB: 16 KB pages hold several each (4 KB pages waste most of a page per row). Only a new file takes it.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  // A database from before the digest column: rows without a digest are checked, then written with one.
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('profiles')").all();
  if (!columns.some((c) => c.name === 'sum')) db.exec('ALTER TABLE profiles ADD COLUMN sum TEXT');
  return db;
}

/** Writes records into a database in one transaction (import, migration). */
export function writeRecords(db: BetterSqlite3.Database, records: Iterable<readonly [string, ProfileRecord]>): void {
  const { upsert } = prepare(db);
  db.transaction(() => {
    for (const [id, record] of records) {
      const row = rowOf(record);
      upsert.run(id, row.text, row.sum);
    }
    setMeta(db, 'schema', schemaFingerprint());
  })();
}

function setMeta(db: BetterSqlite3.Database, key: string, value: string): void {
  db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

function getMeta(db: BetterSqlite3.Database, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
}

function prepare(db: BetterSqlite3.Database) {
  return {
    upsert: db.prepare<[string, string, string]>('INSERT INTO profiles (id, record, sum) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record, sum = excluded.sum'),
    getCache: db.prepare<[string, string], { text: string }>('SELECT text FROM caches WHERE profile = ? AND name = ?'),
    setCache: db.prepare<[string, string, string]>('INSERT INTO caches (profile, name, text) VALUES (?, ?, ?) ON CONFLICT (profile, name) DO UPDATE SET text = excluded.text'),
    dropCache: db.prepare<[string, string]>('DELETE FROM caches WHERE profile = ? AND name = ?'),
  };
}

/** The caches table as the store's cache shelf; `statements` is asked at each call, so a reopened database is the one used. */
function tableCaches(statements: () => Pick<ReturnType<typeof prepare>, 'getCache' | 'setCache' | 'dropCache'>): CacheShelf {
  return {
    get: (profileId, name) => statements().getCache.get(profileId, name)?.text ?? null,
    set: (profileId, name, text) => void (text === null ? statements().dropCache.run(profileId, name) : statements().setCache.run(profileIdSchema.parse(profileId), name, text)),
  };
}

/** The cache shelf of a database opened by `openDatabase` (an import fills a new one before it is swapped in). */
export function databaseCaches(db: BetterSqlite3.Database): CacheShelf {
  const statements = prepare(db);
  return tableCaches(() => statements);
}

export class SqliteStore implements Store {
  readonly files: ReturnType<typeof dataFiles>;
  readonly themePacks: ThemePackShelf;
  readonly caches: CacheShelf;
  private readonly logger: Logger;
  private readonly logs: EncounterLogs;
  private readonly records = new Map<string, ProfileRecord>();
  private db: BetterSqlite3.Database;
  private statements: ReturnType<typeof prepare>;
  private writes = 0;
  private batching = false;
  /** Profiles whose log was appended to since their row was last written. */
  private readonly unsaved = new Set<string>();
  /** A row or log write failed since opening: rows may not match their logs. */
  private failedWrite = false;
  private closedCleanly = false;
  private appended = false;

  private constructor(
    readonly dataDir: string,
    options: SqliteStoreOptions,
  ) {
    this.files = dataFiles(dataDir);
    this.logger = options.logger ?? consoleLogger;
    this.logs = new EncounterLogs((id) => this.files.log(id), this.logger);
    this.themePacks = themePackDirectory(this.files.themes);
    this.db = openDatabase(this.files.database);
    this.statements = prepare(this.db);
    this.caches = tableCaches(() => this.statements);
  }

  /** Opens (creating) `mantra.db` in a data directory; a `mantra.json` left by the file store is moved in once. */
  static open(options: SqliteStoreOptions): SqliteStore {
    const files = dataFiles(options.dataDir);
    mkdirSync(files.logs, { recursive: true, mode: 0o700 });
    const store = new SqliteStore(options.dataDir, options);
    store.migrateDocument();
    store.load();
    store.adoptOrphanLogs();
    store.takeClosedFlag();
    return store;
  }

  /**
   * Whether the last process closed cleanly, and from now on: not. The flag is gone (durably)
   * before anything can append, so a process killed at any later point leaves none behind.
   */
  private takeClosedFlag(): void {
    this.closedCleanly = getMeta(this.db, 'closed') !== null;
    if (this.closedCleanly) this.db.prepare("DELETE FROM meta WHERE key = 'closed'").run();
  }

  /** Every row's log mark matches its log (closed cleanly last time, nothing appended since): a start need not stat the logs. */
  get marksHold(): boolean {
    return this.closedCleanly && !this.appended;
  }

  private migrateDocument(): void {
    if (!existsSync(this.files.document)) return;
    const r = documentSchema.safeParse(JSON.parse(readFileSync(this.files.document, 'utf8')));
    if (!r.success) throw new Error(`${this.files.document} cannot be moved into ${this.files.database}: ${describeIssues(r.error.issues)}`);
    writeRecords(this.db, Object.entries(r.data.profiles));
    // The file store's stats indexes come along (each is still checked against its log when read).
    for (const f of existsSync(this.files.cache) ? readdirSync(this.files.cache) : []) {
      const cache = cacheFileOf(f);
      if (cache) this.caches.set(cache.profileId, cache.name, readFileSync(join(this.files.cache, f), 'utf8'));
    }
    const moved = `${this.files.document}.moved-to-sqlite`;
    renameSync(this.files.document, moved);
    this.logger.info(`moved ${Object.keys(r.data.profiles).length} profile(s) from ${this.files.document} into ${this.files.database} (the old file is kept as ${moved})`);
  }

  /**
   * Every row: the app's own (digest matches) only parsed, any other checked; a checked row is
   * written again in today's form, and a row that fails its check is rebuilt from the log
   * (settings back to defaults) with a warning.
   */
  private load(): void {
    const rows = this.db.prepare<[], { id: string; record: string; sum: string | null }>('SELECT id, record, sum FROM profiles').iterate();
    const reader = new RowReader();
    // Digests written under another schema prove nothing today: every row is checked, once.
    const schema = schemaFingerprint();
    const sameSchema = getMeta(this.db, 'schema') === schema;
    const rewrite: [string, ProfileRecord][] = [];
    const rebuild: [string, string][] = [];
    // Row by row (iterate, not all): each row's text dies young instead of 100k of them at once reaching the old heap.
    for (const row of rows) {
      if (!PROFILE_ID.test(row.id)) {
        this.logger.warn(`${this.files.database}: skipped a row with a bad profile id`);
        continue;
      }
      const read = reader.read(row.record, sameSchema ? row.sum : null);
      if (read.ok) {
        this.records.set(row.id, read.record);
        if (read.checked) rewrite.push([row.id, read.record]);
      } else rebuild.push([row.id, read.why]);
    }
    if (rewrite.length === 0 && rebuild.length === 0 && sameSchema) return;
    this.batch(() => {
      for (const [id, record] of rewrite) this.put(id, record);
      setMeta(this.db, 'schema', schema);
      for (const [id, why] of rebuild) {
        this.put(id, newProfileRecord());
        rebuildProfile(this, id);
        this.logger.warn(`profile "${id}": stored record unreadable (${why}); state rebuilt from ${this.files.log(id)}, settings back to their defaults`);
      }
    });
    if (rewrite.length > 0) this.logger.info(`${this.files.database}: ${rewrite.length} row(s) checked and written again in this version's form`);
  }

  private adoptOrphanLogs(): void {
    if (!existsSync(this.files.logs)) return;
    const logged = readdirSync(this.files.logs)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length));
    this.logs.listedAs(logged);
    const orphans = logged.filter((id) => !this.records.has(id) && profileIdSchema.safeParse(id).success);
    this.batch(() => {
      for (const id of orphans) {
        // One read of the log gives the state, its mark (so start replays nothing again) and its stats index.
        this.put(id, newProfileRecord());
        rebuildProfile(this, id);
        this.logger.warn(`profile "${id}": state rebuilt from ${this.files.log(id)}`);
      }
    });
  }

  profileIds(): string[] {
    return [...this.records.keys()];
  }

  get(profileId: string): ProfileRecord | undefined {
    return this.records.get(profileId);
  }

  /** Writes this one row; on disk when it returns (or when the enclosing batch returns). */
  put(profileId: string, record: ProfileRecord): void {
    const id = profileIdSchema.parse(profileId);
    const row = rowOf(record);
    try {
      this.statements.upsert.run(id, row.text, row.sum);
    } catch (e) {
      this.failedWrite = true;
      throw e;
    }
    this.records.set(id, record);
    this.unsaved.delete(id);
    if (!this.batching) this.writes++;
  }

  /** Runs `fn` as one transaction: many puts, one fsync. */
  batch<T>(fn: () => T): T {
    if (this.batching) return fn();
    this.batching = true;
    try {
      const result = this.db.transaction(fn)();
      this.writes++;
      return result;
    } catch (e) {
      // Rolled back: rows put inside it are not on disk.
      this.failedWrite = true;
      throw e;
    } finally {
      this.batching = false;
    }
  }

  appendLog(profileId: string, entries: readonly LogEntry[]): number {
    this.appended = true;
    this.unsaved.add(profileId);
    try {
      return this.logs.append(profileId, entries);
    } catch (e) {
      this.failedWrite = true;
      throw e;
    }
  }

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

  /** Commits (transactions) since opening. */
  get writeCount(): number {
    return this.writes;
  }

  /** Bytes the database file and its WAL take on disk. */
  storedBytes(): number {
    const row = this.db.prepare<[], { bytes: number }>('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get();
    return row?.bytes ?? 0;
  }

  /** Every put already returned durable; nothing is pending. */
  async flush(): Promise<void> {}

  /** Re-reads the rows (after an import swapped the database). */
  async reload(): Promise<void> {
    this.close();
    this.db = openDatabase(this.files.database);
    this.statements = prepare(this.db);
    this.logs.reset();
    this.records.clear();
    this.unsaved.clear();
    this.failedWrite = false;
    this.appended = false;
    this.load();
    this.adoptOrphanLogs();
    this.takeClosedFlag();
  }

  /**
   * Checkpoints the WAL into the database file and closes it. When every append was followed
   * by its row and no write failed, every row's mark is true to its log: that is noted, and the
   * next start skips checking the logs' lengths.
   */
  close(): void {
    if (!this.db.open) return;
    if (this.unsaved.size === 0 && !this.failedWrite) {
      setMeta(this.db, 'closed', new Date().toISOString());
    }
    this.db.close();
  }
}

export const openSqliteStore = (options: SqliteStoreOptions): SqliteStore => SqliteStore.open(options);
