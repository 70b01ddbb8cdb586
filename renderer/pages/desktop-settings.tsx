/**
 * How a mantra reaches you on this computer: notification (and its sound), answer window, the
 * "only while I am at the computer" gate with its idle threshold, the answer shortcut, start at login. Switches save at once;
 * the threshold and the shortcut (one TypedField) save on Enter or leaving the field, checked by the engine's own schema.
 * Settings only the tray app acts on are shown but disabled in the headless host, with why.
 */
import { useEffect, useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
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

/** The typed settings: each a text field saved on Enter or leaving it. */
type Typed = 'idleThresholdMinutes' | 'answerShortcut';
type TypedValue<K extends Typed> = Snapshot['settings'][K];

interface TypedFieldProps<K extends Typed> {
  readonly id: string;
  readonly name: K;
  readonly snapshot: Snapshot;
  readonly disabledReason: string | undefined;
  readonly className: string;
  readonly label: string;
  /** What the field says when the text is fine. */
  readonly hint: string;
  /** Why the text cannot be saved, or null. */
  problemOf(text: string): string | null;
  /** The value a valid text saves, and the text a value shows. */
  parse(text: string): TypedValue<K>;
  show(value: TypedValue<K>): string;
  readonly input: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'disabled' | 'onChange' | 'onBlur'>;
}

/** One typed setting; it follows changes made elsewhere while not being edited, and says "Saved." once saved. */
function TypedField<K extends Typed>({ id, name, snapshot, disabledReason, className, label, hint, problemOf, parse, show, input }: TypedFieldProps<K>) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const current = snapshot.settings[name];
  const [text, setText] = useState(show(current));
  const [edited, setEdited] = useState(false);
  const [saved, setSaved] = useState(false);
  // Follow changes made elsewhere (the tray, another window) while the field is not being edited.
  useEffect(() => {
    if (!edited) setText(show(current));
  }, [current, edited, show]);
  const problem = problemOf(text);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (problem !== null || action.busy) return;
    const value = parse(text);
    if (value === current) {
      setEdited(false);
      setText(show(current));
      return;
    }
    const next = await action.run(() => api.updateSettings({ [name]: value }));
    if (next) {
      accept(next);
      setEdited(false);
      setSaved(true);
    }
  }

  const described = [`${id}-msg`, disabledReason ? `${id}-why` : null].filter(Boolean).join(' ');
  return (
    <form className={className} onSubmit={(e) => void save(e)} noValidate>
      <span className="setting-label">
        <label htmlFor={id}>{label}</label>
        {disabledReason && <span className="tag">{t('desktop.trayOnly')}</span>}
      </span>
      <div className="row">
        <input
          {...input}
          id={id}
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
        {problem ?? hint}
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
function shortcutFieldProblem(text: string): string | null {
  const r = shortcutSchema.safeParse(text);
  if (r.success) return null;
  return problemSentence(r.error.issues, ['answerShortcut']);
}

const minutesText = (n: number): string => String(n);
const trimmed = (text: string): string => text.trim();
const asIs = (text: string): string => text;

/** Minutes of no keyboard or mouse before you count as away. */
function IdleThreshold({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TypedField
      id={id}
      name="idleThresholdMinutes"
      snapshot={snapshot}
      disabledReason={disabledReason}
      className="field setting setting-sub"
      label={t('desktop.idleLabel')}
      hint={t(snapshot.settings.onlyWhenPresent ? 'desktop.idleHint' : 'desktop.idleHintOff', IDLE)}
      problemOf={(text) => idleProblem(t, text)}
      parse={Number}
      show={minutesText}
      input={{ type: 'number', inputMode: 'numeric', min: IDLE.min, max: IDLE.max, step: 1, style: { width: '6rem' } }}
    />
  );
}

/** The global shortcut that opens the answer window; empty for none. */
function AnswerShortcut({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TypedField
      id={id}
      name="answerShortcut"
      snapshot={snapshot}
      disabledReason={disabledReason}
      className="field setting"
      label={t('desktop.shortcutLabel')}
      hint={t('desktop.shortcutHint', { example: DEFAULT_ANSWER_SHORTCUT })}
      problemOf={shortcutFieldProblem}
      parse={trimmed}
      show={asIs}
      input={{ type: 'text', autoComplete: 'off', spellCheck: false, style: { width: '16rem' }, placeholder: t('desktop.none') }}
    />
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
