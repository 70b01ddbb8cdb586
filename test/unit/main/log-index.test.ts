/** Stats from memory: the log is read once, appended entries are added as written, a saved index spares the re-read after a restart. */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { computeStats } from '../../../shared/stats.js';
import { readLogFile, readLogFileTail } from '../../../main/store/encounter-log-file.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir, type TestEngine } from './engine-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Enroll, then `rounds` deliveries each answered: a log of 1 + 2 x rounds entries. */
function play(t: TestEngine, rounds: number): void {
  if (!t.engine.snapshot(PROFILE).state.enrolled) t.engine.enroll(PROFILE);
  for (let i = 0; i < rounds; i++) {
    const next = t.engine.snapshot(PROFILE).state.nextDelivery ?? t.clock.now();
    t.clock.advanceTo(Math.max(next, t.clock.now() + ENCOUNTER.enrollmentDelayMs));
    const status = t.engine.snapshot(PROFILE).status;
    if (status.kind !== 'pending') throw new Error(`expected a pending mantra, got ${status.kind}`);
    t.clock.advanceBy(60_000);
    t.engine.answer(PROFILE, status.mantra.text, 'window');
  }
}

describe('readLogFileTail', () => {
  it('reads backwards across chunk boundaries and skips a torn line, giving what a whole read gives', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const path = `${dir}/x.jsonl`;
    const entries = Array.from({ length: 3000 }, (_, i): LogEntry => ({ type: 'rescheduled', at: i, next: i + 1, reason: 'x'.repeat(i % 97) }));
    writeFileSync(
      path,
      entries
        .slice(0, 1500)
        .map((e) => JSON.stringify(e) + '\n')
        .join('') +
        '{"type":"resch\n\n' +
        entries
          .slice(1500)
          .map((e) => JSON.stringify(e) + '\n')
          .join(''),
    );
    const whole = readLogFile(path).entries;
    for (const n of [1, 7, 1500, 1501, 2999, 3000, 5000]) expect(readLogFileTail(path, n).entries).toEqual(whole.slice(-n));
    expect(readLogFileTail(path, 1501).skipped).toEqual([`${path} line 1501 from the end: not JSON (a torn write?), skipped`]);
  });
});

describe('engine stats', () => {
  it('reads the log once, at its first append; later entries are added as the engine writes them', async () => {
    const t = await openTestEngine();
    dirs.push(t.dir);
    const reads = vi.spyOn(t.store, 'readStatsFrom');
    const readAll = vi.spyOn(t.store, 'readLog');
    play(t, 3);
    // The first append found no saved index: the (then one-line) log was read and its index saved.
    expect(reads).toHaveBeenCalledTimes(1);
    expect(t.store.caches.get(PROFILE, 'stats')).not.toBeNull();
    expect(t.engine.stats(PROFILE)).toEqual(computeStats(readLogFile(t.store.files.log(PROFILE)).entries, t.clock.now(), 'UTC'));
    play(t, 4);
    const stats = t.engine.stats(PROFILE);
    expect(stats).toEqual(computeStats(readLogFile(t.store.files.log(PROFILE)).entries, t.clock.now(), 'UTC'));
    expect(stats.answered).toBe(7);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(readAll).not.toHaveBeenCalled();
    await t.engine.stop();
  });

  it('a log the engine wrote has a saved index after a restart, so the first stats call reads only what is new', async () => {
    const first = await openTestEngine();
    dirs.push(first.dir);
    play(first, 4);
    await first.engine.stop();
    const second = await openTestEngine({ dir: first.dir, clock: first.clock });
    const reads = vi.spyOn(second.store, 'readStatsFrom');
    const log = readLogFile(second.store.files.log(PROFILE)).entries;
    expect(second.engine.stats(PROFILE)).toEqual(computeStats(log, second.clock.now(), 'UTC'));
    expect(reads.mock.calls.map((c) => c[1])).toEqual([log.length]);
    await second.engine.stop();
  });

  it('a damaged or foreign saved index is ignored: the log is read whole and the index written anew', async () => {
    const first = await openTestEngine();
    dirs.push(first.dir);
    play(first, 3);
    await first.engine.stop();
    const log = readLogFile(first.store.files.log(PROFILE)).entries;
    const good = first.store.caches.get(PROFILE, 'stats') ?? '';
    const indexed = JSON.parse(good) as { index: { delivered: number } };
    for (const bad of ['{"version":1,"end":', JSON.stringify({ version: 99 }), JSON.stringify({ ...indexed, index: { ...indexed.index, delivered: -1 } })]) {
      first.store.caches.set(PROFILE, 'stats', bad);
      const t = await openTestEngine({ dir: first.dir, clock: first.clock });
      const reads = vi.spyOn(t.store, 'readStatsFrom');
      expect(t.engine.stats(PROFILE)).toEqual(computeStats(log, t.clock.now(), 'UTC'));
      expect(reads.mock.calls.map((c) => c[1])).toEqual([0]);
      expect(t.store.caches.get(PROFILE, 'stats')).not.toBe(bad);
      await t.engine.stop();
    }
  });

  it('after a restart, reads only the entries written since the saved index; a replaced log is read whole', async () => {
    const first = await openTestEngine();
    dirs.push(first.dir);
    play(first, 5);
    first.engine.stats(PROFILE);
    play(first, 2);
    await first.engine.stop();

    const second = await openTestEngine({ dir: first.dir, clock: first.clock });
    play(second, 1);
    const reads = vi.spyOn(second.store, 'readStatsFrom');
    const log = (): LogEntry[] => readLogFile(second.store.files.log(PROFILE)).entries;
    expect(second.engine.stats(PROFILE)).toEqual(computeStats(log(), second.clock.now(), 'UTC'));
    expect(reads.mock.calls[0]?.[1]).toBe(1 + 2 * 7);
    expect(reads).toHaveBeenCalledTimes(1);
    await second.engine.stop();

    // The log is swapped for a shorter one behind Mantra's back: the index no longer fits it.
    const kept = log().slice(0, 5);
    writeFileSync(second.store.files.log(PROFILE), kept.map((e) => JSON.stringify(e) + '\n').join(''));
    const third = await openTestEngine({ dir: first.dir, clock: first.clock });
    // The state is rebuilt from the shorter log, and what then fell due is appended to it.
    expect(log().slice(0, 5)).toEqual(kept);
    expect(third.engine.stats(PROFILE)).toEqual(computeStats(log(), third.clock.now(), 'UTC'));
    await third.engine.stop();
  });

  it('the log call returns the last entries without reading the whole log', async () => {
    const t = await openTestEngine();
    dirs.push(t.dir);
    play(t, 3);
    const readAll = vi.spyOn(t.store, 'readLog');
    expect(t.engine.log(PROFILE, 2)).toEqual(readLogFile(t.store.files.log(PROFILE)).entries.slice(-2));
    expect(readAll).not.toHaveBeenCalled();
    await t.engine.stop();
  });
});
