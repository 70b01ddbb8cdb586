/** Loading and scheduling many profiles without per-profile waste. */
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import { profileSettingsSchema } from '../../../shared/settings.js';
import { isKnownTimeZone } from '../../../shared/zone.js';
import { createManualClock } from '../../../main/engine/clock.js';
import { Engine } from '../../../main/engine/engine.js';
import { defaultAlgorithm } from '../../../shared/algorithms.js';
import { due, nextWake, nothingDue, type EncounterContext } from '../../../shared/encounter.js';
import { createRng } from '../../../shared/random.js';
import { initialProfileState, type ProfileState } from '../../../shared/settings.js';
import { DEFAULT_LIBRARY } from '../../../shared/themes.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { MemoryStore } from '../../../main/store/memory-store.js';
import { lineMark, markNames } from '../../../main/store/document.js';
import { openSqliteStore } from '../../../main/store/sqlite-store.js';
import { removeDir, tempDataDir } from './engine-harness.js';

describe('many profiles', () => {
  it('the system time zone is looked up once per re-arm, not once per profile and wake', () => {
    const clock = createManualClock(Date.UTC(2026, 5, 1, 10));
    const systemTimeZone = vi.fn(() => 'Europe/Berlin');
    const engine = new Engine({ store: new MemoryStore(), clock, logger: createRecordingLogger(), systemTimeZone });
    engine.start();
    for (let i = 0; i < 50; i++) {
      engine.ensureProfile(`p${i}`);
      engine.enroll(`p${i}`);
    }
    clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    const afterStart = systemTimeZone.mock.calls.length;
    expect(afterStart).toBeLessThanOrEqual(2);
    expect(engine.snapshot('p7').status.kind).toBe('pending');
    expect(engine.snapshot('p7').timeZone).toBe('Europe/Berlin');
    systemTimeZone.mockReturnValue('Asia/Tokyo');
    engine.rearm('resume');
    expect(systemTimeZone.mock.calls.length).toBe(afterStart + 1);
    expect(engine.snapshot('p7').timeZone).toBe('Asia/Tokyo');
  });

  it('a zone name is checked once, then remembered; an unknown one is still refused', () => {
    const format = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isKnownTimeZone('America/Argentina/Ushuaia')).toBe(true);
    const built = format.mock.calls.length;
    for (let i = 0; i < 100; i++) profileSettingsSchema.parse({ timeZone: 'America/Argentina/Ushuaia' });
    expect(format.mock.calls.length).toBe(built);
    expect(profileSettingsSchema.safeParse({ timeZone: 'Mars/Olympus_Mons' }).success).toBe(false);
    format.mockRestore();
  });
});

