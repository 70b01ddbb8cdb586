/** Times as a person reads them, always in the profile's time zone, in the window's language and clock. */
import * as format from '../shared/i18n/format.js';
import { wording } from './i18n';

/** "14:05" or "2:05 PM", as the user's clock setting says. */
export function clockTime(ms: number, timeZone: string): string {
  return format.clockTime(wording(), ms, timeZone);
}

/** "today 14:05", "tomorrow 09:00" or "Mon 3 Mar 09:00". */
export function dayAndTime(ms: number, timeZone: string, now: number): string {
  return format.dayAndTime(wording(), ms, timeZone, now);
}

/** "42 s", "3 min", "2 h 5 min", "3 days". */
export function duration(ms: number): string {
  return format.duration(wording(), ms);
}

/** "in 5 min" or "5 min ago". */
export function relative(ms: number, now: number): string {
  return format.relative(wording(), ms, now);
}

/** "09:00–10:00" for an hour of the curve. */
export function hourRange(hour: number): string {
  return format.hourRange(wording(), hour);
}

/** "42 %" from a share 0..1. */
export function percent(share: number): string {
  return format.percent(wording(), share);
}
