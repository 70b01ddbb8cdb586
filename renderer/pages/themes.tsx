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
import { Favorites, ThemePreview } from './theme-preview';

const SAMPLE = '{subject} will spend the next hour on what matters most to {controller}.';

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
              {t.name} <span className="tag">{tr('themes.mantraCount', { count: t.mantraCount })}</span> {!t.builtIn && <span className="tag">{tr('themes.imported')}</span>}{' '}
              {t.voice === 'first-person' && (
                <span className="tag" title={tr('themes.firstPersonTitle')}>
                  {tr('themes.firstPerson')}
                </span>
              )}
            </strong>
            <span className="hint">{t.description}</span>
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
  if (r.success) return null;
  const m = r.error.issues[0]?.message ?? 'not a valid name';
  return m.charAt(0).toUpperCase() + m.slice(1) + '.';
}

/** A name with a first-person controller ("Alex" and "my future self") reads as two people. */
function mixesPersons(subject: string, controller: string): boolean {
  return subject.trim() !== '' && !/^i$/i.test(subject.trim()) && /\b(i|me|my|mine|myself|our|us)\b/i.test(controller);
}

const possessive = (name: string): string => (/s$/i.test(name) ? `${name}’` : `${name}’s`);

function Names({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
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
  const mixed = mixesPersons(subject, controller);

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
        {t('themes.example')} “{formatMantra(SAMPLE, { subject: subject.trim() || '…', controller: controller.trim() || '…' })}”
      </p>
      {mixed && (
        <p className="hint" role="note">
          “{controller.trim()}” speaks as “I”, but “{subject.trim()}” is a name: mantras would mix the two. Try “{possessive(subject.trim())} future self”.
        </p>
      )}
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
