import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../shared/random.js';
import { archetype, type ArchetypeInput } from '../../../shared/sim/archetype.js';
import {
  baseCurve,
  calendar,
  completionMinutes,
  createUser,
  dayIndexAt,
  drawShifts,
  geometric,
  isWeekend,
  MINUTE_MS,
  noticePerMinute,
  respond,
  rotate,
  takeUpPerMinute,
  type SimUser,
} from '../../../shared/sim/user.js';

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.UTC(2026, 0, 5);
const flat = (v: number) => Array.from({ length: 24 }, () => v);

function userOf(input: Partial<ArchetypeInput>, seed = 1, days = 14): SimUser {
  const a = archetype({ name: 'test', availability: flat(0.5), ...input });
  return createUser(a, days, { shifts: createRng(seed), user: createRng(seed + 1000) });
}

describe('clock', () => {
  it('day 0 starts on Monday 2026-01-05 at 00:00 local time of the zone', () => {
    const utc = calendar('UTC', 7);
    expect(utc.dayStarts[0]).toBe(MONDAY);
    expect(new Date(MONDAY).getUTCDay()).toBe(1);
    expect(utc.dayStarts[7]).toBe(MONDAY + 7 * DAY);
    // Berlin is UTC+1 in January: local midnight is 23:00 UTC the evening before.
    expect(calendar('Europe/Berlin', 1).dayStarts[0]).toBe(Date.UTC(2026, 0, 4, 23));
  });

  it('local days follow the zone across daylight saving (Berlin, 2026-03-29 has 23 hours)', () => {
    const cal = calendar('Europe/Berlin', 90);
    const d = (Date.UTC(2026, 2, 29) - MONDAY) / DAY;
    expect((cal.dayStarts[d + 1]! - cal.dayStarts[d]!) / H).toBe(23);
    expect((cal.dayStarts[d]! - cal.dayStarts[d - 1]!) / H).toBe(24);
  });

  it('finds the day of an instant; Saturday and Sunday are days 5 and 6 of each week', () => {
    const cal = calendar('UTC', 14);
    expect(dayIndexAt(cal, MONDAY - 1)).toBe(-1);
    expect(dayIndexAt(cal, MONDAY)).toBe(0);
    expect(dayIndexAt(cal, MONDAY + DAY - 1)).toBe(0);
    expect(dayIndexAt(cal, MONDAY + 5 * DAY + 12 * H)).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 12, 13].map(isWeekend)).toEqual([false, false, false, false, false, true, true, false, true, true]);
    expect(new Date(MONDAY + 5 * DAY).getUTCDay()).toBe(6); // Saturday
  });
});

