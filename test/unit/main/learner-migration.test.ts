import { afterEach, describe, expect, it, vi } from 'vitest';
import { classicAlgorithm, defaultAlgorithm } from '../../../shared/algorithms.js';
import { replay } from '../../../shared/encounter.js';
import { initialProfileState } from '../../../shared/settings.js';
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
    expect(t.engine.snapshot(PROFILE).learning.learner).toBe('default');
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
    expect(again.engine.snapshot(PROFILE).learning.learner).toBe('default');
    // The saved record already was the log's: nothing replayed or relearned at start.
    expect(again.logger.lines.filter((l) => /replayed|rebuilt/.test(l))).toEqual([]);
  });

  it('a stored profile from before the default learner is rebuilt when the engine loads it', async () => {
    const first = await open();
    first.engine.updateSettings(PROFILE, { learner: 'classic' });
    first.engine.enroll(PROFILE);
    live(first, 6);
    // An older version: its settings had no learner field, its state no model.
    first.engine.updateSettings(PROFILE, { learner: 'default' });
    const stored = first.store.get(PROFILE);
    if (!stored) throw new Error('no stored profile');
    first.store.put(PROFILE, { ...stored, state: rebuilt(first, classicAlgorithm.learner) });
    await first.engine.stop(0);
    await first.store.flush();
    opened.splice(opened.indexOf(first), 1);

    const again = await open(first.dir, first.clock.now());
    const state = again.engine.snapshot(PROFILE).state;
    expect(state.model).not.toBeNull();
    expect(state).toEqual(rebuilt(again));
    expect(again.logger.lines.some((l) => l.includes('rebuilt from its log for the default learner'))).toBe(true);
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
