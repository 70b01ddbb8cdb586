import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultAlgorithm } from '../../../shared/algorithms.js';
import { answer, due, enroll, legacyZone, replay, type EncounterContext, type Step } from '../../../shared/encounter.js';
import { logEntrySchema, type LogEntry } from '../../../shared/encounter-log.js';
import { curvesOf, EXPOSURE_LEARNER, exposureModelSchema, exposureOf, hourChance, logGamma, observe, posteriorRate, type ExposureModel, type PendingWindow } from '../../../shared/learner.js';
import { createRng } from '../../../shared/random.js';
import { nextAimed, type ScheduleContext } from '../../../shared/schedule.js';
import { initialProfileState, type Mantra } from '../../../shared/settings.js';
import { calendarDaysBetween, hourOf, localTime } from '../../../shared/zone.js';

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');

const zones = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney');
const windowArb = fc.record({
  start: fc.integer({ min: 0, max: 60 * DAY }),
  length: fc.integer({ min: 0, max: 30 * H }),
  answered: fc.boolean(),
});

function modelOf(ws: readonly { start: number; length: number; answered: boolean }[], timeZone: string): ExposureModel | null {
  let model: ExposureModel | null = null;
  let t = MONDAY;
  for (const w of ws) {
    const from = t + (w.start % (3 * DAY));
    const window: PendingWindow = { from, to: from + w.length, answered: w.answered, timeZone };
    model = observe(model, window);
    t = window.to;
  }
  return model;
}

