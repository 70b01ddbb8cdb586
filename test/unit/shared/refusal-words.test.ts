import { describe, expect, it } from 'vitest';
import { apiTable, invalidInput, parseApiInput } from '../../../shared/api.js';
import { de } from '../../../shared/i18n/de.js';
import { en } from '../../../shared/i18n/en.js';
import { es } from '../../../shared/i18n/es.js';
import { translator } from '../../../shared/i18n/i18n.js';
import { issueWords, refusalOf, refusalWords } from '../../../shared/i18n/refusal-words.js';
import { parseQuietHoursText } from '../../../shared/quiet-hours-text.js';
import { fieldIssuesOf, REFUSAL_REASONS, VALIDATION_CHECKS } from '../../../shared/refusals.js';
import { profileSettingsPatchSchema, profileSettingsSchema } from '../../../shared/settings.js';

const catalogs = { en, de, es } as const;
type Group = Readonly<Record<string, string>>;
/** A key as i18next reads it: itself, or its plural forms. */
const hasKey = (group: Group, key: string) => typeof group[key] === 'string' || (typeof group[`${key}_one`] === 'string' && typeof group[`${key}_other`] === 'string');

/** The object keys an input schema takes, nested unions and objects included. */
function inputKeys(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[]; innerType?: unknown } } })._zod?.def;
  if (!def) return [];
  if (def.type === 'object' && def.shape) return Object.entries(def.shape).flatMap(([k, v]) => [k, ...inputKeys(v)]);
  if (def.type === 'union' && def.options) return def.options.flatMap(inputKeys);
  if (def.innerType) return inputKeys(def.innerType);
  return [];
}

describe('refusal catalogs', () => {
  it('every reason key and every named check has a sentence in English, German and Spanish', () => {
    for (const [lang, catalog] of Object.entries(catalogs)) {
      for (const reason of REFUSAL_REASONS) expect(hasKey(catalog.refusals as Group, reason), `${lang} refusals.${reason}`).toBe(true);
      for (const check of VALIDATION_CHECKS) expect(hasKey(catalog.validation.checks as Group, check), `${lang} validation.checks.${check}`).toBe(true);
    }
    for (const reason of REFUSAL_REASONS) {
      if (reason === 'invalidInput') continue;
      const params = { theme: 'x', profile: 'p', themes: 'x', text: 'x', count: 1 };
      const [e, d, s] = (['en', 'de', 'es'] as const).map((l) => translator(l)(`refusals.${reason}`, params));
      expect(d, reason).not.toBe(e);
      expect(s, reason).not.toBe(e);
      expect(`${e}${d}${s}`, reason).not.toContain('refusals.');
    }
  });

  it('every field a window or the API can send has a label in all three languages', () => {
    const fields = new Set([...inputKeys(profileSettingsPatchSchema), ...Object.values(apiTable).flatMap((m) => inputKeys(m.input))]);
    expect(fields.size).toBeGreaterThan(30);
    // A nested key (a quiet window's from/to, the how-often band's min/max) may be a part instead.
    for (const field of fields)
      for (const [lang, catalog] of Object.entries(catalogs))
        expect(hasKey(catalog.validation.fields as Group, field) || hasKey(catalog.validation.parts as Group, field), `${lang} ${field}`).toBe(true);
  });
});

