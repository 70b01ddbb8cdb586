import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flatCurve } from '../../../shared/availability.js';
import { modeProblems, nextAdaptive, nextDelivery, nextFixed } from '../../../shared/schedule.js';
import type { DeliveryMode } from '../../../shared/settings.js';
import { calendarDaysBetween, localTime } from '../../../shared/zone.js';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);
const flat = { curve: flatCurve(), frequency: 1, timeZone: 'UTC' };

describe('adaptive: integrate the curve until sum / frequency', () => {
  it('a flat curve at one a day lands exactly 24 h later, at two a day 12 h later', () => {
    const now = utc('2026-03-02T10:15:00Z');
    expect(nextAdaptive(flat, now)).toBe(now + 24 * H);
    expect(nextAdaptive({ ...flat, frequency: 2 }, now)).toBe(now + 12 * H);
  });

  it('passes quickly through low hours and lands inside high ones', () => {
    // 00-11 at 0.1, 12-23 at 1.0: sum 13.2, target at 2/day 6.6 = 1.2 (night) + 5.4 h after noon.
    const curve = [...Array(12).fill(0.1), ...Array(12).fill(1)];
    const next = nextAdaptive({ curve, frequency: 2, timeZone: 'UTC' }, utc('2026-03-02T00:00:00Z'));
    expect(new Date(next).toISOString()).toBe('2026-03-02T17:24:00.000Z');
  });

  it('counts local hours of the profile time zone (half-hour offset)', () => {
    // Asia/Kolkata is UTC+05:30: local hour 12 starts at 06:30 UTC.
    const curve = [...Array(12).fill(0.1), ...Array(12).fill(1)];
    const now = utc('2026-03-01T18:30:00Z'); // local midnight
    const next = nextAdaptive({ curve, frequency: 2, timeZone: 'Asia/Kolkata' }, now);
    expect(new Date(next).toISOString()).toBe('2026-03-02T11:54:00.000Z'); // local 17:24
  });
});

describe('interval mode', () => {
  it('adds the interval', () => {
    const now = utc('2026-03-02T10:00:00Z');
    expect(nextDelivery({ kind: 'interval', hours: 4 }, flat, now)).toBe(now + 4 * H);
  });

  it('refuses 0 and 25 hours with a message saying what is wrong', () => {
    expect(() => nextDelivery({ kind: 'interval', hours: 0 }, flat, 0)).toThrow(/at least 1 hour/);
    expect(() => nextDelivery({ kind: 'interval', hours: 25 }, flat, 0)).toThrow(/at most 24 hours/);
    expect(modeProblems({ kind: 'interval', hours: 2.5 })).toEqual(['interval must be a whole number of hours']);
  });
});

describe('fixed times', () => {
  const times = ['09:00', '14:00', '19:00'];

  it('takes the next listed time today', () => {
    const next = nextFixed(times, 'UTC', utc('2026-03-02T10:00:00Z'));
    expect(new Date(next).toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });

  it('is strictly after now: at 14:00 exactly the next is 19:00', () => {
    expect(new Date(nextFixed(times, 'UTC', utc('2026-03-02T14:00:00Z'))).toISOString()).toBe('2026-03-02T19:00:00.000Z');
  });

  it('wraps to tomorrow after the last one', () => {
    expect(new Date(nextFixed(times, 'UTC', utc('2026-03-02T20:00:00Z'))).toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('reads the times in the profile time zone, across a DST change', () => {
    // Berlin springs forward on 2026-03-29: 09:00 is 08:00Z before and 07:00Z after.
    expect(new Date(nextFixed(['09:00'], 'Europe/Berlin', utc('2026-03-28T12:00:00Z'))).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(nextFixed(['09:00'], 'Europe/Berlin', utc('2026-03-27T12:00:00Z'))).toISOString()).toBe('2026-03-28T08:00:00.000Z');
  });

  it('refuses "25:00" and an empty list with a message', () => {
    expect(() => nextDelivery({ kind: 'fixed', times: ['25:00'] }, flat, 0)).toThrow(/"25:00": must be a time of day as HH:MM/);
    expect(() => nextDelivery({ kind: 'fixed', times: [] }, flat, 0)).toThrow(/at least one time of day/);
    expect(modeProblems({ kind: 'fixed', times: ['09:00', '09:00'] })).toEqual(['fixed times must not repeat']);
  });
});

describe('invariants', () => {
  const now = fc.integer({ min: utc('2020-01-01T00:00:00Z'), max: utc('2035-01-01T00:00:00Z') });
  const curve = fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 });
  const frequency = fc.double({ min: 0.33, max: 6, noNaN: true });
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const mode: fc.Arbitrary<DeliveryMode> = fc.oneof(
    fc.constant({ kind: 'adaptive' as const }),
    fc.integer({ min: 1, max: 24 }).map((hours) => ({ kind: 'interval' as const, hours })),
    fc.uniqueArray(time, { minLength: 1, maxLength: 6 }).map((times) => ({ kind: 'fixed' as const, times })),
  );
  const zone = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe');

  it('the next delivery is strictly after now, for every mode and zone', () => {
    fc.assert(
      fc.property(mode, curve, frequency, zone, now, (m, c, f, tz, t) => {
        expect(nextDelivery(m, { curve: c, frequency: f, timeZone: tz }, t)).toBeGreaterThan(t);
      }),
    );
  });

  it('fixed times always land on a listed time (hours clear of DST gaps, any zone)', () => {
    // These zones change offset between 00:00 and 03:00 local, so times from 04:00 always exist.
    const dayTime = fc.tuple(fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.uniqueArray(dayTime, { minLength: 1, maxLength: 6 }), zone, now, (times, tz, t) => {
        const at = localTime(nextFixed(times, tz, t), tz);
        expect(times).toContain(`${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`);
      }),
    );
  });

  it('fixed times in UTC land exactly on a listed time within a day', () => {
    fc.assert(
      fc.property(fc.uniqueArray(time, { minLength: 1, maxLength: 6 }), now, (times, t) => {
        const next = nextFixed(times, 'UTC', t);
        const at = localTime(next, 'UTC');
        expect(times).toContain(`${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`);
        expect(next - t).toBeLessThanOrEqual(86_400_000);
      }),
    );
  });
});

describe('calendarDaysBetween', () => {
  it('counts local calendar days, not 24-hour spans, in the given zone', () => {
    const late = utc('2026-03-02T22:30:00Z'); // 23:30 in Berlin
    const soon = utc('2026-03-02T23:30:00Z'); // 00:30 next day in Berlin, same day in UTC
    expect(calendarDaysBetween(late, soon, 'Europe/Berlin')).toBe(1);
    expect(calendarDaysBetween(late, soon, 'UTC')).toBe(0);
    expect(calendarDaysBetween(soon, late, 'Europe/Berlin')).toBe(-1);
    expect(calendarDaysBetween(late, late + 3 * 86_400_000, 'UTC')).toBe(3);
  });
});
