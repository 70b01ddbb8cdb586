/** What mantras say: enabled themes, the {subject} and {controller} names, previews, favorites, theme packs. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot, ThemeSummary } from '../../shared/api.js';
import { formatMantra } from '../../shared/mantras.js';
import { profileSettingsSchema } from '../../shared/settings.js';
import { useEngine, useLoad } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, ErrorNotice, Loading, SavedNote, useAction } from '../status';
import { ThemeImport } from './theme-import';
import { ThemeText } from '../theme-text';
import { Favorites, ThemePreview } from './theme-preview';
import { problemSentence } from '../error-words';

/** A shipped mantra with both names (the library is English, so the example is too, marked as such). */
const SAMPLE = '{subject} will spend the next hour on what matters most to {controller}.';
const SAMPLE_LANGUAGE = 'en';

function ThemeList({ snapshot, themes }: { snapshot: Snapshot; themes: readonly ThemeSummary[] }) {
  const { api, accept } = useEngine();
  const { t: tr } = useTranslation();
  const action = useAction();
  const [lastOne, setLastOne] = useState(false);
  const [saved, setSaved] = useState(false);
  // Shown at once while saving; the engine's answer (or a refusal) replaces it.
  const [optimistic, setOptimistic] = useState<string[] | null>(null);
  const enabled = optimistic ?? snapshot.settings.themes;

  function toggle(id: string, on: boolean) {
    const next = on ? [...enabled, id] : enabled.filter((t) => t !== id);
    if (next.length === 0) {
      setLastOne(true);
      return;
    }
    setLastOne(false);
    setSaved(false);
    setOptimistic(next);
    void action
      .run(() => api.updateSettings({ themes: next }))
      .then((s) => {
        if (!s) return;
        accept(s);
        setSaved(true);
      })
      .finally(() => setOptimistic(null));
  }

  return (
    <fieldset aria-describedby="themes-hint">
      <legend>{tr('themes.drawFrom')}</legend>
      <p className="hint" id="themes-hint">
        {tr('themes.drawHint')}
      </p>
      {themes.map((t) => (
        <label key={t.id} className="choice">
          <input type="checkbox" checked={enabled.includes(t.id)} disabled={action.busy} onChange={(e) => toggle(t.id, e.target.checked)} />
          <span>
            <strong>
              <ThemeText theme={t} part="name" /> <span className="tag">{tr('themes.mantraCount', { count: t.mantraCount })}</span> {!t.builtIn && <span className="tag">{tr('themes.imported')}</span>}{' '}
              {t.voice === 'first-person' && (
                <span className="tag" title={tr('themes.firstPersonTitle')}>
                  {tr('themes.firstPerson')}
                </span>
              )}
            </strong>
            <ThemeText theme={t} part="description" className="hint" />
          </span>
        </label>
      ))}
      {lastOne && (
        <p className="field-error" role="alert">
          {tr('themes.keepOne')}
        </p>
      )}
      <ActionError action={action} />
      {saved && <SavedNote />}
    </fieldset>
  );
}

function nameProblem(value: string): string | null {
  const r = profileSettingsSchema.shape.subject.safeParse(value);
  return r.success ? null : problemSentence(r.error.issues, ['subject']);
}

/** A name with a first-person controller ("Alex" and "my future self", "mein zukünftiges Ich", "mi yo futuro") reads as two people. */
function mixesPersons(subject: string, controller: string): boolean {
  const firstPerson = /(^|[^\p{L}])(i|me|my|mine|myself|our|us|ich|mich|mir|mein|meine|meinem|meinen|meiner|unser|yo|mí|mi|mis|me|conmigo|nuestro|nuestra)(?![\p{L}])/iu;
  return subject.trim() !== '' && !/^(i|ich|yo)$/i.test(subject.trim()) && firstPerson.test(controller);
}

const possessive = (name: string): string => (/s$/i.test(name) ? `${name}’` : `${name}’s`);

/** The warning that a name and an "I" controller would mix two persons in one mantra (Themes page and onboarding). */
export function NamesClash({ subject, controller }: { subject: string; controller: string }) {
  const { t } = useTranslation();
  if (!mixesPersons(subject, controller)) return null;
  return (
    <p className="hint" role="note">
      {/* The suggestion is mantra text, so it stays in the mantras' language. */}
      {t('themeNames.mixedPersons', { controller: controller.trim(), subject: subject.trim(), suggestion: `${possessive(subject.trim())} future self` })}
    </p>
  );
}

/** "Englisch", "inglés": a language's name in the window's language. */
function languageName(windowLanguage: string, language: string): string {
  try {
    return new Intl.DisplayNames([windowLanguage], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

function Names({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t, i18n } = useTranslation();
  const id = useId();
  const action = useAction();
  const [subject, setSubject] = useState(snapshot.settings.subject);
  const [controller, setController] = useState(snapshot.settings.controller);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setSubject(snapshot.settings.subject);
    setController(snapshot.settings.controller);
  }, [snapshot.settings.subject, snapshot.settings.controller]);
  const problems = { subject: nameProblem(subject), controller: nameProblem(controller) };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (problems.subject || problems.controller) return;
    const next = await action.run(() => api.updateSettings({ subject: subject.trim(), controller: controller.trim() }));
    if (next) {
      accept(next);
      setSaved(true);
    }
  }

  const field = (key: 'subject' | 'controller', label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        value={value}
        maxLength={60}
        aria-invalid={problems[key] !== null}
        aria-describedby={`${id}-${key}-msg`}
        onChange={(e) => (set(e.target.value), setSaved(false))}
      />
      <span id={`${id}-${key}-msg`} className={problems[key] ? 'field-error' : 'hint'}>
        {problems[key] ?? t('themes.replaces', { key: `{${key}}` })}
      </span>
    </div>
  );

  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('themes.names')}</h2>
      {field('subject', t('themes.subject'), subject, setSubject)}
      {field('controller', t('themes.controller'), controller, setController)}
      <p className="hint">
        {i18n.language === SAMPLE_LANGUAGE ? t('themes.example') : t('themeNames.exampleIn', { language: languageName(i18n.language, SAMPLE_LANGUAGE) })}{' '}
        <q lang={SAMPLE_LANGUAGE}>{formatMantra(SAMPLE, { subject: subject.trim() || '…', controller: controller.trim() || '…' })}</q>
      </p>
      <NamesClash subject={subject} controller={controller} />
      <ActionError action={action} />
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy || problems.subject !== null || problems.controller !== null}>
          {t('themes.saveNames')}
        </button>
        {saved && <SavedNote />}
      </div>
    </form>
  );
}

function ThemesView({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const themes = useLoad((api) => api.listThemes());
  return (
    <>
      <section className="card" aria-label={t('pages.themes')}>
        {themes.value ? <ThemeList snapshot={snapshot} themes={themes.value} /> : themes.error ? <ErrorNotice error={themes.error} onRetry={themes.reload} /> : <Loading what={t('themes.loading')} />}
      </section>
      <Names snapshot={snapshot} />
      <Favorites snapshot={snapshot} />
      <ThemeImport onImported={themes.reload} />
      <ThemePreview snapshot={snapshot} themes={themes.value ?? []} />
    </>
  );
}

export function ThemesPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.themes')}>
      <WithSnapshot>{(snapshot) => <ThemesView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