describe('zod issues in the reader language', () => {
  const issuesOf = (patch: unknown) => {
    const r = profileSettingsPatchSchema.safeParse(patch);
    if (r.success) throw new Error('expected a refusal');
    return fieldIssuesOf(r.error.issues);
  };

  it('carries path, code and bound, not the English alone', () => {
    expect(issuesOf({ intervalHours: 99 })).toEqual([{ path: ['intervalHours'], code: 'too_big', origin: 'number', bound: 24, message: 'interval must be at most 24 hours' }]);
    expect(issuesOf({ quietHours: [{ from: '22:00', to: '22:00' }] })).toEqual([
      { path: ['quietHours', 0], code: 'custom', check: 'quietSameTime', message: 'a quiet window must not start and end at the same time' },
    ]);
  });

  it.each([
    [{ intervalHours: 99 }, 'Hours between mantras: at most 24.', 'Stunden zwischen zwei Mantras: höchstens 24.', 'Horas entre mantras: como máximo 24.'],
    [{ subject: '' }, 'You are called: must not be empty.', 'Du heißt: darf nicht leer sein.', 'Te llamas: no puede estar vacío.'],
    [
      { fixedTimes: ['09:00', '9am'] },
      'Fixed times, no. 2: must be a time of day such as 07:30 (00:00 to 23:59).',
      'Feste Zeiten, Nr. 2: muss eine Uhrzeit wie 07:30 sein (00:00 bis 23:59).',
      'Horas fijas, n.º 2: tiene que ser una hora como 07:30 (de 00:00 a 23:59).',
    ],
    [{ subject: 'x'.repeat(200) }, 'You are called: at most 40 characters.', 'Du heißt: höchstens 40 Zeichen.', 'Te llamas: como máximo 40 caracteres.'],
    [
      { frequencyRange: { min: 5, max: 2 } },
      'How often: the lowest must not be above the highest.',
      'Wie oft: die Untergrenze darf nicht über der Obergrenze liegen.',
      'Con qué frecuencia: el mínimo no puede estar por encima del máximo.',
    ],
    [{ idleThresholdMinutes: 2.5 }, 'Away after (minutes): must be a whole number.', 'Abwesend nach (Minuten): muss eine ganze Zahl sein.', 'Ausente tras (minutos): tiene que ser un número entero.'],
  ])('%j', (patch, english, german, spanish) => {
    const [issue] = issuesOf(patch);
    expect(issueWords(issue!, translator('en'))).toBe(english);
    expect(issueWords(issue!, translator('de'))).toBe(german);
    expect(issueWords(issue!, translator('es'))).toBe(spanish);
  });

  it('a refused API input becomes one sentence in the reader language, English kept for the log', () => {
    let thrown: unknown;
    try {
      parseApiInput('snooze', { minutes: 0 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'invalid-input', reason: 'invalidInput', message: 'invalid input for snooze: minutes: a snooze lasts at least 1 minute' });
    expect(refusalWords(refusalOf(thrown), translator('de'))).toBe('Das wurde nicht übernommen. Minuten: mindestens 1.');
    expect(refusalWords(refusalOf(thrown), translator('es'))).toBe('No se ha aceptado. Minutos: como mínimo 1.');
  });

  it('quiet-hours text refused by the settings rules speaks of the quiet-hours field', () => {
    const parsed = parseQuietHoursText('07:00-07:00');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(refusalWords(parsed.refusal, translator('es'))).toBe('No se ha aceptado. Horas de silencio, n.º 1: el inicio y el fin tienen que ser horas distintas.');
    expect(parseQuietHoursText('23:00 bis 06:00 am wochenende')).toEqual({ ok: true, windows: [{ from: '23:00', to: '06:00', days: 'weekends' }] });
    expect(parseQuietHoursText('22:00-07:00 entre semana')).toEqual({ ok: true, windows: [{ from: '22:00', to: '07:00', days: 'weekdays' }] });
  });

  it('drops what it cannot vouch for: an unknown reason or malformed issues are not shown', () => {
    expect(refusalOf({ reason: 'made-up', issues: [{ nope: 1 }] })).toEqual({});
    expect(refusalWords(refusalOf(new Error('plain')), translator('de'))).toBeNull();
    const defaults = profileSettingsSchema.safeParse({ ...{}, themes: [] });
    expect(defaults.success).toBe(false);
    if (!defaults.success)
      expect(refusalWords(invalidInput('invalid settings', defaults.error.issues), translator('de'))).toBe('Das wurde nicht übernommen. Themen: braucht mindestens einen Eintrag.');
  });
});
