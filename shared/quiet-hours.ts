/**
 * Quiet hours: daily local windows in which no delivery starts, time does not count
 * against a pending mantra and nothing is learned. A separate step any scheduler's result
 * passes through (`nextAllowed`, `extendByQuiet`), so it holds whatever learner lands.
 * A window crossing midnight belongs to the day it starts ("weekdays 22:00-07:00" covers
 * Friday night into Saturday morning, not Sunday night).
 */
import type { QuietWindow } from './settings.js';
import { addDays, epochOf, hourOf, localTime, nextHourStart } from './zone.js';

const DAY_MS = 86_400_000;
/** Merged quiet spans never chain further than this (a week of back-to-back windows is a settings problem, not a loop). */
const MAX_CHAIN = 64;

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The quiet hours of one profile in its zone. */
export interface QuietHours {
  readonly windows: readonly QuietWindow[];
  readonly timeZone: string;
}

function minutesOf(time: string): [number, number] {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return [hh, mm];
}

function appliesOn(days: QuietWindow['days'], weekday: number): boolean {
  if (days === 'all') return true;
  const weekend = weekday === 0 || weekday === 6;
  return days === 'weekends' ? weekend : !weekend;
}

/** Every occurrence of every window that starts on a local date between the dates of `from` - 1 day and `to`. */
function occurrences(q: QuietHours, from: number, to: number): Span[] {
  const first = localTime(from, q.timeZone);
  const last = localTime(to, q.timeZone);
  const spans: Span[] = [];
  const lastKey = Date.UTC(last.year, last.month - 1, last.day);
  for (let d = -1; ; d++) {
    const date = addDays(first.year, first.month, first.day, d);
    if (Date.UTC(date.year, date.month - 1, date.day) > lastKey) break;
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    for (const w of q.windows) {
      if (!appliesOn(w.days, weekday)) continue;
      const [fh, fm] = minutesOf(w.from);
      const [th, tm] = minutesOf(w.to);
      const crosses = th * 60 + tm <= fh * 60 + fm;
      const endDate = crosses ? addDays(date.year, date.month, date.day, 1) : date;
      const start = epochOf(date.year, date.month, date.day, fh, fm, q.timeZone);
      const end = epochOf(endDate.year, endDate.month, endDate.day, th, tm, q.timeZone);
      if (end > start) spans.push({ start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Overlapping or touching spans joined. */
function merge(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start <= prev.end) out[out.length - 1] = { start: prev.start, end: Math.max(prev.end, s.end) };
    else out.push(s);
  }
  return out;
}

/** The merged quiet spans that overlap [from, to), clipped to it, in order. */
export function quietSpansBetween(q: QuietHours, from: number, to: number): Span[] {
  if (q.windows.length === 0 || to <= from) return [];
  return merge(occurrences(q, from, to))
    .filter((s) => s.end > from && s.start < to)
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }));
}

/** Milliseconds of [from, to) that lie inside quiet hours. */
export function quietMsBetween(q: QuietHours, from: number, to: number): number {
  let ms = 0;
  for (const s of quietSpansBetween(q, from, to)) ms += s.end - s.start;
  return ms;
}

/** The whole quiet span holding `t` (windows that touch or overlap joined), or null when `t` is not quiet. */
export function quietSpanAt(q: QuietHours, t: number): Span | null {
  if (q.windows.length === 0) return null;
  let start: number | null = null;
  let probe = t;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const at = probe;
    const found = merge(occurrences(q, at, at + 1)).find((s) => s.start <= at && at < s.end);
    if (!found) break;
    start ??= found.start;
    probe = found.end;
  }
  return start === null ? null : { start, end: probe };
}

export function isQuiet(q: QuietHours, t: number): boolean {
  return quietSpanAt(q, t) !== null;
}

/** `t` itself when it is not quiet, else the instant its quiet span ends. */
export function nextAllowed(q: QuietHours, t: number): number {
  return quietSpanAt(q, t)?.end ?? t;
}

/** The first quiet span that ends after `t` (it may already have begun), looking at most `horizonMs` ahead. */
export function nextQuietSpan(q: QuietHours, t: number, horizonMs = 8 * DAY_MS): Span | null {
  const at = quietSpanAt(q, t);
  if (at) return at;
  const ahead = merge(occurrences(q, t, t + horizonMs)).find((s) => s.start > t);
  return ahead ? (quietSpanAt(q, ahead.start) ?? ahead) : null;
}

