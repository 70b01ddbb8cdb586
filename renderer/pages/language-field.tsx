/** Language and clock: automatic (the browser's or system's) or chosen; saved at once, like the time zone. */
import { useId, useState } from 'react';
import type { Snapshot } from '../../shared/api.js';
import { clockTime } from '../../shared/i18n/format.js';
import { LOCALE_NAMES, LOCALES, hourCycleSchema, localeSchema, type HourCycle } from '../../shared/i18n/locales.js';
import { useEngine } from '../engine-context';
import { browserLocale, useWording } from '../i18n';
import { ActionError, useAction } from '../status';

export function LanguageSettings({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const w = useWording();
  const { t } = w;
  const action = useAction();
  const id = useId();
  // Shown at once while saving; the engine's answer (or a refusal) replaces it.
  const [pending, setPending] = useState<{ locale?: string; hourCycle?: string }>({});
  // Not disabled while saving: a disabled select would drop the keyboard focus mid-choice.
  const save = (patch: Parameters<typeof api.updateSettings>[0], shown: { locale?: string; hourCycle?: string }) => {
    setPending(shown);
    void action
      .run(() => api.updateSettings(patch))
      .then((s) => s && accept(s))
      .finally(() => setPending({}));
  };
  // 14:05 in UTC shows each clock's look.
  const example = (cycle: HourCycle | null) => clockTime({ ...w, hourCycle: cycle }, Date.UTC(2000, 0, 1, 14, 5), 'UTC');
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('language.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-lang`}>{t('language.label')}</label>
        <select
          id={`${id}-lang`}
          value={pending.locale ?? snapshot.settings.locale ?? ''}
          aria-busy={action.busy}
          onChange={(e) => save({ locale: e.target.value === '' ? null : localeSchema.parse(e.target.value) }, { locale: e.target.value })}
        >
          <option value="">{t('language.system', { name: LOCALE_NAMES[browserLocale()] })}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
        <span className="hint">{t('language.hint')}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-clock`}>{t('language.hourCycle')}</label>
        <select
          id={`${id}-clock`}
          value={pending.hourCycle ?? snapshot.settings.hourCycle ?? ''}
          aria-busy={action.busy}
          onChange={(e) => save({ hourCycle: e.target.value === '' ? null : hourCycleSchema.parse(e.target.value) }, { hourCycle: e.target.value })}
        >
          <option value="">{t('language.hourCycleAuto', { example: example(null) })}</option>
          <option value="h12">{t('language.hourCycle12', { example: example('h12') })}</option>
          <option value="h23">{t('language.hourCycle24', { example: example('h23') })}</option>
        </select>
      </div>
      <ActionError action={action} />
    </section>
  );
}
