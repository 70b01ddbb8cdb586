/**
 * How a mantra reaches you on this computer: notification (and its sound), answer window, the
 * "only while I am at the computer" gate with its idle threshold, the answer shortcut, start at login. Switches save at once;
 * the threshold saves on Enter or leaving the field, checked by the engine's own schema.
 * Settings only the tray app acts on are shown but disabled in the headless host, with why.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../shared/api.js';
import { DEFAULT_ANSWER_SHORTCUT, profileSettingsSchema, shortcutSchema } from '../../shared/settings.js';
import { useEngine } from '../engine-context';
import { ActionError, SavedNote, useAction } from '../status';
import { SwitchField } from '../switch';
import { problemSentence } from '../error-words';

type Toggle = 'notifications' | 'notificationSound' | 'openAnswerWindow' | 'onlyWhenPresent' | 'startAtLogin';

const idleSchema = profileSettingsSchema.shape.idleThresholdMinutes.unwrap();
/** The bounds, from the engine's schema (1 to 240). */
const IDLE = { min: idleSchema.minValue ?? 1, max: idleSchema.maxValue ?? 240 };

/** Why a setting changes nothing in the headless host; absent: it acts there too. */
const TRAY_ONLY = {
  answerShortcut: 'desktop.trayShortcut',
  openAnswerWindow: 'desktop.trayWindow',
  onlyWhenPresent: 'desktop.trayPresence',
  idleThresholdMinutes: 'desktop.trayPresence',
  startAtLogin: 'desktop.trayLogin',
} as const satisfies Partial<Record<Toggle | 'idleThresholdMinutes' | 'answerShortcut', string>>;

export function idleProblem(t: TFunction, text: string): string | null {
  const words = t('desktop.idleProblem', IDLE);
  if (!text.trim()) return words;
  return idleSchema.safeParse(Number(text)).success ? null : words;
}

