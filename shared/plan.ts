/**
 * Any mode's scheduler, then the user's day around it: quiet hours (no delivery starts
 * inside them, their time does not count against a pending mantra) and the "how often"
 * range. Kept apart from shared/schedule.ts so it composes with whatever scheduler or
 * learner is there.
 */
import { FREQUENCY } from './constants.js';
import { activeShareByHour, extendByQuiet, isQuiet, nextAllowed, nextQuietSpan, type QuietHours } from './quiet-hours.js';
import { hybridMomentsOn, nextDelivery, type AimWindow, type ScheduleContext, type SkipLens } from './schedule.js';
import type { Curve, DeliveryMode, FrequencyRange, ProfileState, QuietWindow } from './settings.js';
import { addDays, epochOf, localTime } from './zone.js';

/** How many planned times in a row may fall into quiet hours before giving up on a mode (fixed: 48 times x 8 days). */
const MAX_SKIPPED = 48 * 8;

export interface PlanContext {
  readonly curve: Curve;
  /** The frequency the state holds; the range applies on top. */
  readonly frequency: number;
  readonly timeZone: string;
  readonly quietHours: readonly QuietWindow[];
  readonly frequencyRange: FrequencyRange | null;
  /** A learner that tells weekdays from weekends: `curve` is the weekday curve, this the weekend one. */
  readonly weekendCurve?: Curve;
  /** The algorithm aims adaptive times at the best nearby hour (schedule.ts nextAimed). */
  readonly aim?: AimWindow;
}

/** Whether the "how often" range applies: adaptive and hybrid modes. */
export function rangeApplies(mode: DeliveryMode): boolean {
  return mode.kind === 'adaptive' || mode.kind === 'hybrid';
}

/** `f` kept inside the range (and the seed's 0.33-6). */
export function clampFrequency(f: number, range: FrequencyRange | null): number {
  const lo = range ? range.min : FREQUENCY.min;
  const hi = range ? range.max : FREQUENCY.max;
  return Math.min(hi, Math.max(lo, f));
}

/**
 * The frequency to schedule with: a profile that has had no outcome yet starts at the
 * range's lower end; afterwards the controller's value, kept inside the range.
 */
export function effectiveFrequency(state: Pick<ProfileState, 'frequency' | 'answered' | 'consecutiveFailures'>, mode: DeliveryMode, range: FrequencyRange | null): number {
  if (!range || !rangeApplies(mode)) return state.frequency;
  const fresh = state.answered === 0 && state.consecutiveFailures === 0 && state.frequency === FREQUENCY.initial;
  return fresh ? range.min : clampFrequency(state.frequency, range);
}

export function quietOf(ctx: Pick<PlanContext, 'quietHours' | 'timeZone'>): QuietHours {
  return { windows: ctx.quietHours, timeZone: ctx.timeZone };
}

const shareCache = new Map<string, number[]>();
function skipLens(q: QuietHours): SkipLens {
  const key = JSON.stringify(q.windows);
  let share = shareCache.get(key);
  if (!share) {
    share = activeShareByHour(q.windows);
    if (shareCache.size > 100) shareCache.clear();
    shareCache.set(key, share);
  }
  return { next: (t) => nextQuietSpan(q, t), activeShare: share };
}

function scheduleContext(ctx: PlanContext, q: QuietHours | null): ScheduleContext {
  return {
    curve: ctx.curve,
    frequency: ctx.frequency,
    timeZone: ctx.timeZone,
    ...(q ? { skip: skipLens(q) } : {}),
    ...(ctx.weekendCurve !== undefined ? { weekendCurve: ctx.weekendCurve } : {}),
    ...(ctx.aim !== undefined ? { aim: ctx.aim } : {}),
  };
}

/** Whether the mode delivers at listed times (fixed, hybrid): those inside quiet hours are skipped, not moved. */
function anchored(mode: DeliveryMode): boolean {
  return mode.kind === 'fixed' || mode.kind === 'hybrid';
}

/**
 * The next send time (and the deadline of a mantra sent at `from`): the mode's own answer
 * with quiet hours applied. Adaptive walks past them; an interval counts only time outside
 * them and resumes when they end; a fixed time or hybrid window inside them is skipped.
 */
export function planNext(mode: DeliveryMode, ctx: PlanContext, from: number): number {
  if (ctx.quietHours.length === 0) return nextDelivery(mode, scheduleContext(ctx, null), from);
  const q = quietOf(ctx);
  switch (mode.kind) {
    case 'interval':
      return nextAllowed(q, extendByQuiet(q, from, from + mode.hours * 3_600_000));
    case 'adaptive':
      return nextAllowed(q, nextDelivery(mode, scheduleContext(ctx, q), from));
    case 'fixed':
    case 'hybrid': {
      const sctx = scheduleContext(ctx, q);
      let t = from;
      for (let i = 0; i < MAX_SKIPPED; i++) {
        t = nextDelivery(mode, sctx, t);
        if (!isQuiet(q, t)) return t;
      }
      return nextAllowed(q, t);
    }
  }
}

/**
 * When a mantra due at `now` may go out: now, unless quiet hours hold it (then the
 * planned time after them: an interval or adaptive send waits for their end, a fixed or
 * hybrid one goes to the next listed time outside them).
 */
export function sendTimeAt(mode: DeliveryMode, ctx: PlanContext, now: number): number {
  const q = quietOf(ctx);
  if (!isQuiet(q, now)) return now;
  return anchored(mode) ? planNext(mode, ctx, now) : nextAllowed(q, now);
}

/** One planned time of a day, for the Schedule page. */
export interface PlannedTime {
  /** The listed time (fixed, hybrid anchor) as HH:MM. */
  readonly time: string;
  /** When it goes out today; null when skipped. */
  readonly at: number | null;
  /** Why it does not go out: inside quiet hours. */
  readonly skipped: 'quiet-hours' | null;
}

/** Today's listed times of a fixed or hybrid mode (hybrid: where each delivery actually goes), with those quiet hours skip. */
export function dayPlan(mode: DeliveryMode, ctx: PlanContext, now: number): PlannedTime[] {
  const q = quietOf(ctx);
  if (mode.kind === 'fixed') {
    const today = localTime(now, ctx.timeZone);
    const date = addDays(today.year, today.month, today.day, 0);
    return [...mode.times].sort().map((time) => {
      const [hh, mm] = time.split(':').map(Number) as [number, number];
      const at = epochOf(date.year, date.month, date.day, hh, mm, ctx.timeZone);
      return isQuiet(q, at) ? { time, at: null, skipped: 'quiet-hours' as const } : { time, at, skipped: null };
    });
  }
  if (mode.kind === 'hybrid') {
    const sctx = scheduleContext(ctx, ctx.quietHours.length > 0 ? q : null);
    return hybridMomentsOn(mode, sctx, now).map((m) => ({ time: m.anchorTime, at: m.at, skipped: m.at === null ? ('quiet-hours' as const) : null }));
  }
  return [];
}

/** The listed fixed times that quiet hours cover on every day (the Schedule page warns about them). */
export function alwaysQuietTimes(times: readonly string[], quietHours: readonly QuietWindow[]): string[] {
  // Checked on one week of a zone without DST: a minute quiet on all seven days is always skipped.
  const q: QuietHours = { windows: quietHours, timeZone: 'UTC' };
  return times.filter((time) => {
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const monday = Date.UTC(2026, 0, 5, hh, mm);
    return Array.from({ length: 7 }, (_, d) => isQuiet(q, monday + d * 86_400_000)).every(Boolean);
  });
}
