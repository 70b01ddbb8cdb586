/** A theme's mantras as they would be sent (with the user's names), each with a favorite toggle; and the favorites. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { themeWords } from '../theme-words';
import type { Snapshot, ThemeSummary } from '../../shared/api.js';
import { formatMantra } from '../../shared/mantras.js';
import { useEngine, useLoad } from '../engine-context';
import { ActionError, ErrorNotice, Loading, useAction } from '../status';

function Star({ template, on, label }: { template: string; on: boolean; label: string }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  return (
    <>
      <button
        type="button"
        className="fav"
        aria-pressed={on}
        aria-label={t('themes.favoriteLabel', { label })}
        disabled={action.busy}
        onClick={() => void action.run(() => api.toggleFavorite({ template })).then((s) => s && accept(s))}
      >
        {on ? '★' : '☆'}
      </button>
      <ActionError action={action} />
    </>
  );
}

/** `language`: the theme's, so the mantras are read (and checked) as that language. */
function PreviewList({ themeId, favorites, language }: { themeId: string; favorites: readonly string[]; language: string }) {
  const { t } = useTranslation();
  const preview = useLoad((api) => api.previewTheme({ themeId }), [themeId]);
  if (!preview.value) return preview.error ? <ErrorNotice error={preview.error} onRetry={preview.reload} /> : <Loading what={t('themes.loadingMantras')} />;
  return (
    <ul className="plain">
      {preview.value.map((m) => (
        <li key={m.id} className="row" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
          <Star template={m.template} on={favorites.includes(m.template)} label={m.text} />
          <span style={{ flex: 1 }}>
            <span lang={language}>{m.text}</span> <span className="tag">{t(`themes.difficulty.${m.difficulty}`)}</span> <span className="tag">{t('themes.points', { n: m.basePoints })}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ThemePreview({ snapshot, themes }: { snapshot: Snapshot; themes: readonly ThemeSummary[] }) {
  const id = useId();
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const themeId = chosen ?? snapshot.settings.themes[0] ?? themes[0]?.id ?? null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('themes.preview')}</h2>
      <div className="field">
        <label htmlFor={`${id}-theme`}>{t('themes.theme')}</label>
        <select id={`${id}-theme`} value={themeId ?? ''} onChange={(e) => setChosen(e.target.value)} disabled={themes.length === 0}>
          {themes.map((theme) => {
            // An <option> holds text only, so it carries the language itself.
            const words = themeWords(t, theme);
            return (
              <option key={theme.id} value={theme.id} lang={words.lang}>
                {words.name}
              </option>
            );
          })}
        </select>
        <span className="hint">{t('themes.starHint')}</span>
      </div>
      {themeId && <PreviewList themeId={themeId} favorites={snapshot.settings.favorites} language={themes.find((x) => x.id === themeId)?.language ?? 'en'} />}
    </section>
  );
}

export function Favorites({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const { favorites, subject, controller } = snapshot.settings;
  return (
    <section className="card" aria-labelledby="favorites-title">
      <h2 id="favorites-title">{t('themes.favorites')}</h2>
      {favorites.length === 0 ? (
        <p className="hint">{t('themes.noFavorites')}</p>
      ) : (
        <ul className="plain">
          {favorites.map((template) => {
            const text = formatMantra(template, { subject, controller });
            return (
              <li key={template} className="row" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
                <Star template={template} on label={text} />
                <span style={{ flex: 1 }}>{text}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
