/**
 * The simulated user of ../shared/sim/README.md: a calendar that starts on Monday
 * 2026-01-05 00:00 local time, a curve per day (weekday/weekend, changed pattern,
 * daily rotation), and the minute-by-minute notice/ignore/complete process.
 *
 * Sampling. The README's process draws, in every minute m (whole local minutes from the
 * start) during which a mantra is pending, "noticed?" with q = 1 - (1 - c)^(1/60), then
 * "ignored?" with probability i. An ignored notice changes nothing, so the minute of the
 * first notice that is not ignored is the first success of independent Bernoulli trials
 * with r = q (1 - i). Inside one local hour r is constant, so the number of failed
 * minutes before that success is geometric: one draw per hour segment,
 * K = floor(ln U / ln(1 - r)), gives exactly the distribution of the minute-by-minute
 * process (memorylessness lets a segment without success hand over to the next).
 * A notice in minute m happens at the minute's start; the answer lands a log-normal
 * completion time later (median, sigma 0.5, clamped to [0.25, max] minutes).
 */
import { HOURS_PER_DAY } from '../constants.js';
import { randomInt, randomNormal, type Rng } from '../random.js';
import { addDays, epochOf, hourOf, nextHourStart } from '../zone.js';
import type { Archetype } from './archetype.js';

export const MINUTE_MS = 60_000;
/** First simulated day: Monday 2026-01-05 (README, "Clock"). */
export const SIM_START_DATE = Object.freeze({ year: 2026, month: 1, day: 5 });
/** Log-normal sigma of the completion time (README, "The user"). */
export const COMPLETION_SIGMA = 0.5;
/** Shortest completion time, minutes (README). */
export const MIN_COMPLETION_MINUTES = 0.25;

/** Local midnights: dayStarts[d] is the start of simulated day d (d = 0 is the first Monday). */
export interface Calendar {
  readonly timeZone: string;
  readonly dayStarts: readonly number[];
}

/** Midnights of days 0..count (count + 1 instants, so day count - 1 has an end). */
export function calendar(timeZone: string, count: number): Calendar {
  const dayStarts: number[] = [];
  for (let d = 0; d <= count; d++) {
    const date = addDays(SIM_START_DATE.year, SIM_START_DATE.month, SIM_START_DATE.day, d);
    dayStarts.push(epochOf(date.year, date.month, date.day, 0, 0, timeZone));
  }
  return { timeZone, dayStarts };
}

/** Day index holding instant t (-1 before the start; the last day past the end). */
export function dayIndexAt(cal: Calendar, t: number): number {
  const starts = cal.dayStarts;
  let lo = -1;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? Infinity) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Day 0 is a Monday, so days 5 and 6 of every week are Saturday and Sunday. */
export function isWeekend(day: number): boolean {
  const weekday = ((day % 7) + 7) % 7;
  return weekday === 5 || weekday === 6;
}

/** The unrotated curve of day d: weekday or weekend, the changed ones from day changeAfterDays on. */
export function baseCurve(a: Archetype, day: number): readonly number[] {
  const changed = a.change !== null && day >= a.change.afterDays;
  if (a.change !== null && changed) return isWeekend(day) ? a.change.weekendAvailability : a.change.availability;
  return isWeekend(day) ? a.weekendAvailability : a.availability;
}

/** c[h] = base[(h - shift) mod 24]: a shift of +2 moves the whole day two hours later. */
export function rotate(base: readonly number[], shift: number): number[] {
  const n = HOURS_PER_DAY;
  return Array.from({ length: n }, (_, h) => base[(((h - shift) % n) + n) % n] ?? 0);
}

/** Shift s_d of each day, uniform over the whole numbers in [-J, J]; no draws when J = 0. */
export function drawShifts(jitterHours: number, count: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => (jitterHours > 0 ? randomInt(rng, -jitterHours, jitterHours) : 0));
}

/** The curves c_d the user lives by, one per day. */
export function dayCurves(a: Archetype, shifts: readonly number[]): number[][] {
  return shifts.map((s, d) => rotate(baseCurve(a, d), s));
}