describe('exposure counting', () => {
  it('counts partial hours partially, weekday and weekend apart', () => {
    // Monday 09:30-11:15 UTC: half of hour 9, all of 10, a quarter of 11.
    const e = exposureOf(MONDAY + 9.5 * H, MONDAY + 11.25 * H, 'UTC');
    expect(e[9]).toBeCloseTo(0.5, 12);
    expect(e[10]).toBeCloseTo(1, 12);
    expect(e[11]).toBeCloseTo(0.25, 12);
    // Saturday 10:00-11:00 lands in the weekend half (slots 24-47).
    const sat = exposureOf(MONDAY + 5 * DAY + 10 * H, MONDAY + 5 * DAY + 11 * H, 'UTC');
    expect(sat[24 + 10]).toBeCloseTo(1, 12);
    expect(sat.slice(0, 24).every((x) => x === 0)).toBe(true);
  });

  it('DST days neither skip nor double: 23 and 25 local hours, the repeated hour counted twice', () => {
    const tz = 'Europe/Berlin';
    const spring = exposureOf(Date.parse('2026-03-28T23:00:00Z'), Date.parse('2026-03-29T22:00:00Z'), tz); // Sunday 29 March, 00:00-24:00 local
    expect(spring.reduce((a, b) => a + b, 0)).toBeCloseTo(23, 9);
    expect(spring[24 + 2]).toBe(0); // 02:00-03:00 does not exist that day
    const autumn = exposureOf(Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-10-25T23:00:00Z'), tz); // Sunday 25 October
    expect(autumn.reduce((a, b) => a + b, 0)).toBeCloseTo(25, 9);
    expect(autumn[24 + 2]).toBeCloseTo(2, 9); // 02:00-03:00 happens twice
  });

  it('every instant of a window is counted exactly once, in any zone', () => {
    fc.assert(
      fc.property(zones, fc.integer({ min: 0, max: 365 * DAY }), fc.integer({ min: 0, max: 72 * H }), (tz, start, length) => {
        const e = exposureOf(MONDAY + start, MONDAY + start + length, tz);
        expect(e.reduce((a, b) => a + b, 0)).toBeCloseTo(length / H, 9);
      }),
    );
  });
});

describe('estimates', () => {
  it('stay in [0, 1] whatever the windows', () => {
    fc.assert(
      fc.property(zones, fc.array(windowArb, { maxLength: 40 }), (tz, ws) => {
        const c = curvesOf(modelOf(ws, tz));
        for (const v of [...c.weekday, ...c.weekend, ...c.pooled]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        const m = modelOf(ws, tz);
        if (m) expect(exposureModelSchema.safeParse(m).success).toBe(true);
      }),
    );
  });

  it('more evidence at an observed rate never moves an estimate away from that rate', () => {
    const positive = fc.double({ min: 0.01, max: 50, noNaN: true });
    fc.assert(
      fc.property(
        positive,
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        positive,
        fc.double({ min: 1, max: 100, noNaN: true }),
        (exposure, rate, prior, priorHours, more) => {
          const answers = rate * exposure;
          const few = posteriorRate(answers, exposure, prior, priorHours);
          const many = posteriorRate(answers * more, exposure * more, prior, priorHours);
          expect(Math.abs(many - rate)).toBeLessThanOrEqual(Math.abs(few - rate) + 1e-12);
          expect(Math.abs(hourChance(many) - hourChance(rate))).toBeLessThanOrEqual(Math.abs(hourChance(few) - hourChance(rate)) + 1e-12);
        },
      ),
    );
  });

  it('an hour always answered rises toward 1, an hour never answered falls toward 0, with no floor', () => {
    let model: ExposureModel | null = null;
    for (let d = 0; d < 28; d++) {
      const day = MONDAY + d * DAY;
      model = observe(model, { from: day + 2 * H, to: day + 4 * H, answered: false, timeZone: 'UTC' });
      model = observe(model, { from: day + 9 * H, to: day + 9 * H + 6 * 60_000, answered: true, timeZone: 'UTC' });
    }
    const c = curvesOf(model);
    expect(c.weekday[9]).toBeGreaterThan(0.9);
    expect(c.weekday[3]).toBeLessThan(0.05);
    expect(c.weekend[3]).toBeLessThan(0.05);
  });

  it('keeps weekend and weekday apart where their data differ, together where it agrees', () => {
    let model: ExposureModel | null = null;
    for (let d = 0; d < 35; d++) {
      const day = MONDAY + d * DAY;
      const weekend = d % 7 >= 5;
      // 10:00: answered fast on weekends, never on weekdays. 18:00: answered fast every day.
      model = observe(model, { from: day + 10 * H, to: day + 10 * H + (weekend ? 5 * 60_000 : H), answered: weekend, timeZone: 'UTC' });
      model = observe(model, { from: day + 18 * H, to: day + 18 * H + 5 * 60_000, answered: true, timeZone: 'UTC' });
    }
    const c = curvesOf(model);
    expect(c.weekend[10]! - c.weekday[10]!).toBeGreaterThan(0.5);
    expect(Math.abs(c.weekend[18]! - c.weekday[18]!)).toBeLessThan(0.05);
  });

  it('follows a change of rhythm: the short memory takes over, then the long one restarts from it', () => {
    let model: ExposureModel | null = null;
    const day = (d: number, answerHour: number, silentHour: number) => {
      const t = MONDAY + d * DAY;
      model = observe(model, { from: t + silentHour * H, to: t + (silentHour + 2) * H, answered: false, timeZone: 'UTC' });
      model = observe(model, { from: t + answerHour * H, to: t + answerHour * H + 5 * 60_000, answered: true, timeZone: 'UTC' });
    };
    for (let d = 0; d < 60; d++) day(d, 8, 20);
    expect(curvesOf(model).weekday[8]).toBeGreaterThan(0.9);
    for (let d = 60; d < 80; d++) day(d, 20, 8);
    const after = curvesOf(model);
    expect(after.weekday[20]).toBeGreaterThan(0.8);
    expect(after.weekday[8]).toBeLessThan(0.2);
  });

  it('log-gamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(0.01)).toBeCloseTo(4.599479878042022, 9);
  });
});

describe('aimed scheduler', () => {
  const curve = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 });
  it('never returns a time before now (strictly after it)', () => {
    fc.assert(
      fc.property(
        zones,
        curve,
        curve,
        fc.double({ min: 0.33, max: 6, noNaN: true }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (tz, wd, we, frequency, offset, before, after) => {
          const now = MONDAY + offset;
          const at = nextAimed({ curve: wd, weekendCurve: we, frequency, timeZone: tz }, now, { before, after });
          expect(at).toBeGreaterThan(now);
        },
      ),
    );
  });

  it('aims at the start of the best hour near the natural time, weekday or weekend curve', () => {
    const wd = Array.from({ length: 24 }, (_, h) => (h === 18 ? 0.9 : h >= 7 && h <= 22 ? 0.4 : 0));
    const we = Array.from({ length: 24 }, (_, h) => (h === 10 ? 0.9 : h >= 7 && h <= 22 ? 0.4 : 0));
    const ctx: ScheduleContext = { curve: wd, weekendCurve: we, frequency: 1, timeZone: 'UTC' };
    // Monday 17:20 at frequency 1: the natural time is Tuesday 17:20; the best hour within 3 h is 18:00.
    expect(nextAimed(ctx, MONDAY + 17 * H + 20 * 60_000, { before: 3, after: 3 })).toBe(MONDAY + DAY + 18 * H);
    // Friday 09:10: the natural time is Saturday 09:10, a weekend day, whose best hour is 10:00.
    expect(nextAimed(ctx, MONDAY + 4 * DAY + 9 * H + 10 * 60_000, { before: 3, after: 3 })).toBe(MONDAY + 5 * DAY + 10 * H);
  });

  it('across DST days: one delivery a local day at the aimed hour, none skipped, none doubled', () => {
    const tz = 'Europe/Berlin';
    const curve = Array.from({ length: 24 }, (_, h) => (h === 9 ? 0.9 : h >= 7 && h <= 22 ? 0.3 : 0));
    const ctx: ScheduleContext = { curve, weekendCurve: curve, frequency: 1, timeZone: tz };
    for (const start of ['2026-03-25T08:00:00Z', '2026-10-21T07:00:00Z']) {
      let t = Date.parse(start); // 09:00 local
      for (let i = 0; i < 8; i++) {
        const next = nextAimed(ctx, t, { before: 3, after: 3 });
        expect(hourOf(next, tz)).toBe(9);
        expect(localTime(next, tz).minute).toBe(0);
        expect(calendarDaysBetween(t, next, tz)).toBe(1);
        t = next;
      }
    }
  });
});

