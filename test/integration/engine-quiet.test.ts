// The engine on the manual clock with quiet hours, snooze, hybrid mode, a how-often range and
// a vacation pause: one test per rule, instants asserted in UTC, DST nights in Europe/Berlin.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/encounter-log.js';
import { deadlineOf, enrolledEngine, fireTimer, isoOf, PROFILE, removeDir, settled, type TestEngine } from '../unit/main/engine-harness.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const iso = isoOf;
const night = [{ from: '22:00', to: '07:00', days: 'all' as const }];

let current: TestEngine | null = null;
afterEach(async () => {
  if (current) {
    await current.engine.stop();
    removeDir(current.dir);
  }
  current = null;
});

async function engineAt(startIso: string, settings: Parameters<TestEngine['engine']['updateSettings']>[1], timeZone = BERLIN): Promise<TestEngine> {
  current = await enrolledEngine(startIso, settings, timeZone);
  return current;
}

describe('quiet hours 22:00-07:00 in Europe/Berlin', () => {
  it('interval 1 h on the spring-forward night: the 21:30 mantra keeps its hour (deadline 07:30 CEST), the next goes out then; nothing in between', async () => {
    const t = await engineAt('2026-03-28T20:29:30Z', { mode: 'interval', intervalHours: 1, quietHours: night });
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', at: at('2026-03-28T20:30:00Z'), hour: 21 });
    // 30 min before 22:00 CET, 30 min after 07:00 CEST (05:00Z): the short night is skipped whole.
    expect(deadlineOf(first)).toBe('2026-03-29T05:30:00.000Z');
    const [missed, second] = fireTimer(t);
    expect(missed).toMatchObject({ type: 'timedOut', at: at('2026-03-29T05:30:00Z'), missedHours: [21, 7], failures: 1 });
    expect(second).toMatchObject({ type: 'delivered', at: at('2026-03-29T05:30:00Z'), hour: 7 });
  });

  it('interval 1 h on the fall-back night: the 25-hour day still sends nothing between 22:00 and 07:00 CET', async () => {
    // 20:59:30 CEST; the night ends at 07:00 CET, 06:00Z.
    const t = await engineAt('2026-10-24T18:59:30Z', { mode: 'interval', intervalHours: 1, quietHours: night });
    const entries: LogEntry[] = [];
    while ((t.clock.pending()[0] ?? Infinity) < at('2026-10-25T08:00:00Z')) entries.push(...fireTimer(t));
    const sends = entries.filter((e) => e.type === 'delivered').map((e) => iso(e.at));
    expect(sends).toEqual(['2026-10-24T19:00:00.000Z', '2026-10-25T06:00:00.000Z', '2026-10-25T07:00:00.000Z']);
    expect(entries.filter((e) => e.type === 'timedOut').map((e) => iso(e.at))).toEqual(['2026-10-25T06:00:00.000Z', '2026-10-25T07:00:00.000Z']);
  });

  it('a fixed time inside them is skipped and the snapshot says so', async () => {
    const t = await engineAt('2026-06-01T18:00:00Z', { mode: 'fixed', fixedTimes: ['06:30', '12:00', '23:00'], quietHours: night });
    const snap = t.engine.snapshot(PROFILE);
    expect(snap.today).toEqual([
      { time: '06:30', at: null, skipped: 'quiet-hours' },
      { time: '12:00', at: at('2026-06-01T10:00:00Z'), skipped: null },
      { time: '23:00', at: null, skipped: 'quiet-hours' },
    ]);
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', at: at('2026-06-01T18:00:30Z') });
    expect(deadlineOf(first)).toBe('2026-06-02T10:00:00.000Z');
  });

  it('a send time that falls inside them waits for their end, and the snapshot says until when', async () => {
    const t = await engineAt('2026-06-01T21:00:00Z', { mode: 'adaptive', quietHours: night });
    expect(t.engine.snapshot(PROFILE).quietUntil).toBe(at('2026-06-02T05:00:00Z'));
    const [rescheduled] = fireTimer(t);
    expect(rescheduled).toMatchObject({ type: 'rescheduled', next: at('2026-06-02T05:00:00Z'), reason: 'quiet hours' });
    await settled(t);
    expect(t.channel.of('deliver')).toEqual([]);
    const [delivered] = fireTimer(t);
    expect(delivered).toMatchObject({ type: 'delivered', at: at('2026-06-02T05:00:00Z') });
  });

  it('quiet hours set while a deadline is pending: a deadline inside them moves to their end', async () => {
    const t = await engineAt('2026-06-01T18:59:30Z', { mode: 'interval', intervalHours: 4 });
    fireTimer(t);
    t.engine.updateSettings(PROFILE, { quietHours: night });
    const [moved] = fireTimer(t);
    expect(moved).toMatchObject({ type: 'rescheduled', at: at('2026-06-01T23:00:00Z'), next: at('2026-06-02T05:00:00Z') });
    expect(t.engine.snapshot(PROFILE).state.consecutiveFailures).toBe(0);
  });

  it('"quiet until morning" pauses to the end of the coming quiet hours', async () => {
    const t = await engineAt('2026-06-01T17:00:00Z', { mode: 'interval', intervalHours: 4, quietHours: night });
    expect(t.engine.pause(PROFILE, { until: 'morning' }).status).toEqual({ kind: 'paused', until: at('2026-06-02T05:00:00Z') });
  });
});

