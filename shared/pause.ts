/**
 * The one pause grammar, for the tray's `--pause`, the CLI and Discord's `/mantra pause`:
 * "30m", "90min", "1h30m", "2 d", "1w", "tomorrow", "morning", a date "2026-12-24" or
 * "2026-12-24T18:00" (read in the zone given), "indefinitely" (also "forever", "off",
 * "until resumed"). Ends in the API's `PauseInput`, so its bounds are the engine's.
 */
import { z } from 'zod';
import { pauseInputSchema, type PauseInput } from './api.js';
import type { RefusalReason } from './refusals.js';
import { epochOf } from './zone.js';

const MINUTES = { m: 1, min: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 } as const;
const INDEFINITELY = new Set(['indefinitely', 'forever', 'off', 'until resumed', 'unbegrenzt', 'bis auf weiteres', 'indefinidamente', 'hasta nuevo aviso']);
/** The German and Spanish words the translated refusals suggest mean what the English ones do. */
const TOMORROW = new Set(['tomorrow', 'morgen', 'mañana']);
const MORNING = new Set(['morning', 'morgen früh', 'mañana temprano']);

/** What to write instead, for error messages. */
const PAUSE_EXAMPLES = '30m, 1h, 2h, 1d, tomorrow, morning, a date such as 2026-12-24T18:00, or indefinitely';

/**
 * A pause as typed -> the engine's pause input; a zod issue naming the examples otherwise.
 * `timeZone` reads dates; without one a date is refused (say which zone it is in).
 */
export function pauseTextSchema(timeZone?: string) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .transform((t, ctx): PauseInput => {
      if (TOMORROW.has(t)) return { until: 'tomorrow' };
      if (MORNING.has(t)) return { until: 'morning' };
      if (INDEFINITELY.has(t)) return { indefinitely: true };
      const date = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2}))?$/.exec(t);
      if (date) {
        const [y, mo, d, h, mi] = date.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
        // Date.UTC rolls 02-30 over to 03-02: a date that does not come back the same is not one.
        const check = new Date(Date.UTC(y, mo - 1, d, h, mi));
        if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || !timeZone) {
          ctx.addIssue({
            code: 'custom',
            message: timeZone ? `"${t}" is not a date` : `"${t}": a date needs a time zone here; use a duration such as 2d`,
            params: { reason: timeZone ? 'pauseNotDate' : 'pauseNeedsZone' },
          });
          return z.NEVER;
        }
        return { until: epochOf(y, mo, d, h, mi, timeZone) };
      }
      if (!/^(\s*\d{1,6}\s*(m|min|h|d|w)\s*)+$/.test(t)) {
        ctx.addIssue({ code: 'custom', message: `"${t}" is not a pause: use ${PAUSE_EXAMPLES}`, params: { reason: 'pauseUnreadable' } });
        return z.NEVER;
      }
      let minutes = 0;
      for (const [, n, unit] of t.matchAll(/(\d+)\s*(min|m|h|d|w)/g)) minutes += Number(n) * MINUTES[unit as keyof typeof MINUTES];
      return { minutes };
    })
    .pipe(pauseInputSchema);
}

/** A pause text that did not parse: English for logs, and the reason to say it in the user's language. */
export interface PauseTextRefusal {
  readonly ok: false;
  readonly error: string;
  readonly refusal: { readonly reason: Extract<RefusalReason, 'pauseNotDate' | 'pauseNeedsZone' | 'pauseUnreadable' | 'pauseOutOfRange'>; readonly params: { readonly text: string } };
}

/** `pauseTextSchema` as a result: the input, or one sentence saying what is wrong. */
export function parsePauseText(text: string, timeZone?: string): { ok: true; input: PauseInput } | PauseTextRefusal {
  const parsed = pauseTextSchema(timeZone).safeParse(text);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const shown = text.trim().toLowerCase().slice(0, 100);
  if (issue?.code === 'custom') {
    const reason = issue.params?.reason === 'pauseNotDate' || issue.params?.reason === 'pauseNeedsZone' ? issue.params.reason : 'pauseUnreadable';
    return { ok: false, error: issue.message, refusal: { reason, params: { text: shown } } };
  }
  return {
    ok: false,
    error: `"${text.trim()}" is not a pause between 1 minute and a year: use ${PAUSE_EXAMPLES}`,
    refusal: { reason: 'pauseOutOfRange', params: { text: text.trim().slice(0, 100) } },
  };
}
