/**
 * When the next delivery happens: adaptive (probability mass), interval, or fixed daily times.
 * All time-zone aware; every function returns an instant strictly after `now`.
 */
import { curveSum } from './availability.js';
import { HOURS_PER_DAY } from './constants.js';
import { fixedTimesSchema, hybridWindowMinutesSchema, intervalHoursSchema, type Curve, type DeliveryMode } from './settings.js';
import { isWeekendAt } from './learner.js';
import { addDays, epochOf, hourOf, localTime, nextHourStart } from './zone.js';

const HOUR_MS = 3_600_000;
/** The adaptive walk gives up after this long and falls back to 24 / frequency hours. */
const MAX_ADAPTIVE_LOOKAHEAD_MS = 31 * 24 * HOUR_MS;

export interface ScheduleContext {
  readonly curve: Curve;
  /** Deliveries per day. */
  readonly frequency: number;
  readonly timeZone: string;
  /** Time the adaptive walk passes over without gaining mass (quiet hours); none: every hour counts. */
  readonly skip?: SkipLens;
  /** Set by learners that tell weekdays from weekends: `curve` is then the weekday curve. */
  readonly weekendCurve?: Curve;
  /** Set: adaptive aims at the best hour near the natural time (nextAimed). */
  readonly aim?: AimWindow;
}

/** How far from the natural time the aimed scheduler looks for a better hour, in hours. */
export interface AimWindow {
  readonly before: number;
  readonly after: number;
}

/** What the adaptive walk needs to know of time that must not count. */
export interface SkipLens {
  /** The first skipped span ending after `t` (it may have begun), or null. */
  next(t: number): { readonly start: number; readonly end: number } | null;
  /** Per local hour, the share of it not skipped over a week: weights sum(curve) so a day still holds `frequency` deliveries. */
  readonly activeShare: readonly number[];
}

/** Why a mode cannot be scheduled, in words a user understands; empty when it can. */
export function modeProblems(mode: DeliveryMode): string[] {
  if (mode.kind === 'interval') {
    const r = intervalHoursSchema.safeParse(mode.hours);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  }
  if (mode.kind === 'fixed' || mode.kind === 'hybrid') {
    const r = fixedTimesSchema.safeParse(mode.times);
    const problems = r.success ? [] : r.error.issues.map((i) => (i.path.length ? `"${String(mode.times[Number(i.path[0])])}": ${i.message}` : i.message));
    if (mode.kind === 'hybrid') {
      const w = hybridWindowMinutesSchema.safeParse(mode.windowMinutes);
      if (!w.success) problems.push(...w.error.issues.map((i) => i.message));
    }
    return problems;
  }
  return [];
}

export function nextDelivery(mode: DeliveryMode, ctx: ScheduleContext, now: number): number {
  const problems = modeProblems(mode);
  if (problems.length > 0) throw new RangeError(`cannot schedule ${mode.kind} delivery: ${problems.join('; ')}`);
  switch (mode.kind) {
    case 'adaptive':
      return ctx.aim === undefined ? nextAdaptive(ctx, now) : nextAimed(ctx, now, ctx.aim);
    case 'interval':
      return now + mode.hours * HOUR_MS;
    case 'fixed':
      return nextFixed(mode.times, ctx.timeZone, now);
    case 'hybrid':
      return nextHybrid(mode, ctx, now)?.at ?? now + HOURS_PER_DAY * HOUR_MS;
  }
}

/**
 * Seed's probability-mass integration: walk forward from now, each local hour adding
 * curve[hour] per hour spent in it, until sum(curve) / frequency is reached. Low hours
 * add little mass, so the target tends to be met inside high ones.
 */
export function nextAdaptive(ctx: ScheduleContext, now: number): number {
  const skip = ctx.skip;
  const mass = (curve: Curve): number => (skip ? curve.reduce((s, v, h) => s + v * (skip.activeShare[h] ?? 1), 0) : curveSum(curve));
  // A learner with weekday and weekend curves: the mass of an average day of the week.
  const sum = ctx.weekendCurve === undefined ? mass(ctx.curve) : (5 * mass(ctx.curve) + 2 * mass(ctx.weekendCurve)) / 7;
  if (!(sum > 0) || !(ctx.frequency > 0)) return now + (HOURS_PER_DAY / Math.max(ctx.frequency, 1e-9)) * HOUR_MS;
  let needed = sum / ctx.frequency;
  let t = now;
  let skipped = skip?.next(t) ?? null;
  while (t - now < MAX_ADAPTIVE_LOOKAHEAD_MS) {
    if (skip && skipped && skipped.end <= t) skipped = skip.next(t);
    if (skipped && skipped.start <= t) {
      t = skipped.end;
      continue;
    }
    const boundary = Math.min(nextHourStart(t, ctx.timeZone), skipped?.start ?? Infinity);
    const rate = chanceAt(ctx, t);
    const gained = (rate * (boundary - t)) / HOUR_MS;
    if (rate > 0 && gained >= needed) return Math.max(now + 1, Math.ceil(t + (needed / rate) * HOUR_MS));
    needed -= gained;
    t = boundary;
  }
  return now + (HOURS_PER_DAY / ctx.frequency) * HOUR_MS;
}

