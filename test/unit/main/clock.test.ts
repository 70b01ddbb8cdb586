import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, createSystemClock, SLEEP_RECHECK_MS, systemClock } from '../../../main/engine/clock.js';

const DAY = 86_400_000;

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => vi.useRealTimers());

  it("waits past setTimeout's 24.8-day limit, in chunks, and fires once at the instant", () => {
    const fired: number[] = [];
    systemClock.setTimer(Date.now() + 60 * DAY, () => fired.push(Date.now()));
    vi.advanceTimersByTime(59 * DAY);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(DAY);
    expect(fired).toEqual([Date.UTC(2026, 0, 1) + 60 * DAY]);
    vi.advanceTimersByTime(100 * DAY);
    expect(fired).toHaveLength(1);
  });

  it('does not fire early when the wall clock was set back; cancel stops it', () => {
    const fired: number[] = [];
    const at = Date.now() + 1000;
    systemClock.setTimer(at, () => fired.push(Date.now()));
    vi.setSystemTime(Date.now() - 500);
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(fired).toEqual([at]);
    const cancel = systemClock.setTimer(Date.now() + 10, () => fired.push(-1));
    cancel();
    vi.advanceTimersByTime(100);
    expect(fired).toEqual([at]);
  });
});

describe('sleep-aware system clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => vi.useRealTimers());

  it('notices within one recheck that the wall clock jumped past the instant (a sleep the timers did not see)', () => {
    const clock = createSystemClock(SLEEP_RECHECK_MS);
    const fired: number[] = [];
    const at = Date.now() + 3 * 3_600_000;
    clock.setTimer(at, () => fired.push(Date.now()));
    // The machine sleeps 4 hours: the wall clock moves, the monotonic timers do not.
    vi.setSystemTime(Date.now() + 4 * 3_600_000);
    vi.advanceTimersByTime(SLEEP_RECHECK_MS - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveLength(1);
  });

  it('one check a period for every timer, not a re-armed timeout per timer; it stops when no timer is left', () => {
    const clock = createSystemClock(SLEEP_RECHECK_MS);
    const fired: number[] = [];
    const cancels = Array.from({ length: 1000 }, (_, i) => clock.setTimer(Date.now() + 3 * 3_600_000 + i, () => fired.push(i)));
    expect(vi.getTimerCount()).toBe(1001);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    vi.advanceTimersByTime(3 * SLEEP_RECHECK_MS);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    setTimeoutSpy.mockRestore();
    vi.setSystemTime(Date.now() + 4 * 3_600_000);
    vi.advanceTimersByTime(SLEEP_RECHECK_MS);
    expect(fired).toHaveLength(1000);
    expect(vi.getTimerCount()).toBe(0);
    for (const cancel of cancels) cancel();
  });

  it("the tray app's clock does not wake early: power signals re-arm it instead", () => {
    const fired: number[] = [];
    systemClock.setTimer(Date.now() + 3 * 3_600_000, () => fired.push(Date.now()));
    vi.setSystemTime(Date.now() + 4 * 3_600_000);
    vi.advanceTimersByTime(SLEEP_RECHECK_MS);
    expect(fired).toEqual([]);
  });
});

describe('createManualClock', () => {
  it('fires due timers in instant order as it advances; jump moves without firing', () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    const cancel = clock.setTimer(15, () => fired.push('cancelled'));
    cancel();
    clock.advanceTo(25);
    expect(fired).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(25);
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.jump(100);
    expect(fired).toHaveLength(2);
    expect(clock.pending()).toEqual([30]);
    clock.advanceBy(0);
    expect(fired.at(-1)).toBe('c@100');
  });
});
