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

interface Entry {
  readonly at: number;
  /** Order of arming: timers at the same instant fire in the order they were set. */
  readonly seq: number;
  readonly fn: () => void;
  live: boolean;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A binary min-heap of timers by instant; cancelled entries are dropped when they reach the top or on compaction. */
class TimerHeap {
  items: Entry[] = [];

  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (p === undefined || !before(e, p)) break;
      h[i] = p;
      h[parent] = e;
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const lm = h[l];
      const rm = h[r];
      if (lm !== undefined && before(lm, h[m] ?? lm)) m = l;
      if (rm !== undefined && before(rm, h[m] ?? rm)) m = r;
      if (m === i) break;
      const t = h[m];
      if (t === undefined) break;
      h[m] = last;
      h[i] = t;
      i = m;
    }
    return top;
  }

  /** The soonest live timer, dropping cancelled ones on the way. */
  peek(): Entry | undefined {
    while (this.items[0] !== undefined && !this.items[0].live) this.pop();
    return this.items[0];
  }

  /** Rebuilds from the live entries (cancelled ones far down the heap would otherwise pile up). */
  compact(): void {
    const live = this.items.filter((e) => e.live);
    this.items = [];
    for (const e of live) this.push(e);
  }
}

/**
 * The system clock. A timer that wakes before `at` by the wall clock (the clock was set
 * back) waits for the rest instead of firing early. Timers are kept in one min-heap with one
 * setTimeout for the soonest (arming 100k profiles at start is a heap push each, not 100k
 * Node timers). With `recheckMs`, ONE process-wide check re-reads the wall clock that often
 * and fires every timer whose instant has passed (a sleep the monotonic timers did not see).
 */
export function createSystemClock(recheckMs: number | null = null): Clock {
  const heap = new TimerHeap();
  let live = 0;
  let seq = 0;
  let handle: ReturnType<typeof setTimeout> | null = null;
  let handleAt = Number.NaN;
  let check: ReturnType<typeof setInterval> | null = null;

  const track = (): void => {
    if (recheckMs === null) return;
    if (live > 0 && check === null) {
      check = setInterval(fireDue, Math.min(Math.max(1, recheckMs), MAX_TIMEOUT_MS));
      // Node: do not keep the process alive for the re-check (a browser's timer id has no unref).
      (check as { unref?: () => void }).unref?.();
    } else if (live === 0 && check !== null) {
      clearInterval(check);
      check = null;
    }
  };

  /** One setTimeout at the soonest live timer, none when there is none (so an idle process can exit). */
  const schedule = (): void => {
    const next = heap.peek();
    if (next === undefined) {
      if (handle !== null) clearTimeout(handle);
      handle = null;
      handleAt = Number.NaN;
    } else if (handle === null || handleAt !== next.at) {
      if (handle !== null) clearTimeout(handle);
      handleAt = next.at;
      handle = setTimeout(
        () => {
          handle = null;
          handleAt = Number.NaN;
          fireDue();
        },
        Math.min(Math.max(1, next.at - Date.now()), MAX_TIMEOUT_MS),
      );
    }
    track();
  };

  /** Fires every timer whose instant has passed by the wall clock, soonest first; the rest wait. */
  function fireDue(): void {
    try {
      for (let next = heap.peek(); next !== undefined && next.at <= Date.now(); next = heap.peek()) {
        heap.pop();
        next.live = false;
        live--;
        next.fn();
      }
    } finally {
      schedule();
    }
  }

  return {
    now: () => Date.now(),
    setTimer(at, fn) {
      // Already due: fired at once, as a timeout of 0 that is never left waiting.
      if (at - Date.now() <= 0) {
        fn();
        return () => undefined;
      }
      const e: Entry = { at, seq: seq++, fn, live: true };
      live++;
      heap.push(e);
      if (heap.items[0] === e) schedule();
      else track();
      return () => {
        if (!e.live) return;
        e.live = false;
        live--;
        if (heap.items.length > 64 && heap.items.length > 2 * live) heap.compact();
        // The one setTimeout moves only when the soonest timer changed (or none is left).
        if (heap.peek()?.at !== handleAt) schedule();
        else track();
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