describe('replay', () => {
  const library: Mantra[] = [{ id: 'calm/0', theme: 'calm', template: 'I breathe slowly', difficulty: 'easy', basePoints: 25 }];
  const ctxIn = (timeZone: string): EncounterContext => ({
    algorithm: defaultAlgorithm,
    mode: { kind: 'adaptive' },
    timeZone,
    library,
    themes: ['calm'],
    favorites: [],
    names: { subject: 'I', controller: 'me' },
  });

  /** Drives the reducers: each delivery answered after `delay` minutes, or left to time out. */
  function drive(timeZone: string, outcomes: readonly (number | null)[]) {
    const ctx = ctxIn(timeZone);
    const rng = createRng(3);
    const log: LogEntry[] = [];
    const take = (step: Step) => {
      for (const e of step.effects) if (e.kind === 'log') log.push(e.entry);
      return step.state;
    };
    let state = take(enroll(initialProfileState(), ctx, MONDAY));
    for (const delay of outcomes) {
      state = take(due(state, ctx, state.nextDelivery ?? MONDAY, rng));
      if (state.sent === null || state.current === null || state.nextDelivery === null) break;
      const at = state.sent + (delay ?? 0) * 60_000;
      if (delay !== null && at < state.nextDelivery) state = take(answer(state, ctx, { text: state.current.text, channel: 'cli' }, at));
    }
    return { state, log };
  }

  it('rebuilds exactly the live state, model included, and the log survives a JSON round trip', () => {
    fc.assert(
      fc.property(zones, fc.array(fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }), { minLength: 1, maxLength: 40 }), (tz, outcomes) => {
        const { state, log } = drive(tz, outcomes);
        const parsed = log.map((e) => logEntrySchema.parse(JSON.parse(JSON.stringify(e))));
        expect(replay(initialProfileState(), parsed, defaultAlgorithm.learner)).toEqual(state);
      }),
      { numRuns: 30 },
    );
  });

  it('older logs without a time zone still parse and replay; in a whole-hour zone to the same state', () => {
    const { state, log } = drive('UTC', [5, null, 30, 200, null, 12]);
    const old = log.map((e) => {
      const { timeZone: _dropped, ...rest } = e as LogEntry & { timeZone?: string };
      return logEntrySchema.parse(rest);
    });
    expect(old.some((e) => 'timeZone' in e)).toBe(false);
    expect(replay(initialProfileState(), old, defaultAlgorithm.learner)).toEqual(state);
  });

  it('reads a fixed offset from a recorded local hour', () => {
    expect(legacyZone(Date.parse('2026-01-05T08:30:00Z'), 9)).toBe('Etc/GMT-1');
    expect(legacyZone(Date.parse('2026-01-05T02:00:00Z'), 21)).toBe('Etc/GMT+5');
    expect(legacyZone(Date.parse('2026-01-05T02:00:00Z'), 2)).toBe('UTC');
    expect(legacyZone(0, undefined)).toBe('UTC');
  });

  it('the learner takes nothing from EXPOSURE_LEARNER it could change: the object is frozen', () => {
    expect(Object.isFrozen(EXPOSURE_LEARNER)).toBe(true);
  });
});
