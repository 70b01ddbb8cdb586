/**
 * Time for the engine: the wall clock and one-shot timers at an instant. The real clock
 * is used by the app; the manual clock by tests and anything that simulates time.
 */

export interface Clock {
  /** Wall-clock epoch milliseconds. */
  now(): number;
  /** Calls `fn` once at or after instant `at`; returns the cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days); longer waits are chunked. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The system clock. A timer that wakes before `at` by the wall clock (the clock was set
 * back) waits for the rest instead of firing early. With `recheckMs`, ONE process-wide
 * check per clock re-reads the wall clock that often and fires every timer whose instant
 * has passed (a sleep the monotonic timers did not see): one wake-up per period, not one per timer.
 */
export function createSystemClock(recheckMs: number | null = null): Clock {
  const pending = new Map<number, { at: number; fire: () => void }>();
  let nextId = 0;
  let check: ReturnType<typeof setInterval> | null = null;
  const sweep = (): void => {
    const now = Date.now();
    for (const t of [...pending.values()]) if (t.at <= now) t.fire();
  };
  const track = (): void => {
    if (recheckMs === null) return;
    if (pending.size > 0 && check === null) {
      check = setInterval(sweep, Math.min(Math.max(1, recheckMs), MAX_TIMEOUT_MS));
      // Node: do not keep the process alive for the re-check (a browser's timer id has no unref).
      (check as { unref?: () => void }).unref?.();
    } else if (pending.size === 0 && check !== null) {
      clearInterval(check);
      check = null;
    }
  };
  return {
    now: () => Date.now(),
    setTimer(at, fn) {
      const id = nextId++;
      let handle: ReturnType<typeof setTimeout> | null = null;
      const cancel = (): void => {
        if (handle !== null) clearTimeout(handle);
        handle = null;
        if (pending.delete(id)) track();
      };
      const fire = (): void => {
        cancel();
        fn();
      };
      const wait = (): void => {
        const delay = at - Date.now();
        if (delay <= 0) return fire();
        handle = setTimeout(wait, Math.min(delay, MAX_TIMEOUT_MS));
      };
      pending.set(id, { at, fire });
      track();
      wait();
      return cancel;
    },
  };
}

/** For the tray app, where power signals re-arm the engine after sleep. */
export const systemClock: Clock = createSystemClock();

/**
 * How often a timer re-reads the wall clock where no sleep signal arrives (headless host,
 * Discord server): setTimeout runs on a monotonic clock that stops while the machine
 * sleeps, so without this a delivery would be late by the length of the sleep.
 */
export const SLEEP_RECHECK_MS = 5 * 60_000;

export const sleepAwareClock: Clock = createSystemClock(SLEEP_RECHECK_MS);

/** A clock that moves only when told to; timers fire in instant order as it passes them. */
export interface ManualClock extends Clock {
  /** Moves to `at` (never backwards unless `jump` is used), firing every timer due on the way. */
  advanceTo(at: number): void;
  advanceBy(ms: number): void;
  /** Sets the time without firing timers: a clock jump or a sleep the process did not see. */
  jump(to: number): void;
  /** Instants of the armed timers, soonest first. */
  pending(): number[];
}

export function createManualClock(start: number): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const soonest = (): [number, { at: number; fn: () => void }] | undefined => [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
  const clock: ManualClock = {
    now: () => now,
    setTimer(at, fn) {
      const id = nextId++;
      timers.set(id, { at, fn });
      return () => void timers.delete(id);
    },
    advanceTo(at) {
      for (let next = soonest(); next && next[1].at <= at; next = soonest()) {
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = Math.max(now, at);
    },
    advanceBy: (ms) => clock.advanceTo(now + ms),
    jump(to) {
      now = to;
    },
    pending: () => [...timers.values()].map((t) => t.at).sort((a, b) => a - b),
  };
  return clock;
}
