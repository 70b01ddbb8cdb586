/** The languages Mantra speaks, and how a wish (setting, browser, system) becomes one of them. Pure. */
import { z } from 'zod';

export const LOCALES = ['en', 'de', 'es'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

/** Each language's own name, shown in the language picker whatever the current language is. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', de: 'Deutsch', es: 'Español' };

/** 'h12' (2:05 PM) or 'h23' (14:05); null follows the locale's custom. */
export const hourCycleSchema = z.enum(['h12', 'h23']);
export type HourCycle = z.infer<typeof hourCycleSchema>;

/** The supported language a wish names ("de-AT", "de_DE.UTF-8" -> "de"), or null. */
export function localeOf(wish: string | null | undefined): Locale | null {
  const base = wish?.toLowerCase().split(/[-_.]/)[0];
  return LOCALES.find((l) => l === base) ?? null;
}

/** The first supported language among the user's wishes ("de-AT" -> "de"), else English. */
export function pickLocale(preferred: string | null | undefined, wishes: readonly (string | undefined)[]): Locale {
  for (const wish of [preferred, ...wishes]) {
    const found = localeOf(wish);
    if (found) return found;
  }
  return 'en';
}

/**
 * The BCP 47 tag dates and numbers are written in: the user's full regional tag ("en-GB",
 * "es-MX") when it is in the chosen language, else the language itself.
 */
export function formatTag(locale: Locale, wishes: readonly (string | undefined)[]): string {
  for (const wish of wishes) {
    if (!wish) continue;
    const tag = wish.replace(/_/g, '-').split('.')[0] ?? '';
    if (tag.toLowerCase().split('-')[0] !== locale) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? locale;
    } catch {
      // "C" or "POSIX" from the environment: not a tag.
    }
  }
  return locale;
}
