/**
 * The Wording (shared/i18n/format.ts) for a profile's locale preferences, so that what the
 * Node side writes (the desktop notification) says times in the window's words and clock.
 */
import type { Wording } from './i18n/format.js';
import { translator } from './i18n/i18n.js';
import { formatTag, pickLocale } from './i18n/locales.js';
import type { LocalePreferences } from './settings.js';

/**
 * `wishes`: the system's language tags, best first (LC_ALL, LANG, Intl's default), for "null = the system's".
 * Where no wish names a region ("C.UTF-8", or a bare language), nothing says 12 hours: the clock is 24-hour.
 */
export function wordingOf(prefs: LocalePreferences, wishes: readonly (string | undefined)[]): Wording {
  const locale = pickLocale(prefs.locale, wishes);
  const tag = formatTag(locale, wishes);
  return { t: translator(locale), tag, hourCycle: prefs.hourCycle ?? (tag.includes('-') ? null : 'h23') };
}
