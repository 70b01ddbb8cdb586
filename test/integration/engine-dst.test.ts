// The engine on the two DST change days of Europe/Berlin in 2026, with fixed times that fall
// into the gap (02:30 on 29 March), the repeated hour (02:30 on 25 October) and clear of both
// (09:00), and with interval mode across the change. Every instant is asserted in UTC.
import { afterEach, describe, expect, it } from 'vitest';
import { deadlineOf, enrolledEngine, fireTimer, PROFILE, removeDir, type TestEngine } from '../unit/main/engine-harness.js';

const BERLIN = 'Europe/Berlin';

let current: TestEngine | null = null;
afterEach(async () => {
  if (current) {
    await current.engine.stop();
    removeDir(current.dir);
  }
  current = null;
});

async function berlinEngine(startIso: string, settings: Parameters<TestEngine['engine']['updateSettings']>[1]): Promise<TestEngine> {
  current = await enrolledEngine(startIso, settings, BERLIN);
  return current;
}

// A miss at a deadline delivers the next mantra in the same step (the deadline is the next send time).
describe('fixed times 02:30 and 09:00 in Europe/Berlin', () => {
  it('spring forward (2026-03-29): 02:30 does not exist and lands at 03:30 CEST, 09:00 at 07:00Z', async () => {
    const t = await berlinEngine('2026-03-28T22:00:00Z', { mode: 'fixed', fixedTimes: ['02:30', '09:00'] });
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', at: Date.parse('2026-03-28T22:00:30Z'), hour: 23 });
    expect(deadlineOf(first)).toBe('2026-03-29T01:30:00.000Z');

    const [missed, second] = fireTimer(t);
    expect(missed).toMatchObject({ type: 'timedOut', at: Date.parse('2026-03-29T01:30:00Z'), missedHours: [23, 0, 1, 3] });
    expect(second).toMatchObject({ type: 'delivered', at: Date.parse('2026-03-29T01:30:00Z'), hour: 3 });
    expect(deadlineOf(second)).toBe('2026-03-29T07:00:00.000Z');

    const [, third] = fireTimer(t);
    expect(third).toMatchObject({ type: 'delivered', at: Date.parse('2026-03-29T07:00:00Z'), hour: 9 });
    // 02:30 on the 30th, now CEST (UTC+2).
    expect(deadlineOf(third)).toBe('2026-03-30T00:30:00.000Z');
  });

  it('fall back (2026-10-25): 02:30 happens twice and counts once (the first), 09:00 at 08:00Z', async () => {
    const t = await berlinEngine('2026-10-24T20:00:00Z', { mode: 'fixed', fixedTimes: ['02:30', '09:00'] });
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', hour: 22 });
    expect(deadlineOf(first)).toBe('2026-10-25T00:30:00.000Z');

    const [missed, second] = fireTimer(t);
    expect(missed).toMatchObject({ type: 'timedOut', at: Date.parse('2026-10-25T00:30:00Z') });
    expect(second).toMatchObject({ type: 'delivered', hour: 2 });
    // Not 01:30Z (02:30 CET, the repeat): the next listed time is 09:00 CET.
    expect(deadlineOf(second)).toBe('2026-10-25T08:00:00.000Z');

    const [, third] = fireTimer(t);
    expect(third).toMatchObject({ type: 'delivered', at: Date.parse('2026-10-25T08:00:00Z'), hour: 9 });
    expect(deadlineOf(third)).toBe('2026-10-26T01:30:00.000Z');
  });
});

describe('interval mode across the change in Europe/Berlin', () => {
  it('spring forward: 2 h are 2 real hours, local hours skip 02', async () => {
    const t = await berlinEngine('2026-03-29T00:00:00Z', { mode: 'interval', intervalHours: 2 });
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', hour: 1 });
    expect(deadlineOf(first)).toBe('2026-03-29T02:00:30.000Z');
    const [missed, second] = fireTimer(t);
    expect(missed).toMatchObject({ type: 'timedOut', missedHours: [1, 3, 4] });
    expect(second).toMatchObject({ type: 'delivered', hour: 4 });
    expect(deadlineOf(second)).toBe('2026-03-29T04:00:30.000Z');
  });

  it('fall back: 2 h are 2 real hours, the repeated local hour 02 is learned once', async () => {
    const t = await berlinEngine('2026-10-25T00:00:00Z', { mode: 'interval', intervalHours: 2 });
    const [first] = fireTimer(t);
    expect(first).toMatchObject({ type: 'delivered', hour: 2 });
    expect(deadlineOf(first)).toBe('2026-10-25T02:00:30.000Z');
    const [missed, second] = fireTimer(t);
    expect(missed).toMatchObject({ type: 'timedOut', missedHours: [2, 3] });
    expect(second).toMatchObject({ type: 'delivered', hour: 3 });
    expect(deadlineOf(second)).toBe('2026-10-25T04:00:30.000Z');
  });

  it('pause until tomorrow on the spring-forward night ends at 07:00 CEST (05:00Z)', async () => {
    const t = await berlinEngine('2026-03-28T21:00:00Z', { mode: 'interval', intervalHours: 4 });
    expect(t.engine.pause(PROFILE, { until: 'tomorrow' }).status).toEqual({ kind: 'paused', until: Date.parse('2026-03-29T05:00:00Z') });
  });
});
