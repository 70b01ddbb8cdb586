/**
 * The Wording (shared/i18n/format.ts) for a profile's locale preferences, so that what the
 * Node side writes (the desktop notification) says times in the window's words and clock.
 */
import type { Wording } from './i18n/format.js';
import { translator } from './i18n/i18n.js';
import { formatTag, pickLocale } from './i18n/locales.js';
import type { LocalePreferences } from './settings.js';

/** `wishes`: the system's language tags, best first (LC_ALL, LANG, Intl's default), for "null = the system's". */
export function wordingOf(prefs: LocalePreferences, wishes: readonly (string | undefined)[]): Wording {
  const locale = pickLocale(prefs.locale, wishes);
  return { t: translator(locale), tag: formatTag(locale, wishes), hourCycle: prefs.hourCycle };
}
