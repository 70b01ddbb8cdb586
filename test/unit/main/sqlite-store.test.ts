/** The server-mode store: one SQLite row per profile, durable when `put` returns, the log still the truth. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../../main/logger.js';
import { exportData, importData } from '../../../main/store/archive.js';
import { newProfileRecord, profileRecordSchema } from '../../../main/store/document.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { rebuildProfile } from '../../../main/store/rebuild.js';
import { openDatabase, openSqliteStore, type SqliteStore } from '../../../main/store/sqlite-store.js';
import { removeDir, tempDataDir } from './engine-harness.js';

const dirs: string[] = [];
const open: SqliteStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function fresh(dir = tempDataDir()): SqliteStore {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
  open.push(store);
  return store;
}

describe('SqliteStore', () => {
  it('runs in WAL mode with synchronous=FULL', () => {
    const store = fresh();
    const db = openDatabase(store.files.database);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('a put is in the database when it returns: another connection reads it at once, without flush or close', () => {
    const store = fresh();
    const record = newProfileRecord();
    store.put('alice', record);
    const other = openDatabase(store.files.database);
    const row = other.prepare<[string], { record: string }>('SELECT record FROM profiles WHERE id = ?').get('alice');
    other.close();
    expect(row && profileRecordSchema.parse(JSON.parse(row.record))).toEqual(record);
    // Settings still at their defaults are left out of the row; the schema fills them back in.
    expect(row && JSON.parse(row.record).settings).toEqual({});
  });

  it('one change among many profiles writes one row: the WAL grows by a couple of pages, not by the table', () => {
    const store = fresh();
    store.batch(() => {
      for (let i = 0; i < 2000; i++) store.put(`p${i}`, newProfileRecord());
    });
    const wal = `${store.files.database}-wal`;
    const before = statSync(wal).size;
    const record = store.get('p1234')!;
    store.put('p1234', { ...record, state: { ...record.state, points: 50 } });
    const grown = statSync(wal).size - before;
    expect(grown).toBeGreaterThan(0);
    const db = openDatabase(store.files.database);
    const page = Number(db.pragma('page_size', { simple: true }));
    db.close();
    expect(page).toBe(16384);
    // Each WAL frame is one page plus a 24-byte header; 2000 profiles take far more pages than this.
    expect(grown).toBeLessThanOrEqual(3 * (page + 24));
  });

  it("moves a file store's mantra.json in once, keeping the old file aside", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const files = await openFileStore({ dataDir: dir, logger: createRecordingLogger() });
    const record = newProfileRecord();
    files.put('alice', record);
    files.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    await files.flush();
    const store = fresh(dir);
    expect(store.get('alice')).toEqual(record);
    expect(existsSync(store.files.document)).toBe(false);
    expect(existsSync(`${store.files.document}.moved-to-sqlite`)).toBe(true);
  });

  it('a row that fails its check is rebuilt from the log, with a warning; an orphan log gets a row', () => {
    const dir = tempDataDir();
    const first = fresh(dir);
    first.put('alice', newProfileRecord());
    first.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    first.appendLog('bob', [{ type: 'enrolled', at: 1, next: 2 }]);
    const db = openDatabase(first.files.database);
    db.prepare("UPDATE profiles SET record = '{\"settings\":7}' WHERE id = 'alice'").run();
    db.close();
    const logger = createRecordingLogger();
    const second = openSqliteStore({ dataDir: dir, logger });
    open.push(second);
    expect(second.get('alice')?.state.enrolled).toBe(true);
    expect(second.get('bob')?.state.enrolled).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/profile "alice": stored record unreadable/);
  });

  it('export and import keep a SQLite data directory in SQLite, the replaced data backed up', () => {
    const source = fresh();
    const record = newProfileRecord();
    source.put('alice', record);
    source.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    const data = exportData(source, Date.UTC(2026, 0, 1));
    const targetDir = tempDataDir();
    const target = fresh(targetDir);
    target.put('old', newProfileRecord());
    target.close();
    const outcome = importData(targetDir, data, Date.UTC(2026, 0, 2));
    const reopened = fresh(targetDir);
    expect(reopened.profileIds()).toEqual(['alice']);
    expect(reopened.get('alice')).toEqual(record);
    expect(reopened.readLog('alice')).toEqual([{ type: 'enrolled', at: 1, next: 2 }]);
    expect(existsSync(`${outcome.backup}/mantra.db`)).toBe(true);
    expect(existsSync(reopened.files.document)).toBe(false);
  });
});

describe('mantra rebuild on a SQLite data directory', () => {
  it('replays the log into the row, keeping settings and seed', () => {
    const dir = tempDataDir();
    const store = fresh(dir);
    const record = newProfileRecord();
    store.put('alice', { ...record, settings: { ...record.settings, subject: 'Alex' } });
    store.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    const report = rebuildProfile(store, 'alice');
    expect(report.changes.some((c) => c.startsWith('enrolled: false -> true'))).toBe(true);
    store.close();
    const again = fresh(dir);
    expect(again.get('alice')?.state.enrolled).toBe(true);
    expect(again.get('alice')?.settings.subject).toBe('Alex');
    expect(again.get('alice')?.seed).toBe(record.seed);
  });
});

describe('SqliteStore refuses a document it cannot move', () => {
  it('names the file and the problem, and leaves the file where it is', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    writeFileSync(`${dir}/mantra.json`, '{"version":1,"profiles":{"a":{"settings":3}}}');
    expect(() => openSqliteStore({ dataDir: dir, logger: createRecordingLogger() })).toThrow(/mantra\.json cannot be moved into .*mantra\.db/);
    expect(readFileSync(`${dir}/mantra.json`, 'utf8')).toContain('"settings":3');
  });
});