describe('start-up journal check by log length', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  /** A SQLite data directory where alice is enrolled through the engine (so her log and mark are real), then closed. */
  async function enrolledDir(): Promise<string> {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    const engine = new Engine({ store, clock: createManualClock(Date.UTC(2026, 5, 1, 10)), logger: createRecordingLogger(), systemTimeZone: () => 'UTC' });
    engine.start();
    engine.ensureProfile('alice');
    engine.enroll('alice');
    await engine.stop();
    store.close();
    return dir;
  }

  function startOn(dir: string) {
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    const reads = vi.spyOn(store, 'readLogFrom');
    const stats = vi.spyOn(store, 'logBytes');
    const logger = createRecordingLogger();
    const engine = new Engine({ store, clock: createManualClock(Date.UTC(2026, 5, 1, 10, 0, 20)), logger, systemTimeZone: () => 'UTC' });
    const puts = vi.spyOn(store, 'put');
    const marksHeld = store.marksHold;
    engine.start();
    return { store, engine, reads, stats, puts, logger, marksHeld };
  }

  /** A process that opened the store and was killed: it never closes (its handle is only dropped at the end of the test). */
  function killedAfterOpen(dir: string): () => void {
    const store = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    return () => store.close();
  }

  it('after a clean close, a start neither reads nor stats a log, and writes no record', async () => {
    const dir = await enrolledDir();
    const { store, engine, reads, stats, puts, marksHeld } = startOn(dir);
    expect(marksHeld).toBe(true);
    expect(store.get('alice')?.log?.bytes).toBe(statSync(store.files.log('alice')).size);
    expect(reads).not.toHaveBeenCalled();
    expect(stats).not.toHaveBeenCalled();
    expect(puts).not.toHaveBeenCalled();
    expect(store.get('alice')?.state.enrolled).toBe(true);
    await engine.stop();
    store.close();
  });

  it('an append keeps the length its write gave: the saved mark is the real length of the log, and no stat() was made for it', async () => {
    const dir = await enrolledDir();
    const { store, engine, stats } = startOn(dir);
    const { status } = engine.deliverNow('alice');
    if (status.kind !== 'pending') throw new Error(`expected a pending mantra, got ${status.kind}`);
    expect(engine.answer('alice', status.mantra.text, 'window').accepted).toBe(true);
    expect(stats).not.toHaveBeenCalled();
    expect(store.readLog('alice').map((e) => e.type)).toEqual(['enrolled', 'delivered', 'answered']);
    expect(store.get('alice')?.log?.bytes).toBe(statSync(store.files.log('alice')).size);
    await engine.stop();
    store.close();
    // The next start trusts that length: the log is neither stat()ed nor read.
    const next = startOn(dir);
    expect(next.stats).not.toHaveBeenCalled();
    expect(next.reads).not.toHaveBeenCalled();
    expect(next.store.get('alice')?.state.sent).toBeNull();
    await next.engine.stop();
    next.store.close();
  });

  it('after a process was killed, a log as long as its mark says is only stat()ed, not read', async () => {
    const dir = await enrolledDir();
    const dropKilled = killedAfterOpen(dir);
    const { store, engine, reads, stats, puts, marksHeld } = startOn(dir);
    expect(marksHeld).toBe(false);
    expect(stats).toHaveBeenCalledWith('alice');
    expect(reads).not.toHaveBeenCalled();
    expect(puts).not.toHaveBeenCalled();
    await engine.stop();
    store.close();
    dropKilled();
  });

  it('entries appended after the last save (a crash between log and row) change the length: they are read and replayed', async () => {
    const dir = await enrolledDir();
    const crashed = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    // The write-ahead order: the fact reaches the log, the process dies before the row is put.
    crashed.appendLog('alice', [{ type: 'unenrolled', at: Date.UTC(2026, 5, 1, 10, 0, 10) }]);
    // Even a close after it is not clean: that log is ahead of its row.
    crashed.close();
    const { store, engine, reads, stats, logger, marksHeld } = startOn(dir);
    expect(marksHeld).toBe(false);
    expect(reads).toHaveBeenCalled();
    // Once to see the log grew; the read that followed knows the new length.
    expect(stats).toHaveBeenCalledTimes(1);
    expect(store.get('alice')?.state.enrolled).toBe(false);
    expect(store.get('alice')?.log?.bytes).toBe(statSync(store.files.log('alice')).size);
    expect(logger.lines.join('\n')).toMatch(/replayed 1 log entry written after the last save/);
    await engine.stop();
    store.close();
  });

  it('a mark from before log lengths were kept takes the reading path once, and gets its length', async () => {
    const dir = await enrolledDir();
    const old = openSqliteStore({ dataDir: dir, logger: createRecordingLogger() });
    const record = old.get('alice');
    if (!record?.log) throw new Error('alice has no mark');
    // As older versions wrote it: the last line's text, no length.
    const lines = readFileSync(old.files.log('alice'), 'utf8').trimEnd().split('\n');
    expect(record.log.last).toMatch(/^#[0-9a-z]+$/);
    old.put('alice', { ...record, log: { position: record.log.position, last: lines[lines.length - 1] ?? null } });
    old.close();
    const first = startOn(dir);
    expect(first.reads).toHaveBeenCalled();
    expect(first.store.get('alice')?.log?.bytes).toBe(statSync(first.store.files.log('alice')).size);
    await first.engine.stop();
    first.store.close();
    const second = startOn(dir);
    expect(second.reads).not.toHaveBeenCalled();
    expect(second.puts).not.toHaveBeenCalled();
    expect(second.store.get('alice')?.state.enrolled).toBe(true);
    expect(second.store.get('alice')?.log?.last).toMatch(/^#[0-9a-z]+$/);
    await second.engine.stop();
    second.store.close();
  });
});

describe('the scheduling pass arms from the saved state', () => {
  it('whenever nothingDue says so, due() would only have armed the timer at nextWake: 5000 random states, paused, snoozed and overdue among them', () => {
    const ctx: EncounterContext = {
      algorithm: defaultAlgorithm,
      mode: { kind: 'adaptive' },
      timeZone: 'Europe/Berlin',
      library: DEFAULT_LIBRARY.mantras,
      themes: ['focus'],
      favorites: [],
      names: { subject: 'I', controller: 'me' },
    };
    const rng = createRng(7);
    const now = Date.UTC(2026, 5, 1, 12);
    const around = (): number | null => (rng.next() < 0.25 ? null : now + Math.round((rng.next() - 0.5) * 4 * 3_600_000));
    const mantra = { id: 'calm-1', template: 'I breathe.', text: 'I breathe.', theme: 'calm', difficulty: 'easy' as const, basePoints: 10 };
    let fast = 0;
    let slow = 0;
    for (let i = 0; i < 5000; i++) {
      const sent = rng.next() < 0.5 ? now - 3_600_000 : null;
      const state: ProfileState = {
        ...initialProfileState(),
        enrolled: rng.next() < 0.9,
        nextDelivery: around(),
        sent,
        current: sent === null ? null : mantra,
        pausedUntil: rng.next() < 0.3 ? around() : null,
        pausedIndefinitely: rng.next() < 0.05,
        snoozedUntil: sent !== null && rng.next() < 0.4 ? around() : null,
      };
      if (!nothingDue(state, now)) {
        slow++;
        continue;
      }
      fast++;
      const step = due(state, ctx, now, createRng(i));
      const at = nextWake(state);
      expect(step.state).toBe(state);
      expect(step.effects).toEqual(at === null ? [] : [{ kind: 'arm', at }]);
    }
    // Both paths were exercised.
    expect(fast).toBeGreaterThan(1000);
    expect(slow).toBeGreaterThan(1000);
  });
});

describe('what a mark keeps of the last line', () => {
  it('a short hash that names the line and no other; an older mark holding the text still compares by text', () => {
    const a = JSON.stringify({ type: 'answered', at: 1_780_000_000_000, channel: 'discord', hour: 9 });
    const b = JSON.stringify({ type: 'answered', at: 1_780_000_000_001, channel: 'discord', hour: 9 });
    expect(lineMark(a)).toMatch(/^#[0-9a-z]{1,11}$/);
    expect(markNames(lineMark(a), a)).toBe(true);
    expect(markNames(lineMark(a), b)).toBe(false);
    expect(markNames(a, a)).toBe(true);
    expect(markNames(a, b)).toBe(false);
    expect(markNames(null, null)).toBe(true);
    expect(markNames(lineMark(a), null)).toBe(false);
    const marks = new Set(Array.from({ length: 10_000 }, (_, i) => lineMark(JSON.stringify({ type: 'skipped', at: i }))));
    expect(marks.size).toBe(10_000);
  });
});