describe('the curve of a day', () => {
  const weekday = flat(0.2);
  const weekend = flat(0.9);
  const a = archetype({ name: 'w', availability: weekday, weekendAvailability: weekend, changeAfterDays: 10, changedAvailability: flat(0.4) });

  it('weekend curve on Saturday and Sunday, the changed curves from day changeAfterDays on', () => {
    expect(baseCurve(a, 4)).toEqual(weekday); // Friday
    expect(baseCurve(a, 5)).toEqual(weekend); // Saturday
    expect(baseCurve(a, 6)).toEqual(weekend); // Sunday
    expect(baseCurve(a, 9)).toEqual(weekday);
    expect(baseCurve(a, 10)).toEqual(flat(0.4));
    expect(baseCurve(a, 12)).toEqual(flat(0.4)); // changed weekend defaults to changed weekday
  });

  it('rotation: c_d[h] = base[(h - s_d) mod 24]', () => {
    const base = Array.from({ length: 24 }, (_, h) => h);
    expect(rotate(base, 0)).toEqual(base);
    const later = rotate(base, 2);
    expect(later[0]).toBe(22);
    expect(later[1]).toBe(23);
    expect(later[2]).toBe(0);
    expect(later[9]).toBe(7); // what the user did at 07:00 happens at 09:00
    const earlier = rotate(base, -2);
    expect(earlier[0]).toBe(2);
    expect(earlier[23]).toBe(1);
  });

  it('daily shifts are whole numbers uniform over [-J, J]; none drawn when J = 0', () => {
    const shifts = drawShifts(2, 5000, createRng(3));
    const counts = new Map<number, number>();
    for (const s of shifts) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
    for (const n of counts.values()) expect(n / 5000).toBeGreaterThan(0.17);
    let draws = 0;
    const counting: Rng = { next: () => (draws++, 0.5) };
    expect(drawShifts(0, 10, counting)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(draws).toBe(0);
  });

  it("the user lives by the rotated curves, one per day and one extra for the last day's convergence check", () => {
    const user = userOf({ availability: Array.from({ length: 24 }, (_, h) => h / 23), dailyJitterHours: 3 }, 5, 10);
    expect(user.curves).toHaveLength(11);
    for (const c of user.curves) {
      const shift = (24 - c.indexOf(0)) % 24;
      expect(shift <= 3 || shift >= 21).toBe(true);
    }
  });
});

describe('notice and take-up rates', () => {
  it('q = 1 - (1 - c)^(1/60): a whole hour is noticed with chance c', () => {
    for (const c of [0, 0.05, 0.5, 0.9]) expect(1 - (1 - noticePerMinute(c)) ** 60).toBeCloseTo(c, 12);
    expect(noticePerMinute(1)).toBe(1);
    expect(noticePerMinute(0.5)).toBeCloseTo(0.011485979647, 10);
    expect(takeUpPerMinute(0.5, 0.5)).toBeCloseTo(0.005742989824, 10);
  });

  it('geometric: failures before the first success', () => {
    const rng = createRng(9);
    expect(geometric(rng, 1)).toBe(0);
    expect(geometric(rng, 0)).toBe(Infinity);
    const draws = Array.from({ length: 20000 }, () => geometric(rng, 0.25));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeCloseTo(3, 1); // (1 - p) / p
  });

  it('completion time: log-normal around the median, clamped to [0.25, max]', () => {
    const rng = createRng(4);
    const xs = Array.from({ length: 20000 }, () => completionMinutes(rng, 2, 10)).sort((a, b) => a - b);
    expect(xs[0]).toBeGreaterThanOrEqual(0.25);
    expect(xs.at(-1)).toBeLessThanOrEqual(10);
    expect(xs[10000]).toBeCloseTo(2, 1);
    const clamped = Array.from({ length: 1000 }, () => completionMinutes(rng, 0.01, 10));
    expect(new Set(clamped)).toEqual(new Set([0.25]));
    expect(completionMinutes(rng, 50, 8)).toBe(8);
  });
});

describe('the user answering a pending mantra', () => {
  const sent = MONDAY + 9 * H + 30_000; // Monday 09:00:30
  const farDeadline = sent + 12 * H;
  const horizon = MONDAY + 14 * DAY;

  it('availability 1.0: noticed at the first whole minute, answered within the first hour', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const user = userOf({ availability: flat(1) }, seed);
      const r = respond(user, sent, farDeadline, horizon);
      expect(r.kind).toBe('answer');
      if (r.kind !== 'answer') continue;
      expect(r.noticedAt).toBe(MONDAY + 9 * H + MINUTE_MS);
      expect(r.at - r.noticedAt).toBeGreaterThanOrEqual(0.25 * MINUTE_MS);
      expect(r.at - r.noticedAt).toBeLessThanOrEqual(10 * MINUTE_MS);
      expect(r.at - sent).toBeLessThan(H);
    }
  });

  it('availability 0.0: never', () => {
    for (let seed = 1; seed <= 20; seed++) expect(respond(userOf({ availability: flat(0) }, seed), sent, farDeadline, horizon)).toEqual({ kind: 'none' });
  });

  it('ignoreProbability 1: sees it every time and never answers', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(respond(userOf({ availability: flat(1), ignoreProbability: 1 }, seed), sent, farDeadline, horizon)).toEqual({ kind: 'none' });
    }
  });

  it('only the hours with availability count: 0 everywhere but 14:00 -> noticed in the 14:00 hour', () => {
    const availability = flat(0);
    availability[14] = 1;
    const r = respond(userOf({ availability }), sent, farDeadline, horizon);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.noticedAt).toBe(MONDAY + 14 * H);
  });

  it('Saturday uses the weekend curve', () => {
    const user = userOf({ availability: flat(0), weekendAvailability: flat(1) });
    expect(respond(user, MONDAY + 4 * DAY + 10 * H, MONDAY + 4 * DAY + 20 * H, horizon).kind).toBe('none'); // Friday
    const saturday = respond(user, MONDAY + 5 * DAY + 10 * H, MONDAY + 5 * DAY + 20 * H, horizon);
    expect(saturday.kind).toBe('answer');
    if (saturday.kind === 'answer') expect(saturday.noticedAt).toBe(MONDAY + 5 * DAY + 10 * H);
  });

  it('a window that runs into Saturday is taken up at Saturday midnight', () => {
    const user = userOf({ availability: flat(0), weekendAvailability: flat(1) });
    const r = respond(user, MONDAY + 4 * DAY + 20 * H + 123, MONDAY + 5 * DAY + 6 * H, horizon);
    expect(r.kind === 'answer' && r.noticedAt).toBe(MONDAY + 5 * DAY);
  });

  it('an answer that would land at or after the deadline is a miss', () => {
    const user = userOf({ availability: flat(1), completionMinutes: { median: 50, max: 5 } }); // always clamped to 5 min
    const late = respond(user, MONDAY, MONDAY + 4 * MINUTE_MS, horizon);
    expect(late).toEqual({ kind: 'late', noticedAt: MONDAY, at: MONDAY + 5 * MINUTE_MS });
    const exact = respond(user, MONDAY, MONDAY + 5 * MINUTE_MS, horizon);
    expect(exact.kind).toBe('late');
    expect(respond(user, MONDAY, MONDAY + 5 * MINUTE_MS + 1, horizon).kind).toBe('answer');
  });

  it('no notice at or after the deadline, nor past the horizon', () => {
    const availability = flat(0);
    availability[14] = 1;
    const user = userOf({ availability });
    expect(respond(user, sent, MONDAY + 14 * H, horizon).kind).toBe('none');
    expect(respond(user, sent, farDeadline, MONDAY + 14 * H).kind).toBe('none');
  });

  it('a whole pending hour is taken up with chance truth = 1 - (1 - q (1 - i))^60', () => {
    const user = userOf({ availability: flat(0.5), ignoreProbability: 0.5 }, 11);
    let taken = 0;
    const trials = 20000;
    for (let i = 0; i < trials; i++) if (respond(user, MONDAY + 9 * H, MONDAY + 10 * H, horizon).kind !== 'none') taken++;
    expect(Math.abs(taken / trials - 0.29218509428)).toBeLessThan(0.012);
  });

  it('hour-segment sampling has the distribution of the minute-by-minute notice/ignore process', () => {
    // Availability changes every hour; compare the histogram of the take-up minute with a literal per-minute simulation.
    const availability = Array.from({ length: 24 }, (_, h) => [0.1, 0.6, 0.3, 0.9][h % 4]!);
    const ignore = 0.3;
    const user = userOf({ availability, ignoreProbability: ignore, completionMinutes: { median: 1, max: 1 } }, 21);
    const start = MONDAY + 8 * H + 20 * MINUTE_MS;
    const deadline = start + 3 * H;
    const trials = 20000;
    const fast = new Array<number>(5).fill(0); // [h8 part, h9, h10, h11 part, none]
    const slow = new Array<number>(5).fill(0);
    const bucket = (t: number | null) => (t === null ? 4 : Math.floor((t - MONDAY) / H) - 8);
    const literal = createRng(99);
    for (let i = 0; i < trials; i++) {
      const r = respond(user, start, deadline, horizon);
      fast[bucket(r.kind === 'none' ? null : r.noticedAt)]!++;
      let at: number | null = null;
      for (let t = start; t < deadline && at === null; t += MINUTE_MS) {
        const c = availability[Math.floor((t - MONDAY) / H) % 24]!;
        if (literal.next() < noticePerMinute(c) && literal.next() >= ignore) at = t;
      }
      slow[bucket(at)]!++;
    }
    for (let b = 0; b < 5; b++) expect(Math.abs(fast[b]! - slow[b]!) / trials).toBeLessThan(0.015);
  });

  it('the same generator gives the same answers', () => {
    const run = () => {
      const user = userOf({ availability: flat(0.3), dailyJitterHours: 2 }, 8);
      return Array.from({ length: 20 }, (_, i) => respond(user, MONDAY + i * 7 * H, MONDAY + i * 7 * H + 5 * H, horizon));
    };
    expect(run()).toEqual(run());
  });
});