describe('snooze', () => {
  it('hides the mantra, settles it as snoozed on the channels, and brings the same one back with its deadline moved', async () => {
    const t = await engineAt('2026-06-01T08:00:00Z', { mode: 'interval', intervalHours: 4 });
    fireTimer(t);
    const before = t.engine.snapshot(PROFILE);
    t.clock.advanceBy(5 * 60_000);
    const snap = t.engine.snooze(PROFILE, 30);
    expect(snap.state.snoozedUntil).toBe(at('2026-06-01T08:35:30Z'));
    expect(snap.status).toMatchObject({ kind: 'pending', deadline: at('2026-06-01T12:30:30Z') });
    expect(snap.state.curve).toEqual(before.state.curve);
    expect(snap.state.frequency).toBe(before.state.frequency);
    await settled(t);
    expect(t.channel.of('settle').map((c) => c.outcome)).toEqual(['snoozed']);
    expect(fireTimer(t)).toEqual([{ type: 'resurfaced', at: at('2026-06-01T08:35:30Z') }]);
    await settled(t);
    const delivers = t.channel.of('deliver');
    expect(delivers).toHaveLength(2);
    expect(delivers[1]?.mantra).toEqual(delivers[0]?.mantra);
    expect(delivers[1]?.deadline).toBe(at('2026-06-01T12:30:30Z'));
    expect(t.engine.snapshot(PROFILE).state.delivered).toBe(1);
  });

  it('is refused without a mantra out, and the API checks its minutes', async () => {
    const t = await engineAt('2026-06-01T08:00:00Z', { mode: 'interval', intervalHours: 4 });
    expect(() => t.engine.snooze(PROFILE, 10)).toThrow(/nothing to snooze/);
  });
});

describe('vacation: pause until a date and time', () => {
  it('holds everything until then, learns nothing, and resumes then (the next mantra one interval after it)', async () => {
    const t = await engineAt('2026-06-01T08:00:00Z', { mode: 'interval', intervalHours: 1 });
    fireTimer(t);
    const curve = t.engine.snapshot(PROFILE).state.curve;
    const until = at('2026-06-10T07:00:00Z');
    expect(t.engine.pause(PROFILE, { until }).status).toEqual({ kind: 'paused', until });
    expect(t.clock.pending()).toEqual([until + 3_600_000]);
    const [resumed] = fireTimer(t);
    expect(resumed).toMatchObject({ type: 'resumed', at: until + 3_600_000 });
    const [delivered] = fireTimer(t);
    // A resumed send time is at least 1 ms after the resume (the engine's rule for a send time that has passed).
    expect(delivered).toMatchObject({ type: 'delivered', at: until + 3_600_001 });
    expect(t.engine.snapshot(PROFILE).state.curve).toEqual(curve);
    expect(t.store.readLog(PROFILE).filter((e) => e.type === 'timedOut')).toEqual([]);
  });

  it('a pause that ends in the past is refused', async () => {
    const t = await engineAt('2026-06-01T08:00:00Z', { mode: 'interval', intervalHours: 1 });
    expect(() => t.engine.pause(PROFILE, { until: at('2026-05-01T00:00:00Z') })).toThrow(/must end in the future/);
  });
});

describe('hybrid mode and the how-often range', () => {
  it('hybrid: today shows where each anchor goes, and deliveries go there', async () => {
    const t = await engineAt('2026-06-01T04:00:00Z', { mode: 'hybrid', hybridTimes: ['09:00', '18:00'], hybridWindowMinutes: 60 }, 'UTC');
    const today = t.engine.snapshot(PROFILE).today;
    // A flat curve: every hour is as good, so each delivery stays at its anchor.
    expect(today).toEqual([
      { time: '09:00', at: at('2026-06-01T09:00:00Z'), skipped: null },
      { time: '18:00', at: at('2026-06-01T18:00:00Z'), skipped: null },
    ]);
    const [first] = fireTimer(t);
    expect(deadlineOf(first)).toBe('2026-06-01T09:00:00.000Z');
  });

  it('a range of 2-4 a day: a new profile starts at 2 (its second mantra about 12 h after the first, not 24)', async () => {
    const t = await engineAt('2026-06-01T08:00:00Z', { mode: 'adaptive', frequencyRange: { min: 2, max: 4 } }, 'UTC');
    const [first] = fireTimer(t);
    expect(first?.type === 'delivered' && first.deadline - first.at).toBe(12 * 3_600_000);
    expect(() => t.engine.updateSettings(PROFILE, { frequencyRange: { min: 5, max: 2 } })).toThrow(/frequencyRange: the lower end must not be above the upper end/);
  });
});
