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

  it('one check a period and one timeout for every timer, not a re-armed timeout per timer; it stops when no timer is left', () => {
    const clock = createSystemClock(SLEEP_RECHECK_MS);
    const fired: number[] = [];
    const cancels = Array.from({ length: 1000 }, (_, i) => clock.setTimer(Date.now() + 3 * 3_600_000 + i, () => fired.push(i)));
    expect(vi.getTimerCount()).toBe(2);
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

describe('many timers on one system clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => vi.useRealTimers());

  it('fire in instant order (same instant: in the order set), each once at its instant; cancelled ones never; one Node timeout at a time', () => {
    const clock = createSystemClock(SLEEP_RECHECK_MS);
    const start = Date.now();
    const fired: { i: number; at: number; now: number }[] = [];
    const cancels = new Map<number, () => void>();
    for (let i = 0; i < 2000; i++) {
      const at = start + 1 + ((i * 7919) % 50_000) * 60;
      cancels.set(
        i,
        clock.setTimer(at, () => fired.push({ i, at, now: Date.now() })),
      );
    }
    for (let i = 0; i < 2000; i += 3) cancels.get(i)?.();
    expect(vi.getTimerCount()).toBe(2);
    // A timer armed from inside another's callback fires too.
    clock.setTimer(start + 120_000, () => clock.setTimer(start + 180_000, () => fired.push({ i: -1, at: start + 180_000, now: Date.now() })));
    vi.advanceTimersByTime(51 * 60 * 50_000);
    const expected = [...Array.from({ length: 2000 }, (_, i) => ({ i, at: start + 1 + ((i * 7919) % 50_000) * 60 })).filter((t) => t.i % 3 !== 0), { i: -1, at: start + 180_000 }];
    expected.sort((a, b) => a.at - b.at || (a.i === -1 ? 1 : b.i === -1 ? -1 : a.i - b.i));
    expect(fired.map((f) => f.i)).toEqual(expected.map((t) => t.i));
    expect(fired.every((f) => f.now === f.at)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('timers at the same instant fire in the order they were set', () => {
    const clock = createSystemClock();
    const fired: string[] = [];
    const at = Date.now() + 5000;
    for (const name of ['a', 'b', 'c', 'd', 'e']) clock.setTimer(at, () => fired.push(name));
    clock.setTimer(at - 1, () => fired.push('first'));
    vi.advanceTimersByTime(5000);
    expect(fired).toEqual(['first', 'a', 'b', 'c', 'd', 'e']);
  });

  it('a timer already due fires at once, inside setTimer', () => {
    const fired: number[] = [];
    systemClock.setTimer(Date.now() - 5, () => fired.push(1));
    expect(fired).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
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
