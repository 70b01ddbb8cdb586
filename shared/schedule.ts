/**
 * When the next delivery happens: adaptive (probability mass), interval, or fixed daily times.
 * All time-zone aware; every function returns an instant strictly after `now`.
 */
import { curveSum } from './availability.js';
import { HOURS_PER_DAY } from './constants.js';
import { fixedTimesSchema, intervalHoursSchema, type Curve, type DeliveryMode } from './settings.js';
import { addDays, epochOf, hourOf, localTime, nextHourStart } from './zone.js';

const HOUR_MS = 3_600_000;
/** The adaptive walk gives up after this long and falls back to 24 / frequency hours. */
const MAX_ADAPTIVE_LOOKAHEAD_MS = 31 * 24 * HOUR_MS;

export interface ScheduleContext {
  readonly curve: Curve;
  /** Deliveries per day. */
  readonly frequency: number;
  readonly timeZone: string;
}

/** Why a mode cannot be scheduled, in words a user understands; empty when it can. */
export function modeProblems(mode: DeliveryMode): string[] {
  if (mode.kind === 'interval') {
    const r = intervalHoursSchema.safeParse(mode.hours);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  }
  if (mode.kind === 'fixed') {
    const r = fixedTimesSchema.safeParse(mode.times);
    return r.success ? [] : r.error.issues.map((i) => (i.path.length ? `"${String(mode.times[Number(i.path[0])])}": ${i.message}` : i.message));
  }
  return [];
}

export function nextDelivery(mode: DeliveryMode, ctx: ScheduleContext, now: number): number {
  const problems = modeProblems(mode);
  if (problems.length > 0) throw new RangeError(`cannot schedule ${mode.kind} delivery: ${problems.join('; ')}`);
  switch (mode.kind) {
    case 'adaptive':
      return nextAdaptive(ctx, now);
    case 'interval':
      return now + mode.hours * HOUR_MS;
    case 'fixed':
      return nextFixed(mode.times, ctx.timeZone, now);
  }
}

/**
 * Seed's probability-mass integration: walk forward from now, each local hour adding
 * curve[hour] per hour spent in it, until sum(curve) / frequency is reached. Low hours
 * add little mass, so the target tends to be met inside high ones.
 */
export function nextAdaptive(ctx: ScheduleContext, now: number): number {
  const sum = curveSum(ctx.curve);
  if (!(sum > 0) || !(ctx.frequency > 0)) return now + (HOURS_PER_DAY / Math.max(ctx.frequency, 1e-9)) * HOUR_MS;
  let needed = sum / ctx.frequency;
  let t = now;
  while (t - now < MAX_ADAPTIVE_LOOKAHEAD_MS) {
    const boundary = nextHourStart(t, ctx.timeZone);
    const rate = ctx.curve[hourOf(t, ctx.timeZone)] ?? 0;
    const mass = (rate * (boundary - t)) / HOUR_MS;
    if (rate > 0 && mass >= needed) return Math.max(now + 1, Math.ceil(t + (needed / rate) * HOUR_MS));
    needed -= mass;
    t = boundary;
  }
  return now + (HOURS_PER_DAY / ctx.frequency) * HOUR_MS;
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