/**
 * The instant by which [from, result) holds as much time outside quiet hours as [from, to)
 * does in all: a deadline moved by the quiet time it spans. Never lands inside quiet hours
 * unless reached exactly where one begins.
 */
export function extendByQuiet(q: QuietHours, from: number, to: number): number {
  if (q.windows.length === 0 || to <= from) return to;
  let remaining = to - from;
  let t = from;
  for (let i = 0; i < 10_000; i++) {
    const span = nextQuietSpan(q, t);
    if (!span) return t + remaining;
    if (span.start <= t) {
      t = span.end;
      continue;
    }
    const active = span.start - t;
    if (active >= remaining) return t + remaining;
    remaining -= active;
    t = span.end;
  }
  return t + remaining;
}

/**
 * Local hours of [from, to) that hold any time outside quiet hours, each once, in order:
 * the hours a learner may judge. Hours wholly inside quiet hours are never learned from.
 */
export function activeHoursIn(q: QuietHours, from: number, to: number): number[] {
  const spans = quietSpansBetween(q, from, to);
  const seen = new Set<number>();
  const hours: number[] = [];
  for (let t = from; t < to && hours.length < 24;) {
    const end = Math.min(nextHourStart(t, q.timeZone), to);
    let quiet = 0;
    for (const s of spans) quiet += Math.max(0, Math.min(s.end, end) - Math.max(s.start, t));
    const h = hourOf(t, q.timeZone);
    if (quiet < end - t && !seen.has(h)) {
      seen.add(h);
      hours.push(h);
    }
    t = end;
  }
  return hours;
}

/**
 * Per local hour of day, the share of its minutes over one week that lies outside quiet
 * hours (1 = never quiet): what an hour of the curve is worth to a scheduler.
 */
export function activeShareByHour(windows: readonly QuietWindow[]): number[] {
  const share = Array.from({ length: 24 }, () => 0);
  // Minute-of-week grid in a zone-free week; DST does not change which hours are quiet.
  const quiet = new Uint8Array(7 * 1440);
  for (let day = 0; day < 7; day++) {
    for (const w of windows) {
      if (!appliesOn(w.days, day)) continue;
      const [fh, fm] = minutesOf(w.from);
      const [th, tm] = minutesOf(w.to);
      const from = fh * 60 + fm;
      let to = th * 60 + tm;
      if (to <= from) to += 1440;
      for (let m = from; m < to; m++) quiet[(day * 1440 + m) % quiet.length] = 1;
    }
  }
  for (let m = 0; m < quiet.length; m++) {
    const h = Math.floor((m % 1440) / 60);
    if (!quiet[m]) share[h] = (share[h] ?? 0) + 1 / 420;
  }
  return share;
}

const minuteOfDay = (clock: string): number => {
  const [hh, mm] = minutesOf(clock);
  return hh * 60 + mm;
};

/** A window's minutes of its start day, split at midnight: [[from, to)] or [[from, 1440), [0, to)]. */
function segments(w: Pick<QuietWindow, 'from' | 'to'>): [number, number][] {
  const from = minuteOfDay(w.from);
  const to = minuteOfDay(w.to);
  return to > from
    ? [[from, to]]
    : [
        [from, 24 * 60],
        [0, to],
      ];
}

/** `outer` covers `inner`: on every day `inner` applies, each of its minutes is already quiet through `outer`. */
function covers(outer: Pick<QuietWindow, 'from' | 'to' | 'days'>, inner: Pick<QuietWindow, 'from' | 'to' | 'days'>): boolean {
  if (outer.days !== 'all' && outer.days !== inner.days) return false;
  const spans = segments(outer);
  return segments(inner).every(([c, d]) => spans.some(([a, b]) => a <= c && d <= b));
}

/**
 * The first earlier window that `windows[i]` repeats (one of the two lies wholly inside the other
 * on the days it applies: a copy, or 23:00–06:00 next to 22:00–07:00), or -1. A partial overlap
 * that widens the time (22:00–07:00 and 06:00–09:00 on weekends) is a deliberate union and stands.
 */
export function overlappedWindow(windows: readonly Pick<QuietWindow, 'from' | 'to' | 'days'>[], i: number): number {
  const w = windows[i];
  if (!w) return -1;
  for (let j = 0; j < i; j++) {
    const other = windows[j];
    if (other && (covers(other, w) || covers(w, other))) return j;
  }
  return -1;
}
