/** The server-mode store: one SQLite row per profile, durable when `put` returns, the log still the truth. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { curvesOf, observe, type ExposureModel } from '../../../shared/learner.js';
import { createManualClock } from '../../../main/engine/clock.js';
import { Engine } from '../../../main/engine/engine.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { exportData, importData } from '../../../main/store/archive.js';
import { newProfileRecord, type ProfileRecord } from '../../../main/store/document.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { rebuildProfile } from '../../../main/store/rebuild.js';
import { RowReader, rowDigest } from '../../../main/store/row-format.js';
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
    const row = other.prepare<[string], { record: string; sum: string }>('SELECT record, sum FROM profiles WHERE id = ?').get('alice');
    other.close();
    expect(row && new RowReader().check(row.record)).toEqual({ ok: true, record, checked: true });
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
    files.caches?.set('alice', 'stats', '{"kept":true}');
    writeFileSync(join(files.files.cache, 'notes.txt'), 'not a cache');
    await files.flush();
    const store = fresh(dir);
    expect(store.get('alice')).toEqual(record);
    // Its stats indexes come along; a file that is not one is left alone.
    expect(store.caches?.get('alice', 'stats')).toBe('{"kept":true}');
    expect(store.caches?.get('notes', 'txt')).toBeNull();
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
    // Both carry the mark of their whole log, so the engine's start does not read them again.
    expect(second.get('alice')?.log?.position).toBe(1);
    expect(second.get('bob')?.log?.position).toBe(1);
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
  it('replays the log into the row with the learner of its settings, keeping settings and seed, and the row says which learner', () => {
    const dir = tempDataDir();
    const store = fresh(dir);
    const record = newProfileRecord();
    store.put('alice', { ...record, settings: { ...record.settings, subject: 'Alex', learner: 'classic' }, learnedBy: 'default' });
    store.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    const report = rebuildProfile(store, 'alice');
    expect(report.changes.some((c) => c.startsWith('enrolled: false -> true'))).toBe(true);
    store.close();
    const again = fresh(dir);
    expect(again.get('alice')?.state.enrolled).toBe(true);
    expect(again.get('alice')?.settings.subject).toBe('Alex');
    expect(again.get('alice')?.seed).toBe(record.seed);
    // A start finds the state its learner's: nothing to relearn.
    expect(again.get('alice')?.learnedBy).toBe('classic');
    // The mark carries the log's length, so the next start need not read the log.
    expect(again.get('alice')?.log?.bytes).toBe(statSync(again.files.log('alice')).size);
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

/** A learned model, as weeks of use leave it: counts on the resolution grid, decayed. */
function learnedRecord(): ProfileRecord {
  let model: ExposureModel | null = null;
  const start = Date.UTC(2026, 0, 5, 7);
  for (let day = 0; day < 60; day++) {
    for (const hour of [0, 5, 11]) {
      const from = start + day * 86_400_000 + hour * 3_600_000;
      model = observe(model, { from, to: from + (day % 3 === 0 ? 5_400_000 : 1_500_000), answered: day % 3 !== 0, timeZone: 'Europe/Berlin' });
    }
  }
  const record = newProfileRecord();
  return {
    ...record,
    state: { ...record.state, enrolled: true, model, curve: curvesOf(model).pooled, delivered: 180, answered: 120 },
    log: { position: 360, last: '{"type":"answered"}', bytes: 40_000 },
  };
}

const sqlRequire = createRequire(import.meta.url);
const rawDatabase = (path: string): BetterSqlite3.Database => new (sqlRequire('better-sqlite3') as typeof BetterSqlite3)(path);
const rowOfDb = (path: string, id: string) => {
  const db = rawDatabase(path);
  const row = db.prepare<[string], { record: string; sum: string | null }>('SELECT record, sum FROM profiles WHERE id = ?').get(id);
  db.close();
  return row;
};

