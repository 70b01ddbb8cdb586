/** Both Store implementations keep the same promises; the engine runs the same over either. */
import { afterEach, describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { createManualClock } from '../../../main/engine/clock.js';
import { Engine } from '../../../main/engine/engine.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { newProfileRecord } from '../../../main/store/document.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { MemoryStore } from '../../../main/store/memory-store.js';
import { openSqliteStore } from '../../../main/store/sqlite-store.js';
import type { Store } from '../../../main/store/store.js';
import { removeDir, tempDataDir } from './engine-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const stores: [string, () => Promise<Store>][] = [
  [
    'FileStore',
    async () => {
      const dir = tempDataDir();
      dirs.push(dir);
      return openFileStore({ dataDir: dir, writeDelayMs: 5, logger: createRecordingLogger() });
    },
  ],
  ['MemoryStore', async () => new MemoryStore()],
  [
    'SqliteStore',
    async () => {
      const dir = tempDataDir();
      dirs.push(dir);
      return openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    },
  ],
];

const entry: LogEntry = { type: 'enrolled', at: Date.UTC(2026, 0, 1), next: Date.UTC(2026, 0, 1) + 30_000 };

describe.each(stores)('%s keeps the Store promises', (_name, open) => {
  it('puts, gets and lists profiles, and refuses an id that cannot be a file name', async () => {
    const store = await open();
    expect(store.profileIds()).toEqual([]);
    const record = newProfileRecord();
    store.put('alice', record);
    expect(store.profileIds()).toEqual(['alice']);
    expect(store.get('alice')).toEqual(record);
    expect(store.get('bob')).toBeUndefined();
    expect(() => store.put('../evil', record)).toThrow(/profile id/);
    await store.flush();
  });

  it('appends log entries in order and reads them back', async () => {
    const store = await open();
    store.put('alice', newProfileRecord());
    store.appendLog('alice', [entry]);
    store.appendLog('alice', [{ ...entry, at: entry.at + 1 }]);
    expect(store.readLog('alice').map((e) => e.at)).toEqual([entry.at, entry.at + 1]);
    expect(store.readLog('nobody')).toEqual([]);
  });

  it('reads a log tail, or the part from a position on, with the stored text around it to check a cache against', async () => {
    const store = await open();
    const entries = Array.from({ length: 5 }, (_, i): LogEntry => ({ ...entry, at: entry.at + i }));
    store.appendLog('alice', entries.slice(0, 2));
    // A store that tells lengths gives the new one from the append and from a read, as logBytes does.
    const bytes = store.appendLog('alice', entries.slice(2));
    expect(bytes).toBe(store.logBytes?.('alice'));
    const length = (n: number | undefined) => (n === undefined ? {} : { bytes: n });
    expect(store.readLogTail('alice', 2).map((e) => e.at)).toEqual([entry.at + 3, entry.at + 4]);
    expect(store.readLogTail('alice', 99)).toEqual(entries);
    expect(store.readLogTail('nobody', 3)).toEqual([]);
    const slice = store.readLogFrom('alice', 3);
    expect(slice).toEqual({ entries: entries.slice(3), end: 5, before: JSON.stringify(entries[2]), last: JSON.stringify(entries[4]), ...length(bytes) });
    expect(store.readLogFrom('alice', 0).before).toBeNull();
    expect(store.readLogFrom('nobody', 0)).toEqual({ entries: [], end: 0, before: null, last: null, ...length(store.logBytes?.('nobody')) });
  });

  it('keeps derived caches by profile and name until dropped', async () => {
    const store = await open();
    const caches = store.caches!;
    expect(caches.get('alice', 'stats')).toBeNull();
    caches.set('alice', 'stats', '{"a":1}');
    expect(caches.get('alice', 'stats')).toBe('{"a":1}');
    expect(caches.get('bob', 'stats')).toBeNull();
    caches.set('alice', 'stats', null);
    expect(caches.get('alice', 'stats')).toBeNull();
  });

  it('keeps theme packs by file name, a second write replacing the first', async () => {
    const store = await open();
    const shelf = store.themePacks!;
    shelf.write('b.json', '{"n":1}');
    shelf.write('a.json', '{"n":2}');
    shelf.write('b.json', '{"n":3}');
    expect(shelf.list().map((p) => [p.file, p.read()])).toEqual([
      ['a.json', '{"n":2}'],
      ['b.json', '{"n":3}'],
    ]);
  });

  it('runs the engine: enroll, deliver, answer, all in the log', async () => {
    const store = await open();
    const clock = createManualClock(Date.UTC(2026, 5, 1, 10));
    const engine = new Engine({ store, clock, logger: createRecordingLogger(), systemTimeZone: () => 'UTC' });
    engine.start();
    engine.ensureProfile('p');
    engine.enroll('p');
    clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    const pending = engine.snapshot('p').status;
    expect(pending.kind).toBe('pending');
    if (pending.kind !== 'pending') return;
    expect(engine.answer('p', pending.mantra.text, 'window').accepted).toBe(true);
    await engine.stop();
    expect(store.readLog('p').map((e) => e.type)).toEqual(['enrolled', 'delivered', 'answered']);
    expect(store.get('p')?.state.answered).toBe(1);
  });
});

describe('MemoryStore', () => {
  it('hands out copies, so a change outside the engine never leaks in', () => {
    const store = new MemoryStore();
    const record = newProfileRecord();
    store.put('p', record);
    record.settings.favorites.push('changed after put');
    const got = store.get('p')!;
    expect(got.settings.favorites).toEqual([]);
    got.settings.favorites.push('changed after get');
    expect(store.get('p')!.settings.favorites).toEqual([]);
  });

  it('starts from a seed of profiles, logs and theme packs', () => {
    const record = newProfileRecord();
    const store = new MemoryStore({ profiles: { p: record }, logs: { p: [entry] }, themePacks: { 'x.json': '{}' } });
    expect(store.get('p')).toEqual(record);
    expect(store.readLog('p')).toEqual([entry]);
    expect(store.themePacks.list().map((p) => p.file)).toEqual(['x.json']);
  });
});
