/**
 * Quiet hours as typed (the CLI's --quiet-hours, Discord's /mantra quiet):
 * "22:00-07:00", "23:00-07:00 weekdays, 00:30-09:30 weekends", or "off". Ends in the
 * settings schema, so its rules are the app's.
 */
import { quietHoursSchema, type QuietWindow } from './settings.js';

export const QUIET_HOURS_EXAMPLES = '22:00-07:00, "23:00-07:00 weekdays, 00:30-09:30 weekends", or off';

export function parseQuietHoursText(text: string): { ok: true; windows: QuietWindow[] } | { ok: false; error: string } {
  const v = text.trim().toLowerCase();
  if (v === 'off' || v === 'none') return { ok: true, windows: [] };
  const windows: unknown[] = [];
  for (const part of v.split(/[,;]/)) {
    const m = /^(\d{1,2}:\d{2})\s*(?:-|–|to)\s*(\d{1,2}:\d{2})(?:\s+(all|every day|weekdays|weekends))?$/.exec(part.trim());
    if (!m) return { ok: false, error: `"${part.trim()}" is not a quiet window: use ${QUIET_HOURS_EXAMPLES}` };
    const pad = (t: string) => (/^\d:/.test(t) ? `0${t}` : t);
    windows.push({ from: pad(m[1] ?? ''), to: pad(m[2] ?? ''), days: m[3] === undefined || m[3] === 'every day' ? 'all' : m[3] });
  }
  const checked = quietHoursSchema.safeParse(windows);
  if (!checked.success) return { ok: false, error: checked.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, windows: checked.data };
}
