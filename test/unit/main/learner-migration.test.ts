import { afterEach, describe, expect, it, vi } from 'vitest';
import { classicAlgorithm, defaultAlgorithm } from '../../../shared/algorithms.js';
import { replay } from '../../../shared/encounter.js';
import { initialProfileState } from '../../../shared/settings.js';
import { createManualClock, type ManualClock } from '../../../main/engine/clock.js';
import { Engine } from '../../../main/engine/engine.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { openTestEngine, PROFILE, removeDir, type TestEngine } from './engine-harness.js';

const H = 3_600_000;
const opened: TestEngine[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) {
    await t.engine.stop(0);
    removeDir(t.dir);
  }
});

async function open(dir?: string, start?: number): Promise<TestEngine> {
  const t = await openTestEngine({ ...(dir ? { dir } : {}), ...(start ? { start } : {}), timeZone: 'Europe/Berlin' });
  opened.push(t);
  return t;
}

/** Some life: answers after a few minutes, and one mantra left to time out. */
function live(t: TestEngine, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    const state = t.engine.snapshot(PROFILE).state;
    if (state.sent === null) t.engine.deliverNow(PROFILE);
    const out = t.engine.snapshot(PROFILE).state;
    if (i % 3 === 2) {
      t.clock.advanceTo(out.nextDelivery ?? t.clock.now() + H);
    } else {
      t.clock.advanceBy(7 * 60_000);
      t.engine.answer(PROFILE, out.current?.text ?? '', 'window');
      t.clock.advanceBy(2 * H);
    }
  }
}

const rebuilt = (t: TestEngine, learner = defaultAlgorithm.learner) => replay(initialProfileState(), t.store.readLog(PROFILE), learner);

async function close(t: TestEngine): Promise<void> {
  await t.engine.stop(0);
  await t.store.flush();
  opened.splice(opened.indexOf(t), 1);
}

/** What one start of an engine on `dir` did: saves, whole-log reads (a replay from the first entry) and the relearning lines it logged. */
interface StartWork {
  readonly saves: number;
  readonly wholeLogReads: number;
  readonly rebuiltLines: string[];
  readonly state: ReturnType<Engine['snapshot']>['state'];
}

/** Starts an engine on `dir` at the clock's time, counting what the start did, and stops it again. */
async function startOnce(dir: string, clock: ManualClock): Promise<StartWork> {
  const logger = createRecordingLogger();
  const store = await openFileStore({ dataDir: dir, writeDelayMs: 5, logger });
  const puts = vi.spyOn(store, 'put');
  const reads = vi.spyOn(store, 'readLogFrom');
  const engine = new Engine({ store, clock, logger, systemTimeZone: () => 'Europe/Berlin' });
  engine.start();
  const work: StartWork = {
    saves: puts.mock.calls.length,
    wholeLogReads: reads.mock.calls.filter(([, from]) => from === 0).length,
    rebuiltLines: logger.lines.filter((l) => /rebuilt|replayed/.test(l)),
    state: engine.snapshot(PROFILE).state,
  };
  await engine.stop(0);
  await store.flush();
  return work;
}

/** Three starts in a row on `t`'s directory, after stopping `t`. */
async function threeStarts(t: TestEngine): Promise<StartWork[]> {
  const state = t.engine.snapshot(PROFILE).state;
  await close(t);
  const clock = createManualClock(t.clock.now());
  const works: StartWork[] = [];
  for (let i = 0; i < 3; i++) works.push(await startOnce(t.dir, clock));
  for (const w of works) expect(w.state).toEqual(state);
  return works;
}

const idle = { saves: 0, wholeLogReads: 0, rebuiltLines: [] };
const work = (w: StartWork) => ({ saves: w.saves, wholeLogReads: w.wholeLogReads, rebuiltLines: w.rebuiltLines });

