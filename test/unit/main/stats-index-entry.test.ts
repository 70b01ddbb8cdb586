/** A log that enters a data directory (import, rebuild) comes with its stats index, so no stats call reads it whole. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import { computeStats, StatsAccumulator } from '../../../shared/stats.js';
import { LogIndex } from '../../../main/engine/log-index.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { exportData, importData } from '../../../main/store/archive.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { rebuildProfile } from '../../../main/store/rebuild.js';
import { openSqliteStore } from '../../../main/store/sqlite-store.js';
import { readLogFile, readLogFileFrom, readStatsFileFrom } from '../../../main/store/encounter-log-file.js';
import type { Store } from '../../../main/store/store.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir } from './engine-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A data directory whose profile has enrolled and answered `rounds` mantras; its export. */
async function playedExport(rounds: number) {
  const t = await openTestEngine();
  dirs.push(t.dir);
  t.engine.enroll(PROFILE);
  for (let i = 0; i < rounds; i++) {
    t.clock.advanceTo(Math.max(t.engine.snapshot(PROFILE).state.nextDelivery ?? 0, t.clock.now() + ENCOUNTER.enrollmentDelayMs));
    const status = t.engine.snapshot(PROFILE).status;
    if (status.kind !== 'pending') throw new Error(`expected a pending mantra, got ${status.kind}`);
    t.clock.advanceBy(90_000);
    t.engine.answer(PROFILE, status.mantra.text, 'window');
  }
  await t.engine.stop();
  return { data: exportData(t.store, t.clock.now()), now: t.clock.now() };
}

/** Stats through a fresh index on `store`, and the positions it read the log from. */
function statsOf(store: Store & Required<Pick<Store, 'readStatsFrom'>>, now: number) {
  const reads = vi.spyOn(store, 'readStatsFrom');
  reads.mockClear();
  const stats = new LogIndex(store, createRecordingLogger()).stats(PROFILE, now, 'UTC');
  return { stats, from: reads.mock.calls.map((c) => c[1]) };
}

describe('a log that enters comes with its stats index', () => {
  it('import into a file-store directory: the first stats call reads nothing of the log, and equals a whole read', async () => {
    const { data, now } = await playedExport(5);
    const log = data.profiles[0]?.log ?? [];
    expect(log.length).toBe(1 + 2 * 5);
    const dir = tempDataDir();
    dirs.push(dir);
    importData(dir, data, now);
    const store = await openFileStore({ dataDir: dir, logger: createRecordingLogger() });
    const { stats, from } = statsOf(store, now);
    expect(stats).toEqual(computeStats(log, now, 'UTC'));
    expect(from).toEqual([log.length]);
  });

  it('import into a SQLite directory keeps the index in its caches table', async () => {
    const { data, now } = await playedExport(3);
    const log = data.profiles[0]?.log ?? [];
    const dir = tempDataDir();
    dirs.push(dir);
    openSqliteStore({ dataDir: dir, logger: createRecordingLogger() }).close();
    importData(dir, data, now);
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    try {
      const { stats, from } = statsOf(store, now);
      expect(stats).toEqual(computeStats(log, now, 'UTC'));
      expect(from).toEqual([log.length]);
    } finally {
      store.close();
    }
  });

  it('rebuild writes the index; stats with it equal stats without it', async () => {
    const { data, now } = await playedExport(4);
    const log = data.profiles[0]?.log ?? [];
    const dir = tempDataDir();
    dirs.push(dir);
    importData(dir, data, now);
    const store = await openFileStore({ dataDir: dir, logger: createRecordingLogger() });
    store.caches.set(PROFILE, 'stats', null);
    const without = statsOf(store, now);
    expect(without.from).toEqual([0]);
    store.caches.set(PROFILE, 'stats', null);
    rebuildProfile(store, PROFILE, now);
    expect(store.caches.get(PROFILE, 'stats')).not.toBeNull();
    const withIndex = statsOf(store, now);
    expect(withIndex.from).toEqual([log.length]);
    expect(withIndex.stats).toEqual(without.stats);
    expect(withIndex.stats).toEqual(computeStats(log, now, 'UTC'));
    await store.flush();
  });

  it('a file-store directory moved into SQLite keeps its indexes; a log adopted without a row gets one', async () => {
    const { data, now } = await playedExport(3);
    const log = data.profiles[0]?.log ?? [];
    const dir = tempDataDir();
    dirs.push(dir);
    importData(dir, data, now);
    // A second log with no record and no index: the SQLite store adopts it.
    writeFileSync(join(dir, 'logs', 'orphan.jsonl'), log.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    try {
      expect(store.profileIds().sort()).toEqual([PROFILE, 'orphan']);
      const moved = statsOf(store, now);
      expect(moved.from).toEqual([log.length]);
      expect(moved.stats).toEqual(computeStats(log, now, 'UTC'));
      const reads = vi.spyOn(store, 'readStatsFrom');
      reads.mockClear();
      expect(new LogIndex(store, createRecordingLogger()).stats('orphan', now, 'UTC')).toEqual(computeStats(log, now, 'UTC'));
      expect(reads.mock.calls.map((c) => c[1])).toEqual([log.length]);
    } finally {
      store.close();
    }
  });
});

describe('the whole-log read for stats', () => {
  it('checks only what stats read, gives the same figures and positions as the full read, and still skips a bad line', async () => {
    const { data, now } = await playedExport(4);
    const log = data.profiles[0]?.log ?? [];
    const dir = tempDataDir();
    dirs.push(dir);
    const path = join(dir, 'x.jsonl');
    const answered = log.find((e) => e.type === 'answered');
    if (!answered) throw new Error('no answer in the played log');
    // Keys in another order (a hand edit), an entry of a type stats do not read, a torn line, an answer without its response time.
    const { type: _type, ...rest } = answered;
    const { responseMs: _dropped, ...broken } = { ...answered, sentAt: answered.sentAt + 1 };
    const lines = [
      ...log.map((e) => JSON.stringify(e)),
      JSON.stringify({ ...rest, at: answered.at + 1, type: 'answered' }),
      JSON.stringify({ type: 'rescheduled', at: 1, next: 2, reason: 'x' }),
      '{"type":"deliv',
      JSON.stringify(broken),
    ];
    writeFileSync(path, lines.join('\n') + '\n');
    const streamed = new StatsAccumulator();
    const lean = readStatsFileFrom(path, 0, (e) => streamed.add(e));
    const full = readLogFileFrom(path, 0);
    expect(lean.end).toBe(full.end);
    expect(lean.last).toBe(full.last);
    expect(streamed.stats(now, 'UTC')).toEqual(computeStats(readLogFile(path).entries, now, 'UTC'));
    expect(lean.skipped).toEqual([`${path} line ${lines.length - 1}: not JSON (a torn write?), skipped`, expect.stringMatching(new RegExp(`line ${lines.length}: not an encounter .*responseMs`))]);
  });
});
