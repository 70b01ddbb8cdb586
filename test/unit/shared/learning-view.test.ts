import { describe, expect, it } from 'vitest';
import { learningView, whyMessage } from '../../../shared/learning-view.js';
import { observe, type ExposureModel } from '../../../shared/learner.js';
import { initialProfileState, type ProfileState } from '../../../shared/settings.js';

const H = 3_600_000;
const MONDAY = Date.UTC(2026, 2, 2);

/** Four weeks: answered fast at 18:00 on weekdays and 10:00 on weekends, never the other way round, nothing at night. */
function learned(): ExposureModel | null {
  let model: ExposureModel | null = null;
  for (let d = 0; d < 28; d++) {
    const day = MONDAY + d * 24 * H;
    const weekend = d % 7 >= 5;
    model = observe(model, { from: day + H, to: day + 6 * H, answered: false, timeZone: 'UTC' });
    const [at, silent] = weekend ? [10, 18] : [18, 10];
    model = observe(model, { from: day + silent * H, to: day + (silent + 1) * H, answered: false, timeZone: 'UTC' });
    model = observe(model, { from: day + at * H, to: day + at * H + 4 * 60_000, answered: true, timeZone: 'UTC' });
  }
  return model;
}

const waiting = (next: number, model: ExposureModel | null): ProfileState => ({ ...initialProfileState(), enrolled: true, model, delivered: 56, nextDelivery: next });

describe('learningView', () => {
  it('shows both day curves when they differ, with evidence, and says why the next delivery is at the best hour', () => {
    const v = learningView(waiting(MONDAY + 29 * 24 * H + 18 * H, learned()), { learner: 'default', mode: 'adaptive' }, 'UTC');
    expect(v.differ).toBe(true);
    expect(v.weekday[18]! - v.weekend[18]!).toBeGreaterThan(0.3);
    expect(v.evidence?.weekday[3]).toBeGreaterThan(10);
    expect(v.next).toEqual({ at: MONDAY + 29 * 24 * H + 18 * H, weekend: false, chance: v.weekday[18], kind: 'best-hour' });
    // Only what a window shows: the learner choice is in the settings, the hour and its evidence stay inside.
    expect(Object.keys(v).sort()).toEqual(['differ', 'evidence', 'next', 'weekday', 'weekend']);
  });

  it('says when an hour is still being learned, when a mantra is out, when the mode decides, and when nothing is planned', () => {
    expect(learningView(waiting(MONDAY + 9 * H, null), { learner: 'default', mode: 'adaptive' }, 'UTC').next?.kind).toBe('learning');
    expect(learningView({ ...waiting(MONDAY + 9 * H, null), sent: MONDAY }, { learner: 'default', mode: 'adaptive' }, 'UTC').next).toMatchObject({ kind: 'deadline', at: MONDAY + 9 * H });
    expect(learningView(waiting(MONDAY + 9 * H, null), { learner: 'default', mode: 'interval' }, 'UTC').next?.kind).toBe('interval');
    expect(learningView(waiting(MONDAY + 9 * H, null), { learner: 'classic', mode: 'adaptive' }, 'UTC')).toMatchObject({ evidence: null, next: { kind: 'classic' } });
    expect(learningView(initialProfileState(), { learner: 'default', mode: 'adaptive' }, 'UTC').next).toBeNull();
  });

  it('hands the window a key and values to word the reason in its own language', () => {
    const v = learningView(waiting(MONDAY + 29 * 24 * H + 18 * H, learned()), { learner: 'default', mode: 'adaptive' }, 'UTC');
    expect(whyMessage(v.next, 3)).toEqual({ key: 'best-hour', at: MONDAY + 29 * 24 * H + 18 * H, weekend: false, chance: v.weekday[18], frequency: 3 });
    expect(whyMessage(null, 3)).toMatchObject({ key: 'off', at: null });
  });
});
