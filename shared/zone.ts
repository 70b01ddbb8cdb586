/**
 * Local wall-clock time in an IANA time zone, from epoch milliseconds (pure: no I/O).
 * Offsets come from an installed zone-rules source where there is one (Node installs the
 * system tz database, main/zoneinfo.ts, because a first Intl.DateTimeFormat costs ~9.5 MB),
 * else from Intl (the window). Offsets are cached per quarter hour because the simulator
 * asks millions of times.
 */
const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

export interface LocalTime {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
  readonly hour: number; // 0-23
  readonly minute: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

/** Milliseconds to add to UTC to get local wall-clock time at instant `ms`, for one zone. */
export type ZoneRules = (ms: number) => number;
/** A zone's rules, or null when the source does not know the name (Intl is then asked). */
export type ZoneRulesSource = (timeZone: string) => ZoneRules | null;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
let rulesSource: ZoneRulesSource | null = null;
let systemZoneFinder: (() => string | undefined) | null = null;
const knownZones = new Set<string>(['UTC']);

/**
 * Installs (or, with null, removes) the source asked before Intl, and with it how this process
 * finds its own zone. Cached offsets and known names are dropped, so every answer after the
 * call comes from the new source.
 */
export function useZoneRules(source: ZoneRulesSource | null, systemZone: (() => string | undefined) | null = null): void {
  rulesSource = source;
  systemZoneFinder = systemZone;
  offsetCache.clear();
  knownZones.clear();
  knownZones.add('UTC');
}

/** The zone this computer is in: the installed finder's answer (Node: the tz database), else `otherwise`'s (the caller's environment read keeps this module pure). */
export function systemTimeZone(otherwise: () => string | undefined): string | undefined {
  return systemZoneFinder ? systemZoneFinder() : otherwise();
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function computeOffset(ms: number, timeZone: string): number {
  const rules = rulesSource?.(timeZone);
  if (rules) return rules(ms);
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Milliseconds to add to UTC to get local wall-clock time at instant `ms`. */
export function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let cache = offsetCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const key = Math.floor(ms / QUARTER_MS);
  let offset = cache.get(key);
  if (offset === undefined) {
    offset = computeOffset(key * QUARTER_MS, timeZone);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, offset);
  }
  return offset;
}

export function localTime(ms: number, timeZone: string): LocalTime {
  const d = new Date(ms + zoneOffset(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** Local hour of day, 0-23: the curve's bucket index. */
export function hourOf(ms: number, timeZone: string): number {
  const local = ms + zoneOffset(ms, timeZone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
}

/** The instant the local hour after the one containing `ms` begins. */
export function nextHourStart(ms: number, timeZone: string): number {
  const local = ms + zoneOffset(ms, timeZone);
  const boundaryLocal = Math.floor(local / HOUR_MS) * HOUR_MS + HOUR_MS;
  const guess = ms + (boundaryLocal - local);
  // Across an offset change the boundary lands on the far side's clock; never step backwards.
  return guess > ms ? guess : ms + HOUR_MS;
}

/**
 * Epoch ms of a local wall-clock time. A time skipped by a DST jump resolves to the
 * same distance past the jump; a repeated time resolves to its first occurrence.
 */
export function epochOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force a day either side cover both sides of any one DST change.
  const offsets = new Set([wall - 86_400_000, wall, wall + 86_400_000].map((t) => zoneOffset(t, timeZone)));
  const tries = [...offsets].map((offset) => wall - offset);
  const candidates = tries.filter((t) => t + zoneOffset(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a DST gap: read on the offset before the jump, which lands the same distance past it.
  return Math.max(...tries);
}

/** True for an IANA zone name the rules source or the runtime knows; valid names are remembered, so loading 100k profiles builds one formatter per zone, not per profile. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  if (rulesSource?.(timeZone)) {
    knownZones.add(timeZone);
    return true;
  }
  try {
    formatter(timeZone);
  } catch {
    return false;
  }
  knownZones.add(timeZone);
  return true;
}

/** The system's zone where the runtime knows it, else UTC. */
export function resolveTimeZone(preferred: string | null, systemZone: string | undefined): string {
  return preferred ?? systemZone ?? 'UTC';
}

/** Adds whole local days to a local date (calendar arithmetic in UTC, which has no DST). */
export function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole local calendar days from `from` to `to` in a zone: 0 the same day, 1 the next, -1 the one before. */
export function calendarDaysBetween(from: number, to: number, timeZone: string): number {
  const day = (ms: number): number => {
    const t = localTime(ms, timeZone);
    return Date.UTC(t.year, t.month - 1, t.day) / 86_400_000;
  };
  return day(to) - day(from);
}

/** Local hours of the wall-clock hours in [from, to), in order, each hour of day once. */
export function hoursIn(from: number, to: number, timeZone: string): number[] {
  const seen = new Set<number>();
  const hours: number[] = [];
  for (let t = from; t < to && hours.length < 24; t = nextHourStart(t, timeZone)) {
    const h = hourOf(t, timeZone);
    if (!seen.has(h)) {
      seen.add(h);
      hours.push(h);
    }
  }
  return hours;
}
