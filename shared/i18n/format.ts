/**
 * Dates, times, durations and numbers as a person reads them, through Intl in the user's
 * locale and clock (12/24 h), in a given time zone. Pure: the instant and `now` come in.
 */
import type { TFunction } from 'i18next';
import { calendarDaysBetween } from '../zone.js';
import type { HourCycle } from './locales.js';

export interface Wording {
  readonly t: TFunction;
  /** BCP 47 tag for Intl ("de", "en-GB"). */
  readonly tag: string;
  /** null: the locale's custom. */
  readonly hourCycle: HourCycle | null;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    if (cache.size > 500) cache.clear();
    cache.set(key, f);
  }
  return f;
}

const clockOptions = (w: Wording): Intl.DateTimeFormatOptions => (w.hourCycle ? { hour: '2-digit', minute: '2-digit', hourCycle: w.hourCycle } : { hour: '2-digit', minute: '2-digit' });

/** "14:05" or "2:05 PM". */
export function clockTime(w: Wording, ms: number, timeZone: string): string {
  return dateFormat(w.tag, { timeZone, ...clockOptions(w) }).format(ms);
}

/** The hour as the clock writes it (13 at 13:05, 1 at 1:05 PM): Spanish says "la 1:00" but "las 13:00" (pass it as `count`). */
export function clockHour(w: Wording, ms: number, timeZone: string): number {
  const hour = dateFormat(w.tag, { timeZone, ...clockOptions(w) })
    .formatToParts(ms)
    .find((p) => p.type === 'hour');
  return hour ? Number.parseInt(hour.value, 10) : 0;
}

/** "today", "tomorrow", "yesterday" (or "heute", "mañana"...), else null. */
export function nearDay(w: Wording, ms: number, timeZone: string, now: number): string | null {
  const delta = calendarDaysBetween(now, ms, timeZone);
  if (Math.abs(delta) > 1) return null;
  return new Intl.RelativeTimeFormat(w.tag, { numeric: 'auto' }).format(delta, 'day');
}

/** "Mon, 3 Mar" in the locale's order. */
export function shortDate(w: Wording, ms: number, timeZone: string): string {
  return dateFormat(w.tag, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
}

/** "today at 14:05", "heute um 14:05", "mañana a las 9:00", "el mar, 8 dic a las 18:36": the day and its time joined as each language says it. */
export function dayAndTime(w: Wording, ms: number, timeZone: string, now: number): string {
  const time = clockTime(w, ms, timeZone);
  // The hour picks "a la 1:00" or "a las 13:00" in Spanish.
  const count = clockHour(w, ms, timeZone);
  const near = nearDay(w, ms, timeZone, now);
  return near !== null ? w.t('dayTime.near', { day: near, time, count }) : w.t('dayTime.date', { date: shortDate(w, ms, timeZone), time, count });
}

/**
 * Set times of day ("HH:MM", 24-hour) in the user's clock after their preposition, the list joined as the language joins one:
 * "at 09:00, 13:30 and 20:00", "um 09:00 und 13:30", "a las 09:00 y 13:30", "a la 01:00 y a las 13:00".
 */
export function atTimes(w: Wording, times: readonly string[], key: 'dayTime.at' | 'dayTime.around' = 'dayTime.at'): string {
  const list = (words: readonly string[]): string => new Intl.ListFormat(w.tag, { type: 'conjunction' }).format(words);
  const items = times.map((hhmm) => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    const ms = Date.UTC(2000, 0, 1, h, m);
    // The hour picks "a la 1:00" or "a las 13:00" in Spanish.
    return { time: clockTime(w, ms, 'UTC'), count: clockHour(w, ms, 'UTC') };
  });
  // The words before an empty time tell whether two times share them ("at" always; "a la" and "a las" differ).
  const lead = (count: number): string => w.t(key, { time: '', count });
  const first = items[0];
  if (!first) return '';
  if (items.every((i) => lead(i.count) === lead(first.count))) return w.t(key, { time: list(items.map((i) => i.time)), count: first.count });
  return list(items.map((i) => w.t(key, { time: i.time, count: i.count })));
}

/** A plain number in the locale ("1,234.5", "1.234,5"). */
export function number(w: Wording, n: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(w.tag, { maximumFractionDigits }).format(n);
}

/** "42 %" from a 0..1 share (the space is the catalog's, so each language writes its own). */
export function percent(w: Wording, share: number): string {
  return w.t('time.percent', { n: number(w, Math.round(Math.max(0, share) * 100)) });
}

/** "42 s", "3 min", "2 h 5 min", "3 days". */
export function duration(w: Wording, ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return w.t('time.seconds', { n: number(w, s) });
  const min = Math.round(s / 60);
  if (min < 60) return w.t('time.minutes', { n: number(w, min) });
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? w.t('time.hoursMinutes', { h: number(w, h), m: number(w, min % 60) }) : w.t('time.hours', { n: number(w, h) });
  return w.t('time.days', { count: Math.round(h / 24) });
}

/** "in 5 min", "5 min ago" or "now". */
export function relative(w: Wording, ms: number, now: number): string {
  if (Math.abs(ms - now) < 30_000) return w.t('time.now');
  return ms > now ? w.t('time.in', { duration: duration(w, ms - now) }) : w.t('time.ago', { duration: duration(w, now - ms) });
}

/** "09:00–10:00" (or "9 AM – 10 AM") for an hour of the day. */
export function hourRange(w: Wording, hour: number): string {
  const f = dateFormat(w.tag, { timeZone: 'UTC', ...clockOptions(w) });
  return `${f.format(Date.UTC(2000, 0, 1, hour % 24))}–${f.format(Date.UTC(2000, 0, 1, (hour + 1) % 24))}`;
}

/** "14:00" for an hour of the day, for axis labels. */
export function hourLabel(w: Wording, hour: number): string {
  return dateFormat(w.tag, { timeZone: 'UTC', ...clockOptions(w) }).format(Date.UTC(2000, 0, 1, hour % 24));
}

/** A response-time bin of shared/stats.ts ("<1m", "1-2m", "3h+") in the window's units: "< 1 Min.", "1–2 Min.", "ab 3 Std.". */
export function responseBin(w: Wording, label: string): string {
  const unit = (n: string, u: string) => w.t(u === 'h' ? 'time.hours' : 'time.minutes', { n });
  const num = new Intl.NumberFormat(w.tag);
  const under = /^<(\d+)([mh])$/.exec(label);
  if (under) return w.t('responseBins.under', { v: unit(num.format(Number(under[1])), under[2] ?? 'm') });
  const range = /^(\d+)-(\d+)([mh])$/.exec(label);
  if (range) return unit(num.formatRange(Number(range[1]), Number(range[2])), range[3] ?? 'm');
  const over = /^(\d+)([mh])\+$/.exec(label);
  if (over) return w.t('responseBins.over', { v: unit(num.format(Number(over[1])), over[2] ?? 'm') });
  return label;
}
