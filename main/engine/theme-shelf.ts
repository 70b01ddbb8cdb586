/**
 * The mantra library of this installation: the shipped pack plus packs the user imported,
 * each kept by the store (a file in `<dataDir>/themes/` for the file store).
 */
import type { ImportResult, MantraPreview, ThemeSummary } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import { formatMantra, type Names } from '../../shared/mantras.js';
import { DEFAULT_THEME_PACK, loadThemePack, themeLibrary, type ThemeLibrary, type ThemePack } from '../../shared/themes.js';
import { errorText, type Logger } from '../logger.js';
import type { StoredThemePack, ThemePackShelf } from '../store/store.js';

/** A file name from a pack name: "Deep Work!" -> "deep-work.json". */
function packFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'pack'}.json`;
}

export class ThemeShelf {
  private current: ThemeLibrary;

  /** `shelf` null: only the shipped pack, nothing can be imported (the simulator). */
  constructor(
    private readonly shelf: ThemePackShelf | null,
    private readonly logger: Logger,
  ) {
    this.current = this.load();
  }

  get library(): ThemeLibrary {
    return this.current;
  }

  private stored(): StoredThemePack[] {
    return this.shelf?.list() ?? [];
  }

  /** The packs among `stored`, and one sentence per pack left out. */
  private readPacks(stored: readonly StoredThemePack[]): { packs: ThemePack[]; problems: string[] } {
    const packs: ThemePack[] = [];
    const problems: string[] = [];
    for (const { where, read } of stored) {
      try {
        const loaded = loadThemePack(JSON.parse(read()));
        if (loaded.ok) packs.push(loaded.pack);
        else problems.push(`theme pack ${where} left out: ${loaded.errors.join('; ')}`);
      } catch (e) {
        problems.push(`theme pack ${where} left out: ${errorText(e)}`);
      }
    }
    return { packs, problems };
  }

  private load(): ThemeLibrary {
    const { packs, problems } = this.readPacks(this.stored());
    const library = themeLibrary([DEFAULT_THEME_PACK, ...packs]);
    for (const p of [...problems, ...library.errors]) this.logger.warn(p);
    return library;
  }

  summaries(enabled: readonly string[]): ThemeSummary[] {
    const on = new Set(enabled);
    return this.current.themes.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      language: t.language,
      mantraCount: t.mantraCount,
      voice: t.voice,
      builtIn: t.builtIn,
      enabled: on.has(t.id),
    }));
  }

  preview(themeId: string, names: Names, favorites: readonly string[]): MantraPreview[] {
    if (!this.current.themes.some((t) => t.id === themeId)) throw new ApiError(`no theme "${themeId}"`, 'not-found', { reason: 'noTheme', params: { theme: themeId } });
    const liked = new Set(favorites);
    return this.current.mantras
      .filter((m) => m.theme === themeId)
      .map((m) => ({ id: m.id, theme: m.theme, template: m.template, text: formatMantra(m.template, names), difficulty: m.difficulty, basePoints: m.basePoints, favorite: liked.has(m.template) }));
  }

  /**
   * Validates a pack file's text and keeps it (a pack of the same name is replaced).
   * A pack none of whose themes can join the library is refused and not kept.
   */
  import(json: string): ImportResult {
    if (this.shelf === null) return { ok: false, errors: ['theme packs cannot be imported here (no data directory)'], themes: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [`not JSON: ${errorText(e)}`], themes: [], notJson: errorText(e) };
    }
    const loaded = loadThemePack(raw);
    if (!loaded.ok) return { ok: false, errors: loaded.errors, issues: loaded.issues, themes: [] };
    const file = packFileName(loaded.pack.name);
    const others = this.stored().filter((p) => p.file !== file);
    const trial = themeLibrary([DEFAULT_THEME_PACK, ...this.readPacks(others).packs, loaded.pack]);
    const joined = loaded.pack.themes.map((t) => t.id).filter((id) => trial.themes.some((t) => t.id === id && t.pack === loaded.pack.name));
    const errors = trial.errors.filter((e) => e.startsWith(`pack "${loaded.pack.name}"`));
    if (joined.length === 0) return { ok: false, errors, themes: [] };
    this.shelf.write(file, JSON.stringify(raw, null, 2));
    this.current = this.load();
    return { ok: true, errors, themes: joined };
  }
}
