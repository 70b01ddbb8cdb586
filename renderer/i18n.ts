/**
 * The window's language: the setting when there is one, else the browser's; `<html lang>`
 * follows it. Formatting (dates, numbers, the 12/24-hour clock) reads `wording()`.
 */
import { useEffect, useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { createI18n } from '../shared/i18n/i18n.js';
import type { Wording } from '../shared/i18n/format.js';
import { formatTag, pickLocale, type HourCycle, type Locale } from '../shared/i18n/locales.js';

function browserWishes(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
}

export const i18n = createI18n(pickLocale(null, browserWishes()), [initReactI18next]);

let hourCycle: HourCycle | null = null;

/** What the formatters in shared/i18n/format.ts need, for the window's current language and clock. */
export function wording(): Wording {
  const locale = pickLocale(i18n.language, []);
  return { t: i18n.t, tag: formatTag(locale, browserWishes()), hourCycle };
}

/** The language the browser or system asks for (the "automatic" choice). */
export function browserLocale(): Locale {
  return pickLocale(null, browserWishes());
}

/** Follows the settings (null: the browser) and keeps `<html lang>` in step. */
export function useLocaleSync(locale: Locale | null | undefined, cycle: HourCycle | null | undefined): void {
  const wanted = pickLocale(locale, browserWishes());
  hourCycle = cycle ?? null;
  useEffect(() => {
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted);
    document.documentElement.lang = wanted;
  }, [wanted]);
}

/** t() plus the formatters bound to the current language; re-renders when the language changes. */
export function useWording(): Wording {
  const { t, i18n: instance } = useTranslation();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new language or clock is a new wording
  return useMemo(() => ({ ...wording(), t }), [t, instance.language, hourCycle]);
}
