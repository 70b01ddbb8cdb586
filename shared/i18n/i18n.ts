/**
 * One i18next instance per use (the window, the host's notifications and Discord, the CLI),
 * over the same catalogs. i18next is used in both Node and the browser, with one catalog
 * format and plural/interpolation support; ICU message syntax is not needed here.
 */
import i18next, { type i18n, type TFunction } from 'i18next';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import type { Locale } from './locales.js';

export const resources = { en: { translation: en }, de: { translation: de }, es: { translation: es } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** A ready instance in `locale` (initialised synchronously: the catalogs are bundled). */
export function createI18n(locale: Locale, plugins: readonly Parameters<i18n['use']>[0][] = []): i18n {
  const instance = i18next.createInstance();
  for (const plugin of plugins) instance.use(plugin);
  void instance.init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'de', 'es'],
    resources,
    initAsync: false,
    // React and Discord's own escaping apply where needed; a mantra is never HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** A t() fixed to one language (notifications, Discord, CLI: one message, one language). */
export function translator(locale: Locale): TFunction {
  return fixedTranslators[locale];
}

const fixedTranslators: Record<Locale, TFunction> = {
  en: createI18n('en').t,
  de: createI18n('de').t,
  es: createI18n('es').t,
};

export type { TFunction };
