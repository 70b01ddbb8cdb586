/** Times as a person reads them, always in the profile's time zone. */
import { calendarDaysBetween } from '../shared/zone.js';

const clocks = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = map.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone, ...options });
    map.set(timeZone, f);
  }
  return f;
}

/** "14:05", the 24-hour clock the fixed times are written in. */
export function clockTime(ms: number, timeZone: string): string {
  return cached(clocks, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** "today 14:05", "tomorrow 09:00" or "Mon 3 Mar 09:00". */
export function dayAndTime(ms: number, timeZone: string, now: number): string {
  const delta = calendarDaysBetween(now, ms, timeZone);
  const clock = clockTime(ms, timeZone);
  if (delta === 0) return `today ${clock}`;
  if (delta === 1) return `tomorrow ${clock}`;
  if (delta === -1) return `yesterday ${clock}`;
  return `${cached(days, timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(ms)} ${clock}`;
}

/** "42 s", "3 min", "2 h 5 min", "3 days". */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** "in 5 min" or "5 min ago". */
export function relative(ms: number, now: number): string {
  if (Math.abs(ms - now) < 30_000) return 'now';
  return ms > now ? `in ${duration(ms - now)}` : `${duration(now - ms)} ago`;
}

/** "09:00–10:00" for an hour of the curve. */
export function hourRange(hour: number): string {
  const pad = (h: number) => String(h % 24).padStart(2, '0');
  return `${pad(hour)}:00–${pad(hour + 1)}:00`;
}
