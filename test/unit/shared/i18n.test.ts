import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../../../shared/i18n/de.js';
import { en } from '../../../shared/i18n/en.js';
import { es } from '../../../shared/i18n/es.js';
import { clockTime, dayAndTime, duration, hourRange, percent, relative, type Wording } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/i18n.js';
import { formatTag, pickLocale } from '../../../shared/i18n/locales.js';
import { defaultProfileSettings, profileSettingsPatchSchema } from '../../../shared/settings.js';
import { DEFAULT_THEME_PACK, loadThemePack, themeLibrary } from '../../../shared/themes.js';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();

describe('catalogs', () => {
  const english = leaves(en);
  for (const [name, catalog] of [
    ['de', de],
    ['es', es],
  ] as const) {
    it(`${name} has every English key, with the same placeholders, and no English left over in long sentences`, () => {
      const other = leaves(catalog);
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        const translated = other.get(key) ?? '';
        expect(placeholders(translated), key).toEqual(placeholders(text));
        expect(translated.trim().length, key).toBeGreaterThan(0);
        // A sentence of five or more words left identical is an untranslated one.
        if (text.split(' ').length >= 5) expect(translated, key).not.toBe(text);
      }
    });
  }
});

describe('Spanish around a day and its time', () => {
  it('never puts "de" or "a" right before a moment, which can start with "el" ("antes de el jue" must be "del")', () => {
    // These placeholders take format.dayAndTime: "hoy a las 14:05", but also "el jue, 4 jun a la 01:00".
    const moment = /(?:^|[\s(])(?:de|a) \{\{(?:when|until|deadline|snoozed)\}\}/i;
    expect([...leaves(es)].filter(([, text]) => moment.test(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('every catalog key is read by the code', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  // The product's sources, not the catalogs themselves and not the tests.
  const source = ['main', 'renderer', 'shared', 'bin']
    .flatMap((dir) => files(join(import.meta.dirname, '../../..', dir)))
    .filter((f) => !/shared[/\\]i18n[/\\](en|de|es)\.ts$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const literals = new Set([...source.matchAll(/['"`]([\w.-]+)['"`]/g)].map((m) => m[1]));
  // `modeForm.${m}.title` reads every key that fits modeForm.<one word>.title.
  const built = [...source.matchAll(/`((?:[\w.-]|\$\{[^}`]*\})*\$\{[^}`]*\}(?:[\w.-]|\$\{[^}`]*\})*)`/g)].map(
    (m) =>
      new RegExp(
        `^${(m[1] ?? '')
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/\./g, '\\.'))
          .join('[\\w-]+')}$`,
      ),
  );

  it('no key is left over in en (and so in de and es): a key nothing reads is a sentence nobody sees', () => {
    const keys = [...new Set([...leaves(en).keys()].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))];
    expect(keys.filter((k) => !literals.has(k) && !built.some((r) => r.test(k)))).toEqual([]);
  });
});

describe('choosing a language', () => {
  it('takes the setting first, then the first supported wish, else English', () => {
    expect(pickLocale('es', ['de-DE'])).toBe('es');
    expect(pickLocale(null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLocale(null, ['de_DE.UTF-8'])).toBe('de');
    expect(pickLocale(null, ['fr', 'ja'])).toBe('en');
    expect(pickLocale(undefined, [])).toBe('en');
  });

  it('formats in the regional variant the user has when it is the same language', () => {
    expect(formatTag('en', ['en-GB', 'de'])).toBe('en-GB');
    expect(formatTag('es', ['en-GB', 'es_MX.UTF-8'])).toBe('es-MX');
    expect(formatTag('de', ['en-US'])).toBe('de');
    expect(formatTag('en', ['C'])).toBe('en');
  });

  it('settings keep the language, the clock and onboarding, and refuse an unknown language', () => {
    const s = defaultProfileSettings();
    expect([s.locale, s.hourCycle, s.onboarded]).toEqual([null, null, false]);
    expect(profileSettingsPatchSchema.safeParse({ locale: 'de', hourCycle: 'h12', onboarded: true }).success).toBe(true);
    expect(profileSettingsPatchSchema.safeParse({ locale: 'fr' }).success).toBe(false);
    expect(profileSettingsPatchSchema.safeParse({ hourCycle: '24' }).success).toBe(false);
  });
});

describe('dates, times and numbers in the user locale', () => {
  const at = (tag: string, t: Wording['t'], hourCycle: Wording['hourCycle'] = null): Wording => ({ t, tag, hourCycle });
  const T = Date.UTC(2026, 2, 2, 14, 5); // Monday 2 March 2026, 14:05 UTC
  const enGB = at('en-GB', translator('en'));
  const enUS = at('en-US', translator('en'));
  const deDE = at('de', translator('de'));
  const esES = at('es', translator('es'));

  it('writes the clock as the locale does, unless the user chose 12 or 24 hours', () => {
    expect(clockTime(enGB, T, 'UTC')).toBe('14:05');
    expect(clockTime(enUS, T, 'UTC')).toMatch(/^02:05\sPM$/);
    expect(clockTime(deDE, T, 'UTC')).toBe('14:05');
    expect(clockTime({ ...enUS, hourCycle: 'h23' }, T, 'UTC')).toBe('14:05');
    expect(clockTime({ ...deDE, hourCycle: 'h12' }, T, 'UTC')).toMatch(/^02:05\sPM$/i);
    expect(clockTime(enGB, T, 'Asia/Kolkata')).toBe('19:35');
  });

  it('names near days in each language and dates further away', () => {
    expect(dayAndTime(enGB, T, 'UTC', T - 3_600_000)).toBe('today at 14:05');
    expect(dayAndTime(deDE, T, 'UTC', T - 86_400_000)).toBe('morgen um 14:05');
    expect(dayAndTime(esES, T, 'UTC', T + 86_400_000)).toBe('ayer a las 14:05');
    expect(dayAndTime(deDE, T, 'UTC', T - 5 * 86_400_000)).toBe('Mo., 2. März um 14:05');
    // Spanish joins with "a la" for one o'clock, "a las" otherwise, and puts "el" before a date.
    expect(dayAndTime(esES, T - 13 * 3_600_000, 'UTC', T)).toBe('hoy a la 01:05');
    expect(dayAndTime({ ...esES, hourCycle: 'h12' }, T, 'UTC', T)).toMatch(/^hoy a las 02:05\s?p\.\s?m\.$/);
    expect(dayAndTime(esES, T, 'UTC', T - 5 * 86_400_000)).toMatch(/^el lun, 2 mar a las 14:05$/);
  });

  it('writes durations, relative times and shares in each language', () => {
    expect(duration(enGB, 125 * 60_000)).toBe('2 h 5 min');
    expect(duration(deDE, 3 * 86_400_000)).toBe('3 Tage');
    expect(duration(esES, 86_400_000 * 1.5 + 60_000 * 0)).toBe('36 h');
    expect(relative(deDE, T - 5 * 60_000, T)).toBe('vor 5 Min.');
    expect(relative(esES, T + 5 * 60_000, T)).toBe('dentro de 5 min');
    expect(relative(enGB, T + 10_000, T)).toBe('now');
    expect(percent(deDE, 0.423)).toBe('42 %');
    expect(hourRange(enGB, 23)).toBe('23:00–00:00');
  });
});

describe('theme packs declare their language', () => {
  const pack = (language?: string) => ({
    format: 'mantra-theme-pack',
    version: 1,
    name: 'Deutsch',
    ...(language === undefined ? {} : { language }),
    themes: [{ id: 'ruhe', name: 'Ruhe', description: 'Ruhig atmen.', voice: 'first-person', mantras: [{ text: 'Ruhig und klar.', difficulty: 'easy' }] }],
  });

  it('keeps the tag, defaults to English, and refuses what is not a language tag', () => {
    const de = loadThemePack(pack('de'));
    expect(de.ok && themeLibrary([de.pack]).themes[0]?.language).toBe('de');
    const none = loadThemePack(pack());
    expect(none.ok && none.pack.language).toBe('en');
    const bad = loadThemePack(pack('not a tag!'));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.join(' ')).toMatch(/language: must be a language tag/);
    expect(DEFAULT_THEME_PACK.language).toBe('en');
  });
});
