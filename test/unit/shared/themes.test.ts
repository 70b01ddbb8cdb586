import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { POINTS } from '../../../shared/constants.js';
import { formatMantra, grammarProblems, templateProblems } from '../../../shared/mantras.js';
import { defaultProfileSettings, mantraSchema } from '../../../shared/settings.js';
import { DEFAULT_LIBRARY, DEFAULT_THEME_PACK, loadThemePack, themeLibrary, themePackSchema, type ThemePack, type ThemePackInput } from '../../../shared/themes.js';

const root = new URL('../../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const pack = (overrides: Partial<ThemePackInput> = {}): ThemePackInput => ({
  format: 'mantra-theme-pack',
  version: 1,
  name: 'Test pack',
  themes: [
    {
      id: 'study',
      name: 'Study',
      description: 'Learning.',
      mantras: [
        { text: 'Read one page.', difficulty: 'easy' },
        { text: '{subject} can explain it to {controller}.', difficulty: 'moderate', points: 70 },
      ],
    },
  ],
  ...overrides,
});

const loaded = (json: unknown): ThemePack => {
  const r = loadThemePack(json);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.pack;
};

const errorsOf = (json: unknown): string[] => {
  const r = loadThemePack(json);
  return r.ok ? [] : r.errors;
};

describe('loadThemePack', () => {
  it('accepts a valid pack and fills in points from the difficulty', () => {
    const p = loaded(pack());
    expect(p.themes[0]?.mantras).toEqual([
      { text: 'Read one page.', difficulty: 'easy', points: POINTS.base.easy },
      { text: '{subject} can explain it to {controller}.', difficulty: 'moderate', points: 70 },
    ]);
  });

  it('rejects an unknown placeholder, naming the place, the theme id and the mantra index', () => {
    const json = pack();
    json.themes.push({
      id: 'focus-more',
      name: 'Focus',
      description: '',
      mantras: [
        { text: 'Fine.', difficulty: 'easy' },
        { text: 'Now {verb} for {controller}.', difficulty: 'hard' },
      ],
    });
    expect(errorsOf(json)).toEqual(['themes[1].mantras[1].text: unknown placeholder {verb} (theme "focus-more", mantra 1)']);
  });

  it('rejects duplicate theme ids within a pack', () => {
    const json = pack();
    json.themes.push({ ...json.themes[0]!, name: 'Again' });
    expect(errorsOf(json)).toEqual(['themes[1].id: duplicate theme id "study"']);
  });

  it('rejects texts shorter than 3 or longer than 200 characters, after trimming', () => {
    const withText = (text: string) => pack({ themes: [{ id: 'a', name: 'A', description: '', mantras: [{ text, difficulty: 'easy' }] }] });
    expect(errorsOf(withText('  ok  '))).toEqual(['themes[0].mantras[0].text: must be at least 3 characters (theme "a", mantra 0)']);
    expect(errorsOf(withText('x'.repeat(201)))).toEqual(['themes[0].mantras[0].text: must be at most 200 characters (theme "a", mantra 0)']);
    expect(loaded(withText('  abc  ')).themes[0]?.mantras[0]?.text).toBe('abc');
    expect(loadThemePack(withText('x'.repeat(200))).ok).toBe(true);
  });

  it('reports every problem at once with readable paths', () => {
    const errors = errorsOf({
      format: 'something-else',
      version: 2,
      name: 'P',
      extra: true,
      themes: [
        {
          id: 'Not Kebab',
          name: 'X',
          description: 'd',
          mantras: [
            { text: 'abc', difficulty: 'trivial' },
            { text: 'abc {', difficulty: 'easy', points: 2.5 },
          ],
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'format: must be "mantra-theme-pack"',
        expect.stringMatching(/^version: must be 1/),
        expect.stringMatching(/^pack: .*extra/),
        'themes[0].id: must be kebab-case, like "deep-focus"',
        'themes[0].mantras[0].difficulty: must be "easy", "moderate" or "hard" (theme "Not Kebab", mantra 0)',
        'themes[0].mantras[1].text: unmatched brace (theme "Not Kebab", mantra 1)',
        'themes[0].mantras[1].points: must be a whole number (theme "Not Kebab", mantra 1)',
      ]),
    );
    expect(errors).toHaveLength(7);
  });

  it('rejects what is not a pack at all', () => {
    expect(errorsOf(null)).toEqual(['pack: expected object, received null']);
    expect(errorsOf({ format: 'mantra-theme-pack', version: 1, themes: [] })).toEqual(['name: is required', 'themes: a pack needs at least one theme']);
    expect(errorsOf([])).toEqual([expect.stringMatching(/^pack: /)]);
    expect(errorsOf(pack({ themes: [] }))).toEqual(['themes: a pack needs at least one theme']);
    expect(errorsOf(pack({ themes: [{ id: 'a', name: 'A', description: '', mantras: [] }] }))).toEqual(['themes[0].mantras: a theme needs at least one mantra']);
  });

  it('rejects the same text twice in one theme', () => {
    const json = pack({
      themes: [
        {
          id: 'a',
          name: 'A',
          description: '',
          mantras: [
            { text: 'Same.', difficulty: 'easy' },
            { text: 'Same.', difficulty: 'hard' },
          ],
        },
      ],
    });
    expect(errorsOf(json)).toEqual(['themes[0].mantras[1].text: repeats an earlier mantra of this theme (theme "a", mantra 1)']);
  });

  it('property: a text is accepted exactly when its template has no problems', () => {
    const piece = fc.oneof(fc.constant('{subject}'), fc.constant('{controller}'), fc.constant('{verb}'), fc.constant('{'), fc.string({ maxLength: 10 }));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = `Now ${parts.join(' ')} ok`;
        fc.pre(text.length <= 200);
        const r = loadThemePack(pack({ themes: [{ id: 'a', name: 'A', description: '', mantras: [{ text, difficulty: 'easy' }] }] }));
        expect(r.ok).toBe(templateProblems(text.trim()).length === 0 && grammarProblems(text.trim(), 'named').length === 0);
      }),
    );
  });
});