/** The curve value of the local hour holding t, weekend-aware. */
function chanceAt(ctx: ScheduleContext, t: number): number {
  const curve = ctx.weekendCurve !== undefined && isWeekendAt(t, ctx.timeZone) ? ctx.weekendCurve : ctx.curve;
  return curve[hourOf(t, ctx.timeZone)] ?? 0;
}

function skipped(ctx: ScheduleContext, t: number): boolean {
  const span = ctx.skip?.next(t) ?? null;
  return span !== null && span.start <= t && t < span.end;
}

/**
 * Aimed scheduling: the natural time by mass integration (nextAdaptive), then the start of
 * the best local hour within the aim window around it (ties: the one nearest the natural
 * time; skipped time is no candidate), strictly after now. Mass integration alone lands
 * anywhere in an hour, and at frequency 1 always a day after now whatever the curve.
 */
export function nextAimed(ctx: ScheduleContext, now: number, aim: AimWindow): number {
  const natural = nextAdaptive(ctx, now);
  const lo = natural - aim.before * HOUR_MS;
  const hi = natural + aim.after * HOUR_MS;
  let best = natural;
  let bestScore = chanceAt(ctx, natural);
  let bestDistance = 0;
  // Candidates: the natural time, and every local hour start after now in [lo, hi] (each instant once across DST).
  for (let c = nextHourStart(Math.max(now, lo - 1), ctx.timeZone); c <= hi; c = nextHourStart(c, ctx.timeZone)) {
    if (skipped(ctx, c)) continue;
    const score = chanceAt(ctx, c);
    const distance = Math.abs(c - natural);
    if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && distance < bestDistance)) {
      best = c;
      bestScore = score;
      bestDistance = distance;
    }
  }
  return best;
}

/** The first listed local time strictly after now: today's if one is left, else tomorrow's first. */
export function nextFixed(times: readonly string[], timeZone: string, now: number): number {
  const today = localTime(now, timeZone);
  let best = Infinity;
  for (let d = 0; d <= 2 && best === Infinity; d++) {
    const date = addDays(today.year, today.month, today.day, d);
    for (const time of times) {
      const [hh, mm] = time.split(':').map(Number) as [number, number];
      const at = epochOf(date.year, date.month, date.day, hh, mm, timeZone);
      if (at > now && at < best) best = at;
    }
  }
  return best;
}

const MINUTE_MS = 60_000;

/** One anchor of hybrid mode on one local date, and where its delivery goes (null: its whole window is skipped). */
export interface HybridMoment {
  readonly anchor: number;
  readonly anchorTime: string;
  readonly windowStart: number;
  readonly at: number | null;
}

/**
 * Where an anchor's delivery goes: the best-learned hour inside [anchor - w, anchor + w]
 * (skipped time left out), at the point of it nearest the anchor; ties go to the nearer point.
 */
export function hybridMoment(anchor: number, windowMinutes: number, ctx: ScheduleContext): number | null {
  const from = anchor - windowMinutes * MINUTE_MS;
  const to = anchor + windowMinutes * MINUTE_MS + 1;
  let best: { value: number; at: number } | null = null;
  let t = from;
  let skipped = ctx.skip?.next(t) ?? null;
  while (t < to) {
    if (ctx.skip && skipped && skipped.end <= t) skipped = ctx.skip.next(t);
    if (skipped && skipped.start <= t) {
      t = skipped.end;
      continue;
    }
    const end = Math.min(nextHourStart(t, ctx.timeZone), skipped?.start ?? Infinity, to);
    const value = ctx.curve[hourOf(t, ctx.timeZone)] ?? 0;
    const at = Math.min(Math.max(anchor, t), end - 1);
    const closer = best !== null && value === best.value && Math.abs(at - anchor) < Math.abs(best.at - anchor);
    if (best === null || value > best.value || closer) best = { value, at };
    t = end;
  }
  return best?.at ?? null;
}

/** Hybrid moments of the anchors on the local date `dayOffset` days from that of `now`, in anchor order. */
export function hybridMomentsOn(mode: { readonly times: readonly string[]; readonly windowMinutes: number }, ctx: ScheduleContext, now: number, dayOffset = 0): HybridMoment[] {
  const today = localTime(now, ctx.timeZone);
  const date = addDays(today.year, today.month, today.day, dayOffset);
  return [...mode.times].sort().map((time) => {
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const anchor = epochOf(date.year, date.month, date.day, hh, mm, ctx.timeZone);
    return { anchor, anchorTime: time, windowStart: anchor - mode.windowMinutes * MINUTE_MS, at: hybridMoment(anchor, mode.windowMinutes, ctx) };
  });
}

/**
 * The next hybrid delivery after `now`: the earliest moment of an anchor whose window opens
 * after `now`, so an anchor already served (or whose window was under way) is not served twice.
 */
export function nextHybrid(mode: { readonly times: readonly string[]; readonly windowMinutes: number }, ctx: ScheduleContext, now: number): HybridMoment | null {
  let best: HybridMoment | null = null;
  for (let d = -1; d <= 8; d++) {
    for (const m of hybridMomentsOn(mode, ctx, now, d)) {
      if (m.at === null || m.windowStart <= now || m.at <= now) continue;
      if (best === null || (best.at !== null && m.at < best.at)) best = m;
    }
    if (best !== null && d >= 1) break;
  }
  return best;
}
