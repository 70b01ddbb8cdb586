import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { LogEntry, LogEntryOf } from '../../../shared/encounter-log.js';
import { logEntrySchema } from '../../../shared/encounter-log.js';
import { computeStats, StatsAccumulator, statsIndexSchema } from '../../../shared/stats.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 0, 15, 12, 0); // Thursday 15 Jan 2026, 12:00 UTC

const utcHour = (ms: number) => new Date(ms).getUTCHours();

function delivered(at: number, theme = 'focus', n = 0): LogEntryOf<'delivered'> {
  return {
    type: 'delivered',
    at,
    mantra: { id: `${theme}/${n}`, theme, template: `${theme} {subject} ${n}`, difficulty: 'moderate', basePoints: 50, text: `${theme} I ${n}` },
    deadline: at + 4 * HOUR,
    hour: utcHour(at),
  };
}

function answered(d: LogEntryOf<'delivered'>, responseMs: number, points = 50, streak = 1): LogEntryOf<'answered'> {
  const at = d.at + responseMs;
  return {
    type: 'answered',
    at,
    sentAt: d.at,
    responseMs,
    channel: 'window',
    theme: d.mantra.theme,
    template: d.mantra.template,
    similarity: 0.97,
    points,
    streak,
    hour: utcHour(at),
    missedHours: [],
    frequency: 1,
    next: at + HOUR,
  };
}

function timedOut(d: LogEntryOf<'delivered'>): LogEntryOf<'timedOut'> {
  return { type: 'timedOut', at: d.deadline, sentAt: d.at, theme: d.mantra.theme, template: d.mantra.template, missedHours: [], frequency: 0.9, failures: 1, next: d.deadline + HOUR };
}

function skipped(d: LogEntryOf<'delivered'> | null, at: number): LogEntryOf<'skipped'> {
  return { type: 'skipped', at, sentAt: d?.at ?? null, next: at + HOUR };
}

/** A log where outcome i follows delivery i, one encounter every 5 hours ending before NOW. */
function logOf(outcomes: readonly ('a' | 't' | 's' | 'p')[], start = NOW - outcomes.length * 5 * HOUR): LogEntry[] {
  return outcomes.flatMap((o, i): LogEntry[] => {
    const d = delivered(start + i * 5 * HOUR, i % 2 ? 'calm' : 'focus', i);
    if (o === 'a') return [d, answered(d, 3 * MIN)];
    if (o === 't') return [d, timedOut(d)];
    if (o === 's') return [d, skipped(d, d.at + MIN)];
    return [d];
  });
}