/** One desktop switch; it saves at once and shows the choice while saving. */
function Switch({ name, label, about, snapshot, disabledReason }: { name: Toggle; label: string; about: ReactNode; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  // Shown at once while saving; the engine's answer (or a refusal) replaces it.
  const [pending, setPending] = useState<boolean | null>(null);
  function change(on: boolean) {
    if (action.busy) return; // a click while the last one saves is ignored (the switch shows the pending choice)
    setPending(on);
    void action
      .run(() => api.updateSettings({ [name]: on }))
      .then((next) => next && accept(next))
      .finally(() => setPending(null));
  }
  return (
    <SwitchField
      label={label}
      about={about}
      checked={pending ?? snapshot.settings[name]}
      onChange={change}
      disabledReason={disabledReason}
      tag={disabledReason ? t('desktop.trayOnly') : undefined}
      action={action}
    />
  );
}

/** Minutes of no keyboard or mouse before you count as away; saved on Enter or leaving the field. */
function IdleThreshold({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const { settings } = snapshot;
  const [text, setText] = useState(String(settings.idleThresholdMinutes));
  const [edited, setEdited] = useState(false);
  const [saved, setSaved] = useState(false);
  // Follow changes made elsewhere (the tray, another window) while the field is not being edited.
  useEffect(() => {
    if (!edited) setText(String(settings.idleThresholdMinutes));
  }, [settings.idleThresholdMinutes, edited]);
  const problem = idleProblem(t, text);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (problem !== null || action.busy) return;
    const minutes = Number(text);
    if (minutes === settings.idleThresholdMinutes) {
      setEdited(false);
      setText(String(minutes));
      return;
    }
    const next = await action.run(() => api.updateSettings({ idleThresholdMinutes: minutes }));
    if (next) {
      accept(next);
      setEdited(false);
      setSaved(true);
    }
  }

  const described = [`${id}-msg`, disabledReason ? `${id}-why` : null].filter(Boolean).join(' ');
  return (
    <form className="field setting setting-sub" onSubmit={(e) => void save(e)} noValidate>
      <span className="setting-label">
        <label htmlFor={id}>{t('desktop.idleLabel')}</label>
        {disabledReason && <span className="tag">{t('desktop.trayOnly')}</span>}
      </span>
      <div className="row">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={IDLE.min}
          max={IDLE.max}
          step={1}
          style={{ width: '6rem' }}
          value={text}
          disabled={disabledReason !== undefined}
          aria-invalid={problem !== null}
          aria-describedby={described}
          onChange={(e) => (setText(e.target.value), setEdited(true), setSaved(false))}
          onBlur={() => void save()}
        />
        {saved && !edited && <SavedNote />}
        {edited && problem === null && <span className="hint">{t('desktop.pressEnter')}</span>}
      </div>
      <span id={`${id}-msg`} className={problem ? 'field-error' : 'hint'} aria-live="polite">
        {problem ?? t(settings.onlyWhenPresent ? 'desktop.idleHint' : 'desktop.idleHintOff', IDLE)}
      </span>
      {disabledReason && (
        <span className="hint why" id={`${id}-why`}>
          {disabledReason}
        </span>
      )}
      <ActionError action={action} />
    </form>
  );
}

/** Why a typed shortcut cannot be saved, as a sentence; null when it can. */
export function shortcutFieldProblem(t: TFunction, text: string): string | null {
  const r = shortcutSchema.safeParse(text);
  if (r.success) return null;
  return r.error.issues.length > 0 ? problemSentence(r.error.issues, ['answerShortcut']) : t('desktop.notShortcut');
}

/** The global shortcut that opens the answer window; saved on Enter or leaving the field, empty for none. */
function AnswerShortcut({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const current = snapshot.settings.answerShortcut;
  const [text, setText] = useState(current);
  const [edited, setEdited] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!edited) setText(current);
  }, [current, edited]);
  const problem = shortcutFieldProblem(t, text);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (problem !== null || action.busy) return;
    if (text.trim() === current) {
      setEdited(false);
      setText(current);
      return;
    }
    const next = await action.run(() => api.updateSettings({ answerShortcut: text.trim() }));
    if (next) {
      accept(next);
      setEdited(false);
      setSaved(true);
    }
  }

  const described = [`${id}-msg`, disabledReason ? `${id}-why` : null].filter(Boolean).join(' ');
  return (
    <form className="field setting" onSubmit={(e) => void save(e)} noValidate>
      <span className="setting-label">
        <label htmlFor={id}>{t('desktop.shortcutLabel')}</label>
        {disabledReason && <span className="tag">{t('desktop.trayOnly')}</span>}
      </span>
      <div className="row">
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          style={{ width: '16rem' }}
          value={text}
          placeholder={t('desktop.none')}
          disabled={disabledReason !== undefined}
          aria-invalid={problem !== null}
          aria-describedby={described}
          onChange={(e) => (setText(e.target.value), setEdited(true), setSaved(false))}
          onBlur={() => void save()}
        />
        {saved && !edited && <SavedNote />}
        {edited && problem === null && <span className="hint">{t('desktop.pressEnter')}</span>}
      </div>
      <span id={`${id}-msg`} className={problem ? 'field-error' : 'hint'} aria-live="polite">
        {problem ?? t('desktop.shortcutHint', { example: DEFAULT_ANSWER_SHORTCUT })}
      </span>
      {disabledReason && (
        <span className="hint why" id={`${id}-why`}>
          {disabledReason}
        </span>
      )}
      <ActionError action={action} />
    </form>
  );
}

export function DesktopSettings({ snapshot }: { snapshot: Snapshot }) {
  const id = useId();
  const { t } = useTranslation();
  const headless = snapshot.host === 'headless';
  const why = (key: keyof typeof TRAY_ONLY | Toggle) => (headless && key in TRAY_ONLY ? t(TRAY_ONLY[key as keyof typeof TRAY_ONLY]) : undefined);
  const toggle = (name: Toggle, label: string, about: ReactNode) => <Switch name={name} label={label} about={about} snapshot={snapshot} disabledReason={why(name)} />;
  return (
    <section className="card desktop" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('desktop.title')}</h2>
      <p className="hint">{t('desktop.intro')}</p>
      {headless && (
        <p className="notice notice-warn">
          {t('desktop.headlessBefore')}
          <code>mantra serve</code>
          {t('desktop.headlessAfter')}
        </p>
      )}
      {toggle('notifications', t('desktop.notifications'), t('desktop.notificationsAbout'))}
      {toggle('notificationSound', t('desktop.sound'), t('desktop.soundAbout'))}
      {toggle('openAnswerWindow', t('desktop.window'), t('desktop.windowAbout'))}
      {toggle('onlyWhenPresent', t('desktop.presence'), t('desktop.presenceAbout'))}
      <IdleThreshold id={`${id}-idle`} snapshot={snapshot} disabledReason={why('idleThresholdMinutes')} />
      <AnswerShortcut id={`${id}-shortcut`} snapshot={snapshot} disabledReason={why('answerShortcut')} />
      {toggle('startAtLogin', t('desktop.login'), t('desktop.loginAbout'))}
    </section>
  );
}