describe("the row format: packed, and read without a second check when it is the app's own", () => {
  it('a learned model and curve come back identical to the bit (same JSON, same key order), in a row under the size budget', () => {
    const dir = tempDataDir();
    const record = learnedRecord();
    const store = fresh(dir);
    store.put('alice', record);
    store.close();
    const again = fresh(dir);
    expect(again.get('alice')).toEqual(record);
    expect(JSON.stringify(again.get('alice'))).toBe(JSON.stringify(record));
    const row = rowOfDb(again.files.database, 'alice');
    expect(row?.sum).toBe(row && rowDigest(row.record));
    expect(typeof JSON.parse(row?.record ?? '{}').state.model).toBe('string');
    // The plain JSON of this record is over 2 KB; docs/scaling.md states the 1.5 KB budget.
    expect(JSON.stringify(record).length).toBeGreaterThan(2000);
    expect(Buffer.byteLength(row?.record ?? '')).toBeLessThan(1536);
  });

  it("a trusted row's model and curve are decoded on first read, not at load, and read, copy and write like plain fields", () => {
    const dir = tempDataDir();
    const record = learnedRecord();
    fresh(dir).put('alice', record);
    const state = fresh(dir).get('alice')?.state;
    if (!state) throw new Error('no row');
    // Still packed after the load: an accessor that decodes when read.
    expect(typeof Object.getOwnPropertyDescriptor(state, 'model')?.get).toBe('function');
    expect(typeof Object.getOwnPropertyDescriptor(state, 'curve')?.get).toBe('function');
    expect(state.model).toEqual(record.state.model);
    expect(state.model).toBe(state.model); // decoded once, then kept
    // Once read it is a plain field again: no accessor (nor the packed text) is kept.
    expect(Object.getOwnPropertyDescriptor(state, 'model')).toMatchObject({ writable: true, enumerable: true });
    expect(Object.getOwnPropertyDescriptor(state, 'model')?.get).toBeUndefined();
    expect(Object.keys(state)).toEqual(Object.keys(record.state));
    const copy = { ...state };
    expect(Object.getOwnPropertyDescriptor(copy, 'curve')?.get).toBeUndefined();
    expect(copy.curve).toEqual(record.state.curve);
    expect(structuredClone(state)).toEqual(record.state);
    state.model = null;
    expect(state.model).toBeNull();
    // A write before any read replaces the packed value without decoding it.
    const other = fresh(dir).get('alice')?.state;
    if (!other) throw new Error('no row');
    other.curve = [0.5];
    expect(other.curve).toEqual([0.5]);
    expect(Object.getOwnPropertyDescriptor(other, 'curve')?.get).toBeUndefined();
    expect(JSON.parse(JSON.stringify(other)).curve).toEqual([0.5]);
  });

  it('a model off the resolution grid (not what the learner writes) is kept as plain JSON, exactly', () => {
    const dir = tempDataDir();
    const record = learnedRecord();
    const model = record.state.model;
    if (!model) throw new Error('no model');
    const odd = { ...record, state: { ...record.state, model: { ...model, short: { ...model.short, exposure: model.short.exposure.map((x, i) => (i === 3 ? 0.1234567 : x)) } } } };
    fresh(dir).put('alice', odd);
    const again = fresh(dir);
    expect(again.get('alice')).toEqual(odd);
    expect(JSON.parse(rowOfDb(again.files.database, 'alice')?.record ?? '{}').state.model.short.exposure[3]).toBe(0.1234567);
  });

  it('rows the app wrote are not schema-checked again at load; an edited row is, and is written back with a digest', () => {
    const dir = tempDataDir();
    const first = fresh(dir);
    first.batch(() => {
      for (let i = 0; i < 20; i++) first.put(`p${i}`, learnedRecord());
    });
    first.close();
    const db = rawDatabase(first.files.database);
    // A hand edit that is still valid: the digest no longer matches, so the row is checked and kept.
    db.prepare(`UPDATE profiles SET record = replace(record, '"points":0', '"points":42') WHERE id = 'p7'`).run();
    db.close();
    const check = vi.spyOn(RowReader.prototype, 'check');
    const logger = createRecordingLogger();
    const second = openSqliteStore({ dataDir: dir, logger });
    open.push(second);
    expect(check).toHaveBeenCalledTimes(1);
    check.mockRestore();
    expect(second.get('p7')?.state.points).toBe(42);
    expect(logger.lines.join('\n')).toMatch(/1 row\(s\) checked and written again/);
    const row = rowOfDb(second.files.database, 'p7');
    expect(row?.sum).toBe(row && rowDigest(row.record));
  });

  it('rows written under another record schema are all checked once, written again, and trusted after that', () => {
    const dir = tempDataDir();
    const first = fresh(dir);
    first.batch(() => {
      for (let i = 0; i < 5; i++) first.put(`p${i}`, learnedRecord());
    });
    first.close();
    const db = rawDatabase(first.files.database);
    db.prepare("UPDATE meta SET value = 'a schema of another version' WHERE key = 'schema'").run();
    db.close();
    const check = vi.spyOn(RowReader.prototype, 'check');
    fresh(dir).close();
    expect(check).toHaveBeenCalledTimes(5);
    check.mockClear();
    const third = fresh(dir);
    expect(check).not.toHaveBeenCalled();
    check.mockRestore();
    expect(third.get('p3')?.state).toEqual(learnedRecord().state);
    expect(third.profileIds()).toHaveLength(5);
  });

  it('an edited row that breaks the schema is caught and its state rebuilt from the log, even with its old digest kept', () => {
    const dir = tempDataDir();
    const first = fresh(dir);
    first.put('alice', learnedRecord());
    first.appendLog('alice', [{ type: 'enrolled', at: 1, next: 2 }]);
    first.close();
    const db = rawDatabase(first.files.database);
    db.prepare(`UPDATE profiles SET record = replace(record, '"points":0', '"points":-5') WHERE id = 'alice'`).run();
    db.close();
    const logger = createRecordingLogger();
    const second = openSqliteStore({ dataDir: dir, logger });
    open.push(second);
    expect(logger.lines.join('\n')).toMatch(/profile "alice": stored record unreadable \(state\.points/);
    expect(second.get('alice')?.state.points).toBe(0);
    expect(second.get('alice')?.state.enrolled).toBe(true);
    expect(second.get('alice')?.state.model).toBeNull();
  });

  it('a database from before the packed rows (no sum column, plain JSON records) loads unchanged and is moved to the new form', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const record = learnedRecord();
    const old = { ...record, settings: { ...record.settings, subject: 'Alex' } };
    // Exactly what the previous version wrote: its table, and its rowText (defaults left out, everything else plain).
    const db = rawDatabase(`${dir}/mantra.db`);
    db.exec('CREATE TABLE profiles (id TEXT PRIMARY KEY NOT NULL, record TEXT NOT NULL)');
    db.prepare('INSERT INTO profiles (id, record) VALUES (?, ?)').run('alice', JSON.stringify({ ...old, settings: { subject: 'Alex' } }));
    db.close();
    const store = fresh(dir);
    expect(store.get('alice')).toEqual(old);
    const row = rowOfDb(store.files.database, 'alice');
    expect(JSON.parse(row?.record ?? '{}').v).toBe(2);
    expect(row?.sum).toBe(row && rowDigest(row.record));
    store.close();
    expect(fresh(dir).get('alice')).toEqual(old);
  });
});