describe('moving profiles to the default learner', () => {
  it('a classic profile switched to the default learner is rebuilt from its log: nothing lost, rebuild equals live from then on', async () => {
    const t = await open();
    t.engine.updateSettings(PROFILE, { learner: 'classic' });
    t.engine.enroll(PROFILE);
    live(t, 9);
    const classic = t.engine.snapshot(PROFILE).state;
    expect(classic.model).toBeNull();
    expect(classic).toEqual(rebuilt(t, classicAlgorithm.learner));

    t.engine.updateSettings(PROFILE, { learner: 'default' });
    const moved = t.engine.snapshot(PROFILE).state;
    expect(moved.model).not.toBeNull();
    expect({ delivered: moved.delivered, answered: moved.answered, points: moved.points, bestStreak: moved.bestStreak }).toEqual({
      delivered: classic.delivered,
      answered: classic.answered,
      points: classic.points,
      bestStreak: classic.bestStreak,
    });
    expect(moved.model?.observations).toBe(classic.answered + t.store.readLog(PROFILE).filter((e) => e.type === 'timedOut').length);

    live(t, 7);
    expect(t.engine.snapshot(PROFILE).state).toEqual(rebuilt(t));
    expect(t.engine.snapshot(PROFILE).settings.learner).toBe('default');
  });

  it('changing the learner is one save: the settings, the relearned state and the rescheduled send time together, and a restart finds them agreeing with the log', async () => {
    const t = await open();
    t.engine.updateSettings(PROFILE, { learner: 'classic' });
    t.engine.enroll(PROFILE);
    live(t, 6);
    if (t.engine.snapshot(PROFILE).state.sent !== null) t.engine.skip(PROFILE);
    const puts = vi.spyOn(t.store, 'put');
    t.engine.updateSettings(PROFILE, { learner: 'default' });
    expect(puts).toHaveBeenCalledTimes(1);
    const log = t.store.readLog(PROFILE);
    const last = log[log.length - 1];
    expect(last?.type).toBe('rescheduled');
    const saved = puts.mock.calls[0]?.[1];
    expect(saved?.settings.learner).toBe('default');
    expect(saved?.state).toEqual(rebuilt(t));
    expect(saved?.state.nextDelivery).toBe(last?.type === 'rescheduled' ? last.next : undefined);
    expect(saved?.log?.position).toBe(log.length);
    puts.mockRestore();
    await t.engine.stop(0);
    await t.store.flush();
    opened.splice(opened.indexOf(t), 1);

    const again = await open(t.dir, t.clock.now());
    expect(again.engine.snapshot(PROFILE).state).toEqual(rebuilt(again));
    expect(again.engine.snapshot(PROFILE).settings.learner).toBe('default');
    // The saved record already was the log's: nothing replayed or relearned at start.
    expect(again.logger.lines.filter((l) => /replayed|rebuilt/.test(l))).toEqual([]);
  });

  it('a stored profile from before the default learner is rebuilt when the engine loads it', async () => {
    const first = await open();
    first.engine.updateSettings(PROFILE, { learner: 'classic' });
    first.engine.enroll(PROFILE);
    live(first, 6);
    // An older version: its settings had no learner field, its state no model, its record no learnedBy.
    first.engine.updateSettings(PROFILE, { learner: 'default' });
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    const { learnedBy: _learnedBy, ...old } = stored;
    first.store.put(PROFILE, { ...old, state: rebuilt(first, classicAlgorithm.learner) });
    await first.engine.stop(0);
    await first.store.flush();
    opened.splice(opened.indexOf(first), 1);

    const again = await open(first.dir, first.clock.now());
    const state = again.engine.snapshot(PROFILE).state;
    expect(state.model).not.toBeNull();
    expect(state).toEqual(rebuilt(again));
    expect(again.logger.lines.some((l) => l.includes('rebuilt from its log for the default learner'))).toBe(true);
  });

  it('a default-learner profile with one delivery waiting (nothing learned yet) is neither replayed, saved nor logged as rebuilt at any start', async () => {
    const t = await open();
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    const state = t.engine.snapshot(PROFILE).state;
    expect({ model: state.model, delivered: state.delivered, out: state.sent !== null }).toEqual({ model: null, delivered: 1, out: true });
    expect((await threeStarts(t)).map(work)).toEqual([idle, idle, idle]);
  });

  it('the same for a profile whose deliveries were only skipped', async () => {
    const t = await open();
    t.engine.enroll(PROFILE);
    for (let i = 0; i < 2; i++) {
      t.engine.deliverNow(PROFILE);
      t.clock.advanceBy(5 * 60_000);
      t.engine.skip(PROFILE);
    }
    const state = t.engine.snapshot(PROFILE).state;
    expect({ model: state.model, delivered: state.delivered, out: state.sent !== null }).toEqual({ model: null, delivered: 2, out: false });
    expect((await threeStarts(t)).map(work)).toEqual([idle, idle, idle]);
  });

  it('the same for a profile whose only answer came in quiet hours (quiet time teaches nothing)', async () => {
    const t = await open();
    // 12:00 in Berlin: the mantra goes out (asked for) and is answered inside quiet hours.
    t.engine.updateSettings(PROFILE, { quietHours: [{ from: '11:00', to: '14:00', days: 'all' }] });
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    t.clock.advanceBy(5 * 60_000);
    t.engine.answer(PROFILE, t.engine.snapshot(PROFILE).state.current?.text ?? '', 'window');
    expect(t.store.readLog(PROFILE).at(-1)).toMatchObject({ type: 'answered', quiet: true });
    const state = t.engine.snapshot(PROFILE).state;
    expect({ model: state.model, delivered: state.delivered, answered: state.answered }).toEqual({ model: null, delivered: 1, answered: 1 });
    expect((await threeStarts(t)).map(work)).toEqual([idle, idle, idle]);
  });

  it('a classic-learned profile switched to the default learner is rebuilt exactly once across restarts', async () => {
    const t = await open();
    t.engine.updateSettings(PROFILE, { learner: 'classic' });
    t.engine.enroll(PROFILE);
    live(t, 6);
    const rebuilds = (): string[] => t.logger.lines.filter((l) => l.includes('rebuilt from its log for the default learner'));
    expect(rebuilds()).toEqual([]);
    t.engine.updateSettings(PROFILE, { learner: 'default' });
    expect(rebuilds()).toHaveLength(1);
    expect(t.engine.snapshot(PROFILE).state).toEqual(rebuilt(t));
    expect((await threeStarts(t)).map(work)).toEqual([idle, idle, idle]);
  });

  it('a profile saved by a version that did not record its learner is judged by its state once: a classic-learned one is rebuilt, then every start is idle', async () => {
    const first = await open();
    first.engine.updateSettings(PROFILE, { learner: 'classic' });
    first.engine.enroll(PROFILE);
    live(first, 6);
    // An older version: its settings had no learner field (so: default), its state no model, its record no learner.
    first.engine.updateSettings(PROFILE, { learner: 'default' });
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    const { learnedBy: _learnedBy, ...old } = stored;
    first.store.put(PROFILE, { ...old, state: rebuilt(first, classicAlgorithm.learner) });
    await close(first);

    const clock = createManualClock(first.clock.now());
    const [once, ...after] = [await startOnce(first.dir, clock), await startOnce(first.dir, clock), await startOnce(first.dir, clock)];
    expect(once?.wholeLogReads).toBe(1);
    expect(once?.saves).toBe(1);
    expect(once?.rebuiltLines).toEqual([expect.stringContaining('rebuilt from its log for the default learner')]);
    expect(once?.state.model).not.toBeNull();
    expect(after.map(work)).toEqual([idle, idle]);
  });

  it('a profile saved by a version that did not record its learner, with a delivery and no model, is replayed once (it may be a classic one), then every start is idle', async () => {
    const first = await open();
    first.engine.enroll(PROFILE);
    first.engine.deliverNow(PROFILE);
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    const { learnedBy: _learnedBy, ...old } = stored;
    first.store.put(PROFILE, old);
    await close(first);

    const clock = createManualClock(first.clock.now());
    const works = [await startOnce(first.dir, clock), await startOnce(first.dir, clock), await startOnce(first.dir, clock)];
    expect(works.map(work)).toEqual([{ saves: 1, wholeLogReads: 1, rebuiltLines: [expect.stringContaining('rebuilt from its log for the default learner')] }, idle, idle]);
  });

  it('a learner setting changed outside the app (the saved file edited) is relearned at the next start only', async () => {
    const first = await open();
    first.engine.enroll(PROFILE);
    live(first, 5);
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    expect({ learnedBy: stored.learnedBy, model: stored.state.model === null }).toEqual({ learnedBy: 'default', model: false });
    first.store.put(PROFILE, { ...stored, settings: { ...stored.settings, learner: 'classic' } });
    await close(first);

    const clock = createManualClock(first.clock.now());
    const works = [await startOnce(first.dir, clock), await startOnce(first.dir, clock), await startOnce(first.dir, clock)];
    expect(works.map(work)).toEqual([{ saves: 1, wholeLogReads: 1, rebuiltLines: ['info: profile "desktop": state rebuilt from its log for the classic learner'] }, idle, idle]);
    expect(works[0]?.state).toEqual(rebuilt(first, classicAlgorithm.learner));
    expect(works[2]?.state).toEqual(works[0]?.state);
  });

  it('a record with neither log mark nor learnedBy (as an import leaves it) is replayed once, by the journal, and not again for its learner', async () => {
    const first = await open();
    first.engine.enroll(PROFILE);
    first.engine.deliverNow(PROFILE);
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    const { learnedBy: _learnedBy, log: _log, ...imported } = stored;
    first.store.put(PROFILE, imported);
    await close(first);

    const clock = createManualClock(first.clock.now());
    const works = [await startOnce(first.dir, clock), await startOnce(first.dir, clock), await startOnce(first.dir, clock)];
    expect(works.map(work)).toEqual([{ saves: 1, wholeLogReads: 1, rebuiltLines: [expect.stringContaining('state rebuilt from all 2 log entries')] }, idle, idle]);
  });

  it('the snapshot says why the next delivery is when it is, and carries both day curves with their evidence', async () => {
    const t = await open();
    t.engine.enroll(PROFILE);
    live(t, 4);
    const { learning } = t.engine.snapshot(PROFILE);
    expect(learning.weekday).toHaveLength(24);
    expect(learning.weekend).toHaveLength(24);
    expect(learning.evidence?.weekday.some((x) => x > 0)).toBe(true);
    expect(learning.next).not.toBeNull();
    expect(learning.next?.kind).toMatch(/^(best-hour|learning)$/);
  });
});