describe('the example pack in docs', () => {
  it('loads, and is the pack shown in docs/theme-packs.md', () => {
    const example = readJson('docs/example-theme-pack.json');
    const p = loaded(example);
    expect(p.themes.map((t) => t.id)).toEqual(['exam-prep', 'writing']);
    expect(p.themes[0]?.mantras[3]?.points).toBe(120);
    const doc = readFileSync(new URL('docs/theme-packs.md', root), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(JSON.parse(block ?? 'null')).toEqual(example);
  });
});

describe('themeLibrary', () => {
  it('builds mantras with ids theme/index and the pack points', () => {
    const lib = themeLibrary([loaded(pack())]);
    expect(lib.mantras).toEqual([
      { id: 'study/0', theme: 'study', template: 'Read one page.', difficulty: 'easy', basePoints: 25 },
      { id: 'study/1', theme: 'study', template: '{subject} can explain it to {controller}.', difficulty: 'moderate', basePoints: 70 },
    ]);
    expect(lib.themes).toEqual([{ id: 'study', name: 'Study', description: 'Learning.', language: 'en', pack: 'Test pack', builtIn: false, mantraCount: 2, voice: 'named' }]);
    expect(lib.errors).toEqual([]);
    for (const m of lib.mantras) expect(mantraSchema.parse(m)).toEqual(m);
  });

  it('never lets a later pack override a built-in theme; the rest of that pack loads', () => {
    const intruder = loaded(
      pack({
        name: 'Intruder',
        themes: [
          { id: 'focus', name: 'My focus', description: '', mantras: [{ text: 'Override!', difficulty: 'easy' }] },
          { id: 'study', name: 'Study', description: '', mantras: [{ text: 'Read.', difficulty: 'easy' }] },
        ],
      }),
    );
    const lib = themeLibrary([DEFAULT_THEME_PACK, intruder]);
    expect(lib.errors).toEqual(['pack "Intruder": theme id "focus" is already defined by pack "Mantra defaults"; theme left out']);
    expect(lib.themes.find((t) => t.id === 'focus')).toMatchObject({ name: 'Focus', builtIn: true });
    expect(lib.mantras.filter((m) => m.theme === 'focus')).toEqual(DEFAULT_LIBRARY.mantras.filter((m) => m.theme === 'focus'));
    expect(lib.themes.find((t) => t.id === 'study')).toMatchObject({ pack: 'Intruder', builtIn: false });
    expect(lib.mantras).toHaveLength(DEFAULT_LIBRARY.mantras.length + 1);
  });

  it('keeps the first of two imported packs with the same theme id', () => {
    const a = loaded(pack({ name: 'A' }));
    const b = loaded(pack({ name: 'B' }));
    const lib = themeLibrary([a, b]);
    expect(lib.themes.map((t) => t.pack)).toEqual(['A']);
    expect(lib.errors).toHaveLength(1);
  });
});

describe('the default library', () => {
  const themes = DEFAULT_THEME_PACK.themes;
  const formatted = (text: string, names = { subject: 'I', controller: 'my future self' }) => formatMantra(text, names);

  it('is the shipped JSON, valid, with at least 8 themes and 80 mantras', () => {
    expect(loaded(readJson('shared/library/default-themes.json'))).toEqual(DEFAULT_THEME_PACK);
    expect(themePackSchema.safeParse(readJson('shared/library/default-themes.json')).success).toBe(true);
    expect(themes.length).toBeGreaterThanOrEqual(8);
    expect(DEFAULT_LIBRARY.mantras.length).toBeGreaterThanOrEqual(80);
    expect(DEFAULT_LIBRARY.errors).toEqual([]);
    expect(DEFAULT_LIBRARY.themes.every((t) => t.builtIn && t.pack === 'Mantra defaults')).toBe(true);
    expect(themes.map((t) => t.id)).toEqual(expect.arrayContaining(['focus', 'calm', 'confidence', 'gratitude', 'resilience', 'kindness', 'discipline', 'rest']));
  });

  it('covers the default settings themes', () => {
    const ids = DEFAULT_LIBRARY.themes.map((t) => t.id);
    for (const id of defaultProfileSettings().themes) expect(ids).toContain(id);
  });

  it('has 10+ mantras and all three difficulties in every theme, easy shorter than moderate shorter than hard', () => {
    for (const t of themes) {
      expect(t.mantras.length, t.id).toBeGreaterThanOrEqual(10);
      const lengths = (d: string) => t.mantras.filter((m) => m.difficulty === d).map((m) => formatted(m.text).length);
      const [easy, moderate, hard] = [lengths('easy'), lengths('moderate'), lengths('hard')];
      expect(easy.length && moderate.length && hard.length, t.id).toBeGreaterThan(0);
      expect(Math.max(...easy), t.id).toBeLessThan(Math.min(...moderate));
      expect(Math.max(...moderate), t.id).toBeLessThan(Math.min(...hard));
    }
  });

  it('uses both placeholders, and every mantra reads right with any names (the named-voice rule)', () => {
    const all = themes.flatMap((t) => t.mantras.map((m) => m.text));
    expect(all.filter((t) => t.includes('{subject}')).length).toBeGreaterThanOrEqual(60);
    expect(all.filter((t) => t.includes('{controller}')).length).toBeGreaterThanOrEqual(5);
    expect(themes.every((t) => t.voice === 'named')).toBe(true);
    for (const text of all) expect(grammarProblems(text, 'named'), text).toEqual([]);
  });

  // Pairs a person would choose; the default pair ("I", "my future self") is the only one that speaks as "I".
  const NAMES = [
    { subject: 'I', controller: 'my future self' },
    { subject: 'Alex', controller: "Alex's future self" },
    { subject: 'Sam Lee', controller: 'the team' },
    { subject: 'the team lead', controller: 'the people at home' },
    { subject: 'Mia', controller: 'Coach' },
  ];
  const FIRST_PERSON = /\b(I|me|my|mine|myself)\b/;
  // What a name must not be followed by: a verb that agrees with one person only.
  const AGREEING = /^(am|is|are|was|were|has|have|does|do|\w+s)\b/;

  it('renders every shipped mantra with several names: one voice, verbs that fit, a capital first letter', () => {
    for (const names of NAMES) {
      for (const m of DEFAULT_LIBRARY.mantras) {
        const text = formatMantra(m.template, names);
        const where = `${m.id} with ${names.subject} / ${names.controller}: ${text}`;
        expect(text, where).not.toMatch(/[{}]/);
        expect(text, where).toMatch(/^[A-Z]/);
        // "I" only where the user's own names say it: never "Alex ... I" in one mantra or one preview.
        if (names.subject !== 'I') expect(text.replace(names.controller, ''), where).not.toMatch(FIRST_PERSON);
        for (const name of [names.subject, names.controller]) {
          const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          for (const hit of text.matchAll(new RegExp(`\\b${escaped}\\b`, 'gi'))) {
            const after = text.slice((hit.index ?? 0) + name.length).trimStart();
            // The name is either the subject of a verb that fits every name, or closes a clause.
            if (/^[a-z]/.test(after)) expect(after, where).not.toMatch(AGREEING);
          }
        }
      }
    }
  });

  it('says what is wrong with a mantra that would not read right, and takes first-person themes that never name anyone', () => {
    const theme = (voice: 'named' | 'first-person' | undefined, text: string) =>
      pack({ themes: [{ id: 'a', name: 'A', description: '', ...(voice ? { voice } : {}), mantras: [{ text, difficulty: 'easy' }] }] });
    expect(errorsOf(theme(undefined, 'I can do this.'))).toEqual([
      'themes[0].mantras[0].text: says "I", which does not fit every name: write about {subject} ("{subject} can ...") or without a person, or mark the theme "voice": "first-person" (theme "a", mantra 0)',
    ]);
    expect(errorsOf(theme('named', '{subject} is calm.'))).toEqual([
      'themes[0].mantras[0].text: {subject} must be followed by a verb that is the same for every name ("can", "will", "may", or a past such as "came"), not "is" (theme "a", mantra 0)',
    ]);
    expect(errorsOf(theme('named', 'This is for {subject}.'))[0]).toMatch(/\{subject\} must be followed by a verb .* not the end of the text|not "\."/);
    expect(errorsOf(theme('named', '{controller} is counting on {subject}.'))).toHaveLength(2);
    expect(errorsOf(theme('first-person', 'I can do this for {controller}.'))).toEqual([]);
    expect(errorsOf(theme('first-person', '{subject} can do this.'))[0]).toMatch(/uses \{subject\} in a first-person theme/);
    expect(errorsOf(theme('named', '{subject} showed up; {controller} noticed.'))).toEqual([]);
    expect(errorsOf(theme('named', '{subject} needs rest.'))[0]).toMatch(/not "needs"/);
    expect(errorsOf({ ...theme('named', 'x y z'), themes: [{ id: 'a', name: 'A', description: '', voice: 'second', mantras: [{ text: 'Fine.', difficulty: 'easy' }] }] })).toEqual([
      'themes[0].voice: must be "named" or "first-person"',
    ]);
  });

  it('every text is a sentence: capitalised, ends with a period, no stray spaces', () => {
    for (const m of DEFAULT_LIBRARY.mantras) {
      const text = formatted(m.template);
      expect(text, m.id).toMatch(/^[A-Z].*\.$/);
      expect(text, m.id).not.toMatch(/\s{2}|\s[,.;]/);
    }
  });

  it('has no duplicate texts anywhere in the library', () => {
    const texts = DEFAULT_LIBRARY.mantras.map((m) => m.template);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
