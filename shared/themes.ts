/**
 * Theme packs: the file format mantras come in (docs/theme-packs.md), its validation,
 * and the library built from the default pack plus any packs the user adds.
 */
import { z } from 'zod';
import { POINTS } from './constants.js';
import { grammarProblems, templateProblems, VOICES, type Voice } from './mantras.js';
import { difficultySchema, type Mantra } from './settings.js';
import { fieldIssuesOf, pathLabel, type FieldIssue } from './refusals.js';
import data from './library/default-themes.json' with { type: 'json' };

export const THEME_PACK_FORMAT = 'mantra-theme-pack';
export const THEME_PACK_VERSION = 1;

const packMantraSchema = z
  .strictObject({
    text: z
      .string()
      .trim()
      .min(3, { message: 'must be at least 3 characters' })
      .max(200, { message: 'must be at most 200 characters' })
      .superRefine((text, ctx) => {
        for (const problem of templateProblems(text)) ctx.addIssue({ code: 'custom', message: problem });
      }),
    difficulty: z.enum(difficultySchema.options, { message: 'must be "easy", "moderate" or "hard"' }),
    points: z.number().int({ message: 'must be a whole number' }).min(0).max(10_000).optional(),
  })
  // Authors may leave points out; the difficulty then decides, as for built-in mantras.
  .transform((m) => ({ ...m, points: m.points ?? POINTS.base[m.difficulty] }));

const themeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be kebab-case, like "deep-focus"' })
      .max(40, { message: 'must be at most 40 characters' }),
    name: z.string().trim().min(1, { message: 'must not be empty' }).max(40, { message: 'must be at most 40 characters' }),
    description: z.string().trim().max(200, { message: 'must be at most 200 characters' }),
    /** How the theme's mantras speak; "named" unless the pack says otherwise (see grammarProblems). */
    voice: z.enum(VOICES, { message: 'must be "named" or "first-person"' }).default('named'),
    mantras: z
      .array(packMantraSchema)
      .min(1, { message: 'a theme needs at least one mantra' })
      .superRefine((mantras, ctx) => {
        // Favorites are stored by template text, so two equal texts in a theme could not be told apart.
        const seen = new Set<string>();
        for (const [i, m] of mantras.entries()) {
          if (seen.has(m.text)) ctx.addIssue({ code: 'custom', path: [i, 'text'], message: `repeats an earlier mantra of this theme` });
          seen.add(m.text);
        }
      }),
  })
  // Every mantra must read right with any name (docs/theme-packs.md, "Names and grammar").
  .superRefine((theme, ctx) => {
    for (const [i, m] of theme.mantras.entries()) {
      for (const problem of grammarProblems(m.text, theme.voice)) ctx.addIssue({ code: 'custom', path: ['mantras', i, 'text'], message: problem });
    }
  });

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const themePackSchema = z.strictObject({
  format: z.literal(THEME_PACK_FORMAT, { message: `must be "${THEME_PACK_FORMAT}"` }),
  version: z.literal(THEME_PACK_VERSION, { message: `must be ${THEME_PACK_VERSION} (the only version this Mantra reads)` }),
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(60, { message: 'must be at most 60 characters' }),
  author: z.string().trim().max(80, { message: 'must be at most 80 characters' }).optional(),
  /** The language the mantras are written in (BCP 47, e.g. "de"); screen readers read them in it. */
  language: z
    .string()
    .max(35)
    .refine((tag) => isLanguageTag(tag), { message: 'must be a language tag such as "en", "de" or "es-MX"' })
    .default('en'),
  themes: z
    .array(themeSchema)
    .min(1, { message: 'a pack needs at least one theme' })
    .superRefine((themes, ctx) => {
      const seen = new Set<string>();
      for (const [i, t] of themes.entries()) {
        if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate theme id "${t.id}"` });
        seen.add(t.id);
      }
    }),
});
/** A validated pack: every mantra has its points. */
export type ThemePack = z.infer<typeof themePackSchema>;
/** A pack as written in a file: points optional. */
export type ThemePackInput = z.input<typeof themePackSchema>;

/** `issues`: the same problems as data, for a window to word in its language (shared/i18n/refusal-words.ts). */
export type LoadResult = { ok: true; pack: ThemePack } | { ok: false; errors: string[]; issues: FieldIssue[] };

/** The id a raw theme claims, for naming it in errors even when the theme is invalid. */
function rawThemeId(json: unknown, index: number): string | null {
  const themes = (json as { themes?: unknown } | null)?.themes;
  const id = Array.isArray(themes) ? (themes[index] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? id : null;
}

/**
 * Validates a parsed JSON value as a theme pack. Errors name the place, e.g.
 * `themes[2].mantras[4].text: unknown placeholder {verb} (theme "focus", mantra 4)`.
 */
export function loadThemePack(json: unknown): LoadResult {
  const parsed = themePackSchema.safeParse(json);
  if (parsed.success) return { ok: true, pack: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const [top, themeIndex, inner, mantraIndex] = issue.path;
    let where = '';
    if (top === 'themes' && typeof themeIndex === 'number' && inner === 'mantras' && typeof mantraIndex === 'number') {
      const id = rawThemeId(json, themeIndex);
      where = ` (${id === null ? `theme ${themeIndex}` : `theme "${id}"`}, mantra ${mantraIndex})`;
    }
    // zod's generic wording, made to read like the rest: "is required", "expected string, received number".
    const message = issue.message.endsWith('received undefined') ? 'is required' : issue.message.replace(/^Invalid (input|option): /, '');
    return `${pathLabel(issue.path) || 'pack'}: ${message}${where}`;
  });
  return { ok: false, errors, issues: fieldIssuesOf(parsed.error.issues) };
}

export interface ThemeInfo {
  readonly id: string;
  /** The pack's language (BCP 47). */
  readonly language: string;
  readonly name: string;
  readonly description: string;
  /** Name of the pack that defined the theme. */
  readonly pack: string;
  /** Defined by the pack shipped with the app (DEFAULT_THEME_PACK). */
  readonly builtIn: boolean;
  readonly mantraCount: number;
  /** How the theme's mantras speak: about {subject} ("named") or as "I" ("first-person"). */
  readonly voice: Voice;
}

export interface ThemeLibrary {
  readonly themes: readonly ThemeInfo[];
  readonly mantras: readonly Mantra[];
  /** Themes left out, one sentence each; empty when every pack loaded whole. */
  readonly errors: readonly string[];
}

/**
 * Joins validated packs into one library, in order. A theme id means the same mantras
 * for ever (settings and the log refer to it), so the first pack to define an id keeps
 * it: pass the default pack first and no later pack can override a built-in theme.
 * A later theme with a taken id is left out and reported in `errors`; the rest of its
 * pack still loads. Mantra ids are `${themeId}/${index in the theme}`.
 */
export function themeLibrary(packs: readonly ThemePack[]): ThemeLibrary {
  const owner = new Map<string, string>();
  const themes: ThemeInfo[] = [];
  const mantras: Mantra[] = [];
  const errors: string[] = [];
  for (const pack of packs) {
    for (const theme of pack.themes) {
      const taken = owner.get(theme.id);
      if (taken !== undefined) {
        errors.push(`pack "${pack.name}": theme id "${theme.id}" is already defined by pack "${taken}"; theme left out`);
        continue;
      }
      owner.set(theme.id, pack.name);
      const { id, name, description } = theme;
      themes.push({ id, name, description, language: pack.language, pack: pack.name, builtIn: pack === DEFAULT_THEME_PACK, mantraCount: theme.mantras.length, voice: theme.voice });
      for (const [i, m] of theme.mantras.entries()) {
        mantras.push({ id: `${theme.id}/${i}`, theme: theme.id, template: m.text, difficulty: m.difficulty, basePoints: m.points });
      }
    }
  }
  return { themes, mantras, errors };
}

function builtInPack(): ThemePack {
  const loaded = loadThemePack(data);
  // The default pack ships with the app; a broken one is a build mistake, not a user's.
  if (!loaded.ok) throw new Error(`default theme pack is invalid:\n${loaded.errors.join('\n')}`);
  return loaded.pack;
}

/** The pack shipped with Mantra (shared/library/default-themes.json). */
export const DEFAULT_THEME_PACK: ThemePack = builtInPack();

/** The library of a profile that added no packs. */
export const DEFAULT_LIBRARY: ThemeLibrary = themeLibrary([DEFAULT_THEME_PACK]);