describe('computeStats', () => {
  it('starts empty with nulls where nothing can be said yet', () => {
    const s = computeStats([], NOW, 'UTC');
    expect(s).toMatchObject({ delivered: 0, answered: 0, timedOut: 0, skipped: 0, pending: 0, completionRate: null, currentStreak: 0, bestStreak: 0, totalPoints: 0 });
    expect(s.responseTime).toEqual({
      count: 0,
      medianMs: null,
      p90Ms: null,
      meanMs: null,
      histogram: ['<1m', '1-2m', '2-5m', '5-15m', '15-60m', '1-3h', '3h+'].map((label) => ({ label, count: 0 })),
    });
    expect(s.perHour).toHaveLength(24);
    expect(s.perHour.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    expect(s.days).toHaveLength(30);
    expect(s.answeredPerDay).toEqual({ last7: 0, last30: 0 });
    expect(s.perTheme).toEqual([]);
    expect(s.recent).toEqual([]);
  });

  it('counts outcomes, points and the completion rate (skips count for neither side)', () => {
    const log = logOf(['a', 'a', 't', 's', 'a', 'p']);
    const s = computeStats(log, NOW, 'UTC');
    expect(s).toMatchObject({ delivered: 6, answered: 3, timedOut: 1, skipped: 1, pending: 1, totalPoints: 150 });
    expect(s.completionRate).toBe(3 / 4);
  });

  it('does not count a skip of a delivery that was never sent', () => {
    const log = [...logOf(['a']), skipped(null, NOW - MIN)];
    expect(computeStats(log, NOW, 'UTC')).toMatchObject({ skipped: 0, delivered: 1, answered: 1 });
  });

  it('streaks: consecutive answers, a timeout resets, a skip does not break', () => {
    const s = computeStats(logOf(['a', 'a', 't', 'a', 'a', 'a', 's', 'a', 't', 'a']), NOW, 'UTC');
    expect(s.bestStreak).toBe(4);
    expect(s.currentStreak).toBe(1);
    expect(computeStats(logOf(['a', 'a', 'a', 't']), NOW, 'UTC')).toMatchObject({ bestStreak: 3, currentStreak: 0 });
    expect(computeStats(logOf(['t', 'a', 's', 'p', 'a']), NOW, 'UTC')).toMatchObject({ bestStreak: 2, currentStreak: 2 });
  });

  it('response times: median, p90, mean and one answer per bin', () => {
    const times = [30_000, 90_000, 4 * MIN, 10 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR];
    const log = times.flatMap((ms, i) => {
      const d = delivered(NOW - 20 * DAY + i * DAY);
      return [d, answered(d, ms)];
    });
    const r = computeStats(log, NOW, 'UTC').responseTime;
    expect(r.count).toBe(7);
    expect(r.medianMs).toBe(10 * MIN);
    expect(r.p90Ms).toBe(Math.round(2 * HOUR + 0.4 * 3 * HOUR));
    expect(r.meanMs).toBe(Math.round(times.reduce((a, b) => a + b) / 7));
    expect(r.histogram.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('bins include their lower bound; an even count has the middle-two median', () => {
    const edges = [59_999, 60_000, 3 * HOUR - 1, 3 * HOUR];
    const log = edges.flatMap((ms, i) => {
      const d = delivered(NOW - 10 * DAY + i * DAY);
      return [d, answered(d, ms)];
    });
    const r = computeStats(log, NOW, 'UTC').responseTime;
    expect(r.histogram).toEqual([
      { label: '<1m', count: 1 },
      { label: '1-2m', count: 1 },
      { label: '2-5m', count: 0 },
      { label: '5-15m', count: 0 },
      { label: '15-60m', count: 0 },
      { label: '1-3h', count: 1 },
      { label: '3h+', count: 1 },
    ]);
    expect(r.medianMs).toBe(Math.round((60_000 + 3 * HOUR - 1) / 2));
  });

  it('per theme: delivered, answered, timed out and rate, most delivered first', () => {
    const f1 = delivered(NOW - 10 * HOUR, 'focus');
    const f2 = delivered(NOW - 8 * HOUR, 'focus');
    const f3 = delivered(NOW - 6 * HOUR, 'focus');
    const c1 = delivered(NOW - 4 * HOUR, 'calm');
    const r1 = delivered(NOW - 2 * HOUR, 'rest');
    const log = [f1, answered(f1, MIN), f2, timedOut(f2), f3, answered(f3, MIN), c1, skipped(c1, c1.at + MIN), r1];
    expect(computeStats(log, NOW, 'UTC').perTheme).toEqual([
      { theme: 'focus', delivered: 3, answered: 2, timedOut: 1, rate: 2 / 3 },
      { theme: 'calm', delivered: 1, answered: 0, timedOut: 0, rate: null },
      { theme: 'rest', delivered: 1, answered: 0, timedOut: 0, rate: null },
    ]);
  });

  it('per hour: deliveries by send hour, answers by answer hour', () => {
    const d = delivered(Date.UTC(2026, 0, 14, 9, 50));
    const log = [d, answered(d, 20 * MIN)];
    const s = computeStats(log, NOW, 'UTC');
    expect(s.perHour[9]).toEqual({ hour: 9, delivered: 1, answered: 0 });
    expect(s.perHour[10]).toEqual({ hour: 10, delivered: 0, answered: 1 });
    expect(s.perHour.reduce((n, h) => n + h.delivered + h.answered, 0)).toBe(2);
  });

  it('answers per day over rolling 7 and 30 day windows ending now', () => {
    const ago = [1 * DAY, 7 * DAY - 1, 7 * DAY, 29 * DAY, 30 * DAY, 31 * DAY];
    const log = ago.flatMap((back) => {
      const d = delivered(NOW - back - MIN);
      return [d, answered(d, MIN)];
    });
    const future = delivered(NOW + HOUR);
    log.push(future, answered(future, MIN));
    expect(computeStats(log, NOW, 'UTC').answeredPerDay).toEqual({ last7: 2 / 7, last30: 4 / 30 });
  });

  it('days: the last 30 local calendar dates, oldest first, across a year boundary', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    const days = computeStats([], now, 'UTC').days;
    expect(days[0]?.date).toBe('2025-12-12');
    expect(days[29]?.date).toBe('2026-01-10');
    expect(days.map((d) => d.date)).toContain('2025-12-31');
    expect(new Set(days.map((d) => d.date)).size).toBe(30);
  });

  it('days: an instant falls on the local date of the given time zone', () => {
    const d = delivered(Date.UTC(2026, 0, 15, 2, 0)); // 21:00 on the 14th in New York, 11:00 on the 15th in Tokyo
    const log = [d, answered(d, 30 * MIN)];
    const inUtc = computeStats(log, NOW, 'UTC').days;
    const inNewYork = computeStats(log, NOW, 'America/New_York').days;
    const inTokyo = computeStats(log, NOW, 'Asia/Tokyo').days;
    expect(inUtc.find((x) => x.date === '2026-01-15')).toEqual({ date: '2026-01-15', delivered: 1, answered: 1 });
    expect(inNewYork.find((x) => x.date === '2026-01-14')).toEqual({ date: '2026-01-14', delivered: 1, answered: 1 });
    expect(inNewYork.at(-1)?.date).toBe('2026-01-15'); // NOW is 07:00 there
    expect(computeStats([], Date.UTC(2026, 0, 15, 3), 'America/New_York').days.at(-1)?.date).toBe('2026-01-14');
    expect(inTokyo.find((x) => x.date === '2026-01-15')?.answered).toBe(1);
    expect(inUtc.reduce((n, x) => n + x.answered, 0)).toBe(1);
  });

  it('recent: the last 20 encounters newest first, joined with their outcomes', () => {
    const outcomes = Array.from({ length: 21 }, () => 'a' as const);
    const log = logOf([...outcomes, 't', 's', 'p']);
    const s = computeStats(log, NOW, 'UTC');
    expect(s.recent).toHaveLength(20);
    expect(s.recent.map((r) => r.outcome).slice(0, 4)).toEqual(['pending', 'skipped', 'timedOut', 'answered']);
    const sent = s.recent.map((r) => r.sentAt);
    expect(sent).toEqual([...sent].sort((a, b) => b - a));
    const last = log.filter((e): e is LogEntryOf<'delivered'> => e.type === 'delivered').at(-1)!;
    expect(s.recent[0]).toEqual({
      sentAt: last.at,
      deadline: last.deadline,
      mantraId: last.mantra.id,
      theme: last.mantra.theme,
      template: last.mantra.template,
      text: last.mantra.text,
      difficulty: 'moderate',
      outcome: 'pending',
      resolvedAt: null,
      responseMs: null,
      points: null,
      similarity: null,
      channel: null,
    });
    expect(s.recent[3]).toMatchObject({ outcome: 'answered', responseMs: 3 * MIN, points: 50, similarity: 0.97, channel: 'window', resolvedAt: s.recent[3]!.sentAt + 3 * MIN });
    expect(s.recent[2]).toMatchObject({ outcome: 'timedOut', resolvedAt: s.recent[2]!.deadline, responseMs: null });
  });
});

/** Random but well-formed logs: each encounter is delivered, then answered, timed out, skipped or left open. */
const randomLog = fc
  .array(
    fc.record({
      outcome: fc.constantFrom('a', 't', 's', 'p', 'w'),
      gap: fc.integer({ min: MIN, max: 3 * DAY }),
      response: fc.integer({ min: 0, max: 4 * HOUR - 1 }),
      theme: fc.constantFrom('focus', 'calm', 'rest'),
    }),
    { maxLength: 60 },
  )
  .map((steps) => {
    const log: LogEntry[] = [];
    let t = NOW - 60 * 3 * DAY;
    let streak = 0;
    for (const { outcome, gap, response, theme } of steps) {
      t += gap;
      if (outcome === 'w') {
        log.push(skipped(null, t));
        continue;
      }
      const d = delivered(t, theme);
      log.push(d);
      if (outcome === 'a') log.push(answered(d, response, 50, ++streak));
      if (outcome === 't') {
        streak = 0;
        log.push(timedOut(d));
      }
      if (outcome === 's') log.push(skipped(d, d.at + response));
      t += 4 * HOUR;
    }
    return log;
  });

describe('computeStats properties', () => {
  it('figures agree with each other and survive a JSON round trip', () => {
    fc.assert(
      fc.property(randomLog, fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Auckland'), (log, zone) => {
        for (const e of log) logEntrySchema.parse(e);
        const s = computeStats(log, NOW, zone);
        expect(s.answered + s.timedOut + s.skipped + s.pending).toBe(s.delivered);
        expect(s.responseTime.histogram.reduce((n, b) => n + b.count, 0)).toBe(s.answered);
        expect(s.perHour.reduce((n, h) => n + h.answered, 0)).toBe(s.answered);
        expect(s.perHour.reduce((n, h) => n + h.delivered, 0)).toBe(s.delivered);
        expect(s.perTheme.reduce((n, x) => n + x.delivered, 0)).toBe(s.delivered);
        expect(s.recent).toHaveLength(Math.min(20, s.delivered));
        expect(s.bestStreak).toBeGreaterThanOrEqual(s.currentStreak);
        const lastAnswer = [...log].reverse().find((e) => e.type === 'answered' || e.type === 'timedOut');
        expect(s.currentStreak).toBe(lastAnswer?.type === 'answered' ? lastAnswer.streak : 0);
        if (s.completionRate !== null) expect(s.completionRate).toBeGreaterThanOrEqual(0);
        if (s.completionRate !== null) expect(s.completionRate).toBeLessThanOrEqual(1);
        if (s.responseTime.medianMs !== null) expect(s.responseTime.p90Ms!).toBeGreaterThanOrEqual(s.responseTime.medianMs);
        // The last 7 local dates lie inside the rolling 7 x 24 h (no DST change in these zones in the month before NOW).
        const lastSevenDates = s.days.slice(-7).reduce((n, d) => n + d.answered, 0);
        expect(lastSevenDates).toBeLessThanOrEqual(Math.round(s.answeredPerDay.last7 * 7));
        expect(Math.round(s.answeredPerDay.last7 * 7)).toBeLessThanOrEqual(Math.round(s.answeredPerDay.last30 * 30));
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
      }),
    );
  });

  it('does not touch its input and gives the same figures twice', () => {
    fc.assert(
      fc.property(randomLog, (log) => {
        const frozen = Object.freeze(log.map((e) => Object.freeze(e)));
        const before = JSON.stringify(frozen);
        expect(computeStats(frozen, NOW, 'UTC')).toEqual(computeStats(frozen, NOW, 'UTC'));
        expect(JSON.stringify(frozen)).toBe(before);
      }),
    );
  });
});

describe('StatsAccumulator', () => {
  it('read between every entry, or saved and restored mid-log, it gives the figures of one pass over the whole log', () => {
    fc.assert(
      fc.property(randomLog, fc.nat(), fc.constantFrom('UTC', 'Europe/Berlin'), (log, cut, zone) => {
        const whole = computeStats(log, NOW, zone);
        const warm = new StatsAccumulator();
        for (const e of log) {
          warm.add(e);
          warm.stats(NOW, zone);
        }
        expect(warm.stats(NOW, zone)).toEqual(whole);
        const k = log.length === 0 ? 0 : cut % (log.length + 1);
        const first = new StatsAccumulator().addAll(log.slice(0, k));
        const saved = statsIndexSchema.parse(JSON.parse(JSON.stringify(first.toIndex(NOW))));
        expect(StatsAccumulator.fromIndex(saved).addAll(log.slice(k)).stats(NOW, zone)).toEqual(whole);
      }),
    );
  });
});

describe('open encounters', () => {
  it('an outcome settles its own delivery, newest or older, across a save and restore; a second delivery at the same time replaces the first', () => {
    const old = delivered(NOW - 80 * HOUR, 'focus', 1);
    const later = Array.from({ length: 45 }, (_, i) => delivered(NOW - 70 * HOUR + i * HOUR, 'calm', i + 2));
    const twin = { ...delivered(NOW - 20 * HOUR, 'rest', 99) };
    const log: LogEntry[] = [
      old,
      ...later.flatMap((d, i) => (i === 3 ? [d] : [d, answered(d, MIN)])),
      // The fourth later one is answered late, after newer deliveries.
      answered(later[3]!, 30 * HOUR),
      twin,
      { ...twin, mantra: { ...twin.mantra, id: 'rest/100' } },
      timedOut(twin),
      // Settles nothing: no delivery at that time.
      skipped({ ...old, at: old.at + 1 }, NOW - HOUR),
    ];
    const whole = computeStats(log, NOW, 'UTC');
    // The old one stays open; of the twins, the second took the first's place and timed out, so the first is counted nowhere else.
    expect(whole).toMatchObject({ delivered: 48, answered: 45, timedOut: 1, skipped: 1, pending: 1 });
    expect(whole.recent.slice(0, 2).map((r) => [r.mantraId, r.outcome])).toEqual([
      ['rest/100', 'timedOut'],
      ['rest/99', 'pending'],
    ]);
    for (let k = 0; k <= log.length; k++) {
      const saved = statsIndexSchema.parse(JSON.parse(JSON.stringify(new StatsAccumulator().addAll(log.slice(0, k)).toIndex(NOW))));
      expect(StatsAccumulator.fromIndex(saved).addAll(log.slice(k)).stats(NOW, 'UTC'), `saved after ${k} entries`).toEqual(whole);
    }
    // A late outcome for the old delivery, which is far out of `recent` by now, still settles it.
    expect(new StatsAccumulator().addAll([...log, timedOut(old)]).stats(NOW, 'UTC')).toMatchObject({ pending: 0, timedOut: 2 });
  });
});
