/**
 * Quiet hours as typed (the CLI's --quiet-hours, Discord's /mantra quiet):
 * "22:00-07:00", "23:00-07:00 weekdays, 00:30-09:30 weekends", or "off". Ends in the
 * settings schema, so its rules are the app's.
 */
import { fieldIssuesOf, type FieldIssue } from './refusals.js';
import { quietHoursSchema, type QuietDays, type QuietWindow } from './settings.js';

const QUIET_HOURS_EXAMPLES = '22:00-07:00, "23:00-07:00 weekdays, 00:30-09:30 weekends", or off';

const OFF = new Set(['off', 'none', 'aus', 'keine', 'no', 'ninguna']);
/** Day words, English plus the German and Spanish ones the translated refusal suggests. */
const DAYS: Readonly<Record<string, QuietDays>> = {
  all: 'all',
  'every day': 'all',
  täglich: 'all',
  'todos los días': 'all',
  weekdays: 'weekdays',
  werktags: 'weekdays',
  'entre semana': 'weekdays',
  weekends: 'weekends',
  'am wochenende': 'weekends',
  'fines de semana': 'weekends',
};
const WINDOW = new RegExp(`^(\\d{1,2}:\\d{2})\\s*(?:-|–|to|bis|a)\\s*(\\d{1,2}:\\d{2})(?:\\s+(${Object.keys(DAYS).join('|')}))?$`);

/** Quiet hours text that did not parse: English for logs; the reason or the issues say it in the user's language. */
export interface QuietTextRefusal {
  readonly ok: false;
  readonly error: string;
  readonly refusal: { readonly reason: 'quietUnreadable'; readonly params: { readonly text: string } } | { readonly reason: 'invalidInput'; readonly issues: readonly FieldIssue[] };
}

export function parseQuietHoursText(text: string): { ok: true; windows: QuietWindow[] } | QuietTextRefusal {
  const v = text.trim().toLowerCase();
  if (OFF.has(v)) return { ok: true, windows: [] };
  const windows: unknown[] = [];
  for (const part of v.split(/[,;]/)) {
    const m = WINDOW.exec(part.trim());
    if (!m) return { ok: false, error: `"${part.trim()}" is not a quiet window: use ${QUIET_HOURS_EXAMPLES}`, refusal: { reason: 'quietUnreadable', params: { text: part.trim().slice(0, 100) } } };
    const pad = (t: string) => (/^\d:/.test(t) ? `0${t}` : t);
    windows.push({ from: pad(m[1] ?? ''), to: pad(m[2] ?? ''), days: m[3] === undefined ? 'all' : DAYS[m[3]] });
  }
  const checked = quietHoursSchema.safeParse(windows);
  if (!checked.success) {
    // Issues name the field as the settings do ("quietHours.0"), so they read like the window's own.
    const issues = fieldIssuesOf(checked.error.issues).map((i) => ({ ...i, path: ['quietHours', ...i.path] }));
    return { ok: false, error: checked.error.issues.map((i) => i.message).join('; '), refusal: { reason: 'invalidInput', issues } };
  }
  return { ok: true, windows: checked.data };
}