/** q = 1 - (1 - c)^(1/60): a whole pending hour is noticed with chance c. */
export function noticePerMinute(c: number): number {
  if (c >= 1) return 1;
  return -Math.expm1(Math.log1p(-c) / 60);
}

/** r = q (1 - ignoreProbability): the chance a pending mantra is taken up in one minute. */
export function takeUpPerMinute(c: number, ignoreProbability: number): number {
  return noticePerMinute(c) * (1 - ignoreProbability);
}

/** Failed trials before the first success of Bernoulli(p) trials; Infinity when p = 0. */
export function geometric(rng: Rng, p: number): number {
  if (p >= 1) return 0;
  if (p <= 0) return Infinity;
  const u = 1 - rng.next(); // (0, 1]
  return Math.floor(Math.log(u) / Math.log1p(-p));
}

/** Log-normal completion time in minutes, clamped to [0.25, max]. */
export function completionMinutes(rng: Rng, median: number, max: number): number {
  const x = median * Math.exp(COMPLETION_SIGMA * randomNormal(rng));
  return Math.min(max, Math.max(MIN_COMPLETION_MINUTES, x));
}

export interface SimUser {
  readonly archetype: Archetype;
  readonly calendar: Calendar;
  /** c_d for every day of the calendar. */
  readonly curves: readonly (readonly number[])[];
  /** r per day and hour. */
  readonly rates: readonly (readonly number[])[];
  readonly rng: Rng;
}

/**
 * A user for `days` simulated days plus one (the convergence rule compares the last
 * day's estimate with the next day's truth). Shifts come from their own generator so
 * that every algorithm meets the same days for the same seed.
 */
export function createUser(a: Archetype, days: number, rngs: { readonly shifts: Rng; readonly user: Rng }): SimUser {
  const cal = calendar(a.timezone, days + 1);
  const curves = dayCurves(a, drawShifts(a.dailyJitterHours, days + 1, rngs.shifts));
  const rates = curves.map((c) => c.map((v) => takeUpPerMinute(v, a.ignoreProbability)));
  return { archetype: a, calendar: cal, curves, rates, rng: rngs.user };
}

export type Response =
  | { readonly kind: 'answer'; readonly noticedAt: number; readonly at: number }
  /** Noticed, but the answer would land at or after the deadline: a miss. */
  | { readonly kind: 'late'; readonly noticedAt: number; readonly at: number }
  | { readonly kind: 'none' };

/** The first whole local minute at or after t. */
function minuteAtOrAfter(cal: Calendar, t: number): number {
  const origin = cal.dayStarts[0] ?? 0;
  return origin + Math.ceil((t - origin) / MINUTE_MS) * MINUTE_MS;
}

/**
 * What the user does with a mantra delivered at `sent` whose deadline is `deadline`:
 * looks at it in every minute starting in [sent, min(deadline, horizon)), and answers
 * it, misses it by being too slow, or never takes it up.
 */
export function respond(user: SimUser, sent: number, deadline: number, horizon: number): Response {
  const cal = user.calendar;
  const stop = Math.min(deadline, horizon, cal.dayStarts[cal.dayStarts.length - 1] ?? horizon);
  let t = minuteAtOrAfter(cal, sent);
  while (t < stop) {
    const end = minuteAtOrAfter(cal, Math.min(nextHourStart(t, cal.timeZone), stop));
    const minutes = (end - t) / MINUTE_MS;
    const rate = user.rates[dayIndexAt(cal, t)]?.[hourOf(t, cal.timeZone)] ?? 0;
    const failures = rate > 0 ? geometric(user.rng, rate) : Infinity;
    if (failures < minutes) {
      const noticedAt = t + failures * MINUTE_MS;
      const { median, max } = user.archetype.completionMinutes;
      const at = noticedAt + Math.round(completionMinutes(user.rng, median, max) * MINUTE_MS);
      return at < deadline ? { kind: 'answer', noticedAt, at } : { kind: 'late', noticedAt, at };
    }
    t = end;
  }
  return { kind: 'none' };
}