describe('which learner a row was learned by (learnedBy)', () => {
  const at = Date.UTC(2026, 5, 1, 10);

  /** One engine start on `dir` at `at`: the rows written, the whole-log reads and the relearning lines. */
  async function startOn(dir: string) {
    const logger = createRecordingLogger();
    const store = openSqliteStore({ dataDir: dir, logger });
    const puts = vi.spyOn(store, 'put');
    const reads = vi.spyOn(store, 'readLogFrom');
    const engine = new Engine({ store, clock: createManualClock(at), logger, systemTimeZone: () => 'UTC' });
    engine.start();
    engine.ensureProfile('alice');
    const work = {
      puts: puts.mock.calls.length,
      wholeLogReads: reads.mock.calls.filter(([, from]) => from === 0).length,
      relearned: logger.lines.filter((l) => l.includes('for the default learner')).length,
    };
    const state = engine.snapshot('alice').state;
    await engine.stop(0);
    store.close();
    return { work, state };
  }

  /** A SQLite data directory where alice has one mantra out and nothing learned yet. */
  async function oneDeliveryOut(): Promise<string> {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    const engine = new Engine({ store, clock: createManualClock(at), logger: createRecordingLogger(), systemTimeZone: () => 'UTC' });
    engine.start();
    engine.ensureProfile('alice');
    engine.enroll('alice');
    engine.deliverNow('alice');
    await engine.stop(0);
    store.close();
    return dir;
  }

  it('is kept in the row: read back the same on the trusted path and on the checked one', () => {
    const dir = tempDataDir();
    const record: ProfileRecord = { ...learnedRecord(), learnedBy: 'classic' };
    fresh(dir).put('alice', record);
    expect(fresh(dir).get('alice')?.learnedBy).toBe('classic');
    const db = rawDatabase(`${dir}/mantra.db`);
    db.prepare(`UPDATE profiles SET record = replace(record, '"points":0', '"points":7') WHERE id = 'alice'`).run();
    db.close();
    const checked = fresh(dir).get('alice');
    expect({ points: checked?.state.points, learnedBy: checked?.learnedBy }).toEqual({ points: 7, learnedBy: 'classic' });
  });

  it('a profile with one mantra out and nothing learned is neither replayed nor written at any start', async () => {
    const dir = await oneDeliveryOut();
    const starts = [await startOn(dir), await startOn(dir), await startOn(dir)];
    expect(starts.map((s) => s.work)).toEqual([0, 1, 2].map(() => ({ puts: 0, wholeLogReads: 0, relearned: 0 })));
    expect(starts.map((s) => s.state.delivered)).toEqual([1, 1, 1]);
  });

  it('a row from a version that did not record it (another record schema, no learnedBy) is replayed once when it may be classic, then never again', async () => {
    const dir = await oneDeliveryOut();
    const db = rawDatabase(`${dir}/mantra.db`);
    db.prepare(`UPDATE profiles SET record = replace(record, ',"learnedBy":"default"', '') WHERE id = 'alice'`).run();
    db.prepare("UPDATE meta SET value = 'a schema of another version' WHERE key = 'schema'").run();
    db.close();
    expect(rowOfDb(`${dir}/mantra.db`, 'alice')?.record).not.toContain('learnedBy');
    const [first, ...later] = [await startOn(dir), await startOn(dir), await startOn(dir)];
    expect(first?.work).toEqual({ puts: 1, wholeLogReads: 1, relearned: 1 });
    expect(rowOfDb(`${dir}/mantra.db`, 'alice')?.record).toContain('"learnedBy":"default"');
    expect(later.map((s) => s.work)).toEqual([0, 1].map(() => ({ puts: 0, wholeLogReads: 0, relearned: 0 })));
    expect(later.map((s) => s.state)).toEqual([first?.state, first?.state]);
  });
});
