import { describe, expect, it } from 'vitest';
import { seedV2 } from '../../../shared/algorithms.js';
import { ENCOUNTER, FREQUENCY } from '../../../shared/constants.js';
import { answer, due, enroll, nextWake, replay, snooze, type EncounterContext, type Step } from '../../../shared/encounter.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { alwaysQuietTimes, dayPlan, effectiveFrequency, planNext } from '../../../shared/plan.js';
import { activeHoursIn, activeShareByHour, extendByQuiet, isQuiet, nextAllowed, overlappedWindow, quietMsBetween, quietSpanAt, type QuietHours } from '../../../shared/quiet-hours.js';
import { createRng } from '../../../shared/random.js';
import { initialProfileState, profileSettingsPatchSchema, type DeliveryMode, type Mantra, type ProfileState, type QuietWindow } from '../../../shared/settings.js';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const night: QuietWindow[] = [{ from: '22:00', to: '07:00', days: 'all' }];
const utc = (windows: QuietWindow[]): QuietHours => ({ windows, timeZone: 'UTC' });

describe('quiet windows', () => {
  it('a window crossing midnight covers both sides of it, end excluded', () => {
    const q = utc(night);
    expect(isQuiet(q, at('2026-03-02T21:59:00Z'))).toBe(false);
    expect(isQuiet(q, at('2026-03-02T22:00:00Z'))).toBe(true);
    expect(isQuiet(q, at('2026-03-03T03:00:00Z'))).toBe(true);
    expect(isQuiet(q, at('2026-03-03T07:00:00Z'))).toBe(false);
    expect(quietSpanAt(q, at('2026-03-03T03:00:00Z'))).toEqual({ start: at('2026-03-02T22:00:00Z'), end: at('2026-03-03T07:00:00Z') });
  });

  it('weekdays windows belong to the day they start: Friday night is quiet into Saturday, Sunday night is not', () => {
    const q = utc([{ from: '22:00', to: '07:00', days: 'weekdays' }]);
    // 2026-03-06 is a Friday.
    expect(isQuiet(q, at('2026-03-07T06:00:00Z'))).toBe(true);
    expect(isQuiet(q, at('2026-03-07T23:00:00Z'))).toBe(false);
    expect(isQuiet(q, at('2026-03-08T23:00:00Z'))).toBe(false);
    expect(isQuiet(q, at('2026-03-09T23:00:00Z'))).toBe(true);
    const weekends = utc([{ from: '09:00', to: '12:00', days: 'weekends' }]);
    expect(isQuiet(weekends, at('2026-03-07T10:00:00Z'))).toBe(true);
    expect(isQuiet(weekends, at('2026-03-09T10:00:00Z'))).toBe(false);
  });

  it('touching windows join into one span', () => {
    const q = utc([
      { from: '22:00', to: '00:00', days: 'all' },
      { from: '00:00', to: '06:30', days: 'all' },
    ]);
    expect(nextAllowed(q, at('2026-03-02T22:10:00Z'))).toBe(at('2026-03-03T06:30:00Z'));
  });

  it('extends a span by the quiet time it crosses, and counts quiet minutes', () => {
    const q = utc(night);
    const from = at('2026-03-02T21:30:00Z');
    expect(iso(extendByQuiet(q, from, from + H))).toBe('2026-03-03T07:30:00.000Z');
    expect(quietMsBetween(q, from, at('2026-03-03T07:30:00Z'))).toBe(9 * H);
    expect(extendByQuiet(utc([]), from, from + H)).toBe(from + H);
  });

  it('hours wholly inside quiet hours are not judged; a partly quiet hour is', () => {
    const q = utc([{ from: '22:30', to: '07:00', days: 'all' }]);
    expect(activeHoursIn(q, at('2026-03-02T20:00:00Z'), at('2026-03-03T08:00:00Z'))).toEqual([20, 21, 22, 7]);
  });

  it('a DST night inside quiet hours: Berlin 22:00-07:00 lasts 8 h in spring and 10 h in autumn', () => {
    const q: QuietHours = { windows: night, timeZone: 'Europe/Berlin' };
    const spring = quietSpanAt(q, at('2026-03-29T01:30:00Z'));
    expect(spring).toEqual({ start: at('2026-03-28T21:00:00Z'), end: at('2026-03-29T05:00:00Z') });
    const autumn = quietSpanAt(q, at('2026-10-25T01:30:00Z'));
    expect(autumn).toEqual({ start: at('2026-10-24T20:00:00Z'), end: at('2026-10-25T06:00:00Z') });
  });

  it('gives each hour its share of a week outside quiet hours', () => {
    const share = activeShareByHour([{ from: '22:00', to: '07:00', days: 'weekdays' }]);
    expect(share[12]).toBeCloseTo(1);
    expect(share[23]).toBeCloseTo(2 / 7);
    // Hour 3 is quiet after Monday-Friday nights, i.e. on Tuesday-Saturday mornings.
    expect(share[3]).toBeCloseTo(2 / 7);
  });

  it('settings refuse a window that starts and ends at the same time, naming the field', () => {
    const r = profileSettingsPatchSchema.safeParse({ quietHours: [{ from: '22:00', to: '22:00' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['quietHours', 0]);
    expect(profileSettingsPatchSchema.safeParse({ quietHours: [{ from: '22:00', to: '7:00' }] }).success).toBe(false);
    expect(profileSettingsPatchSchema.safeParse({ frequencyRange: { min: 4, max: 2 } }).success).toBe(false);
    expect(profileSettingsPatchSchema.safeParse({ frequencyRange: { min: 0.1, max: 2 } }).success).toBe(false);
  });
});

const flat = Array.from({ length: 24 }, () => 0.5);
const planCtx = (quietHours: QuietWindow[], curve: readonly number[] = flat) => ({ curve, frequency: 1, timeZone: 'UTC', quietHours, frequencyRange: null });

describe('planNext: every mode with quiet hours 22:00-07:00', () => {
  it('interval: counts only time outside them and resumes when they end', () => {
    expect(iso(planNext({ kind: 'interval', hours: 1 }, planCtx(night), at('2026-03-02T21:30:00Z')))).toBe('2026-03-03T07:30:00.000Z');
    expect(iso(planNext({ kind: 'interval', hours: 1 }, planCtx(night), at('2026-03-02T20:00:00Z')))).toBe('2026-03-02T21:00:00.000Z');
  });

  it('fixed: a time inside them is skipped, not moved', () => {
    const mode: DeliveryMode = { kind: 'fixed', times: ['06:00', '08:00', '23:00'] };
    expect(iso(planNext(mode, planCtx(night), at('2026-03-02T09:00:00Z')))).toBe('2026-03-03T08:00:00.000Z');
    expect(dayPlan(mode, planCtx(night), at('2026-03-02T09:00:00Z'))).toEqual([
      { time: '06:00', at: null, skipped: 'quiet-hours' },
      { time: '08:00', at: at('2026-03-02T08:00:00Z'), skipped: null },
      { time: '23:00', at: null, skipped: 'quiet-hours' },
    ]);
    expect(alwaysQuietTimes(mode.times, night)).toEqual(['06:00', '23:00']);
  });

  it('adaptive: never lands inside them, and a day still holds the frequency', () => {
    const from = at('2026-03-02T12:00:00Z');
    const next = planNext({ kind: 'adaptive' }, planCtx(night), from);
    expect(isQuiet(utc(night), next)).toBe(false);
    // 15 active hours at 0.5: one a day is 15 active hours away: 12:00 -> 22:00 (10 h) + 07:00 -> 12:00 (5 h).
    expect(iso(next)).toBe('2026-03-03T12:00:00.000Z');
  });

  it('hybrid: each anchor goes to the best-learned hour within its window, outside quiet hours', () => {
    const curve = flat.map((v, h) => (h === 9 ? 0.9 : h === 21 ? 1 : v));
    const mode: DeliveryMode = { kind: 'hybrid', times: ['08:30', '21:30'], windowMinutes: 60 };
    const plan = dayPlan(mode, planCtx(night, curve), at('2026-03-02T05:00:00Z'));
    // 08:30 +-60 min spans hours 7-9; hour 9 learned best: its point nearest the anchor is 09:00.
    expect(plan[0]).toEqual({ time: '08:30', at: at('2026-03-02T09:00:00Z'), skipped: null });
    // 21:30 +-60 min: 22:00-22:30 is quiet; hour 21 is best, nearest point to the anchor is the anchor.
    expect(plan[1]).toEqual({ time: '21:30', at: at('2026-03-02T21:30:00Z'), skipped: null });
    expect(iso(planNext(mode, planCtx(night, curve), at('2026-03-02T05:00:00Z')))).toBe('2026-03-02T09:00:00.000Z');
    // An anchor whose window has opened is not served again.
    expect(iso(planNext(mode, planCtx(night, curve), at('2026-03-02T09:00:00Z')))).toBe('2026-03-02T21:30:00.000Z');
    const allQuiet = dayPlan({ kind: 'hybrid', times: ['03:00'], windowMinutes: 60 }, planCtx(night), at('2026-03-02T05:00:00Z'));
    expect(allQuiet).toEqual([{ time: '03:00', at: null, skipped: 'quiet-hours' }]);
  });
});

const library: Mantra[] = [{ id: 'calm/0', theme: 'calm', template: 'I breathe slowly', difficulty: 'moderate', basePoints: 50 }];
const base: EncounterContext = {
  algorithm: seedV2,
  mode: { kind: 'interval', hours: 1 },
  timeZone: 'UTC',
  library,
  themes: ['calm'],
  favorites: [],
  names: { subject: 'I', controller: 'me' },
  quietHours: night,
};
const logged = (step: Step): LogEntry[] => step.effects.flatMap((e) => (e.kind === 'log' ? [e.entry] : []));

/** Runs the state machine timer to timer, never answering, until `end`; returns every log entry. */
function runUnanswered(ctx: EncounterContext, start: number, end: number): { state: ProfileState; log: LogEntry[] } {
  const rng = createRng(3);
  const log: LogEntry[] = [];
  let step = enroll(initialProfileState(), ctx, start);
  log.push(...logged(step));
  for (let i = 0; i < 10_000; i++) {
    const wake = nextWake(step.state);
    if (wake === null || wake >= end) break;
    step = due(step.state, ctx, wake, rng);
    log.push(...logged(step));
  }
  return { state: step.state, log };
}

describe('the state machine with quiet hours', () => {
  const start = at('2026-03-02T08:00:00Z');
  const end = start + 3 * 24 * H;
  const modes: DeliveryMode[] = [
    { kind: 'interval', hours: 1 },
    { kind: 'fixed', times: ['07:00', '08:00', '09:00', '10:00', '12:00', '14:00', '16:00', '18:00', '21:00', '23:00'] },
    { kind: 'adaptive' },
    { kind: 'hybrid', times: ['08:00', '13:00', '21:45'], windowMinutes: 60 },
  ];
  for (const mode of modes) {
    it(`${mode.kind}: nothing starts inside them, no miss happens inside them, no quiet hour is learned`, () => {
      const { log } = runUnanswered({ ...base, mode }, start, end);
      const q = utc(night);
      const delivered = log.filter((e) => e.type === 'delivered');
      expect(delivered.length).toBeGreaterThan(1);
      expect(delivered.filter((e) => isQuiet(q, e.at))).toEqual([]);
      const misses = log.filter((e) => e.type === 'timedOut');
      expect(misses.filter((e) => isQuiet(q, e.at))).toEqual([]);
      for (const m of misses) if (m.type === 'timedOut') expect(m.missedHours.filter((h) => h >= 22 || h < 7)).toEqual([]);
    });
  }

  it('an hourly interval with nobody answering overnight is never auto-disabled by the night', () => {
    // Without quiet hours 8 misses in a row come within the first 8 hours; with them, the night adds none.
    const { log } = runUnanswered(base, at('2026-03-02T14:00:00Z'), at('2026-03-03T06:59:00Z'));
    const misses = log.filter((e) => e.type === 'timedOut');
    expect(misses.map((e) => e.at)).toEqual([15, 16, 17, 18, 19, 20, 21].map((h) => at(`2026-03-02T${h}:00:30Z`)));
    expect(log.some((e) => e.type === 'timedOut' && e.failures >= ENCOUNTER.autoDisableAfter)).toBe(false);
  });

  it('a mantra sent at 21:30 keeps its full hour: deadline 07:30, the next one then', () => {
    const rng = createRng(1);
    let s = enroll(initialProfileState(), base, at('2026-03-02T21:29:30Z')).state;
    const sent = due(s, base, at('2026-03-02T21:30:00Z'), rng);
    expect(iso(sent.state.nextDelivery)).toBe('2026-03-03T07:30:00.000Z');
    s = sent.state;
    const missed = due(s, base, at('2026-03-03T07:30:00Z'), rng);
    const [timedOut, next] = logged(missed);
    expect(timedOut).toMatchObject({ type: 'timedOut', missedHours: [21, 7] });
    expect(next).toMatchObject({ type: 'delivered', at: at('2026-03-03T07:30:00Z') });
  });

  it('a send time inside them (enrolled at night) waits for their end', () => {
    const rng = createRng(1);
    const s = enroll(initialProfileState(), base, at('2026-03-02T23:00:00Z')).state;
    const step = due(s, base, at('2026-03-02T23:00:30Z'), rng);
    expect(logged(step)).toEqual([{ type: 'rescheduled', at: at('2026-03-02T23:00:30Z'), next: at('2026-03-03T07:00:00Z'), reason: 'quiet hours' }]);
    expect(step.effects.some((e) => e.kind === 'deliver')).toBe(false);
  });

  it('an answer inside them counts, but nothing is learned', () => {
    const rng = createRng(1);
    const s0 = enroll(initialProfileState(), base, at('2026-03-02T21:29:30Z')).state;
    const s1 = due(s0, base, at('2026-03-02T21:30:00Z'), rng).state;
    const step = answer(s1, base, { text: 'I breathe slowly', channel: 'cli' }, at('2026-03-02T23:10:00Z'));
    expect(logged(step)[0]).toMatchObject({ type: 'answered', quiet: true, hour: 23 });
    expect(step.state.curve).toEqual(s1.curve);
    expect(step.state.answered).toBe(1);
    expect(replay(s1, logged(step), seedV2.learner).curve).toEqual(s1.curve);
  });
});

describe('snooze', () => {
  const ctx: EncounterContext = { ...base, mode: { kind: 'interval', hours: 4 }, quietHours: [] };
  function sentAt(t: number): { state: ProfileState; log: LogEntry[] } {
    const e = enroll(initialProfileState(), ctx, t - ENCOUNTER.enrollmentDelayMs);
    const d = due(e.state, ctx, t, createRng(2));
    return { state: d.state, log: [...logged(e), ...logged(d)] };
  }

  it('hides the mantra, moves its deadline by the snooze, and brings the same mantra back', () => {
    const t = at('2026-03-02T10:00:00Z');
    const { state, log } = sentAt(t);
    const snoozed = snooze(state, ctx, 30, t + 5 * MIN);
    expect(logged(snoozed)).toEqual([{ type: 'snoozed', at: t + 5 * MIN, minutes: 30, until: t + 35 * MIN, deadline: t + 4 * H + 30 * MIN }]);
    expect(snoozed.effects.find((e) => e.kind === 'settle')).toMatchObject({ outcome: 'snoozed' });
    expect(snoozed.state.curve).toEqual(state.curve);
    expect(snoozed.state.frequency).toBe(state.frequency);
    expect(snoozed.state.consecutiveFailures).toBe(0);
    expect(nextWake(snoozed.state)).toBe(t + 35 * MIN);
    const back = due(snoozed.state, ctx, t + 35 * MIN, createRng(9));
    expect(logged(back)).toEqual([{ type: 'resurfaced', at: t + 35 * MIN }]);
    expect(back.effects.find((e) => e.kind === 'deliver')).toEqual({ kind: 'deliver', mantra: state.current, sentAt: state.sent, deadline: t + 4 * H + 30 * MIN });
    expect(back.state.delivered).toBe(1);
    // The log replays to the same state.
    expect(replay(initialProfileState(), [...log, ...logged(snoozed), ...logged(back)], seedV2.learner)).toEqual(back.state);
    // Missed hours of a later answer count from the mantra's return, not from its first sending.
    const answered = answer(back.state, ctx, { text: 'I breathe slowly', channel: 'cli' }, t + 90 * MIN);
    expect(logged(answered)[0]).toMatchObject({ type: 'answered', missedHours: [10], hour: 11 });
  });

  it('refuses without an out mantra, and ends no earlier than quiet hours do', () => {
    expect(snooze(initialProfileState(), ctx, 10, 0).error).toMatch(/nothing to snooze/);
    const t = at('2026-03-02T21:55:00Z');
    const { state } = sentAt(t);
    const quietCtx = { ...ctx, quietHours: night };
    expect(snooze(state, quietCtx, 10, t).state.snoozedUntil).toBe(at('2026-03-03T07:00:00Z'));
  });
});

describe('how often: a range', () => {
  const range = { min: 2, max: 4 };
  it('a new profile starts at the lower end, then the controller moves inside the range', () => {
    const fresh = initialProfileState();
    expect(effectiveFrequency(fresh, { kind: 'adaptive' }, range)).toBe(2);
    expect(effectiveFrequency(fresh, { kind: 'adaptive' }, null)).toBe(FREQUENCY.initial);
    expect(effectiveFrequency(fresh, { kind: 'interval', hours: 2 }, range)).toBe(FREQUENCY.initial);
    const ctx: EncounterContext = { ...base, mode: { kind: 'adaptive' }, quietHours: [], frequencyRange: range };
    let state: ProfileState = { ...enroll(fresh, ctx, 0).state };
    const rng = createRng(4);
    for (let i = 0; i < 30; i++) {
      const d = due(state, ctx, nextWake(state) ?? 0, rng);
      state = answer(d.state, ctx, { text: 'I breathe slowly', channel: 'cli' }, (d.state.sent ?? 0) + MIN).state;
      expect(state.frequency).toBeGreaterThanOrEqual(2);
      expect(state.frequency).toBeLessThanOrEqual(4);
    }
    expect(state.frequency).toBe(4);
  });
});

describe('overlappedWindow', () => {
  const w = (from: string, to: string, days: 'all' | 'weekdays' | 'weekends' = 'all') => ({ from, to, days });
  it('finds the earlier window a later one repeats or swallows, across midnight', () => {
    expect(overlappedWindow([w('23:00', '06:00'), w('22:00', '07:00')], 1)).toBe(0);
    expect(overlappedWindow([w('22:00', '07:00'), w('22:00', '07:00')], 1)).toBe(0);
    expect(overlappedWindow([w('12:00', '13:00'), w('22:00', '07:00'), w('23:00', '01:00', 'weekdays')], 2)).toBe(1);
    expect(overlappedWindow([w('01:00', '02:00', 'weekends'), w('00:00', '03:00')], 1)).toBe(0);
  });
  it('lets partial overlaps that widen the time, touching ends and weekday/weekend windows stand', () => {
    expect(overlappedWindow([w('22:00', '07:00'), w('06:00', '09:00', 'weekends')], 1)).toBe(-1);
    expect(overlappedWindow([w('22:00', '23:00'), w('23:00', '01:00')], 1)).toBe(-1);
    expect(overlappedWindow([w('22:00', '07:00', 'weekdays'), w('22:00', '07:00', 'weekends')], 1)).toBe(-1);
    expect(overlappedWindow([w('22:00', '07:00', 'weekdays'), w('23:00', '06:00', 'weekends')], 1)).toBe(-1);
  });
});
