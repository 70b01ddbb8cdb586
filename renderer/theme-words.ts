/** A theme's name and description as the window shows them: shipped themes in the window's language, imported packs in their own words. */
import type { TFunction } from 'i18next';
import { en } from '../shared/i18n/en.js';

type BuiltInId = keyof typeof en.builtInThemes;
const isBuiltInId = (id: string): id is BuiltInId => Object.hasOwn(en.builtInThemes, id);

export interface ThemeWords {
  readonly name: string;
  readonly description: string;
  /** The language the words are in: the window's for a shipped theme, else the pack's. */
  readonly lang: string | undefined;
}

/** What a theme needs to be worded: a ThemeSummary has it. */
export interface WordedTheme {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly language?: string;
}

/** By theme id, only for shipped themes: an imported pack keeps its own text even when it reuses a familiar word. */
export function themeWords(t: TFunction, theme: WordedTheme): ThemeWords {
  if (theme.builtIn && isBuiltInId(theme.id)) {
    return { name: t(`builtInThemes.${theme.id}.name`), description: t(`builtInThemes.${theme.id}.description`), lang: undefined };
  }
  return { name: theme.name, description: theme.description, lang: theme.language };
}
