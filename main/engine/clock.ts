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
 * The system clock. A timer wakes at least every `recheckMs` and, when it wakes before
 * `at` by the wall clock (the clock was set back), waits for the rest instead of firing early.
 */
export function createSystemClock(recheckMs: number = MAX_TIMEOUT_MS): Clock {
  const longest = Math.min(Math.max(1, recheckMs), MAX_TIMEOUT_MS);
  return {
    now: () => Date.now(),
    setTimer(at, fn) {
      let handle: ReturnType<typeof setTimeout> | null = null;
      const wait = (): void => {
        const delay = at - Date.now();
        if (delay <= 0) {
          handle = null;
          fn();
          return;
        }
        handle = setTimeout(wait, Math.min(delay, longest));
      };
      wait();
      return () => {
        if (handle !== null) clearTimeout(handle);
        handle = null;
      };
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
  const soonest = (): [number, { at: number; fn: () => void }] | undefined =>
    [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
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
