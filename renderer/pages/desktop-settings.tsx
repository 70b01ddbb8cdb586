/**
 * How a mantra reaches you on this computer: notification (and its sound), answer window, the
 * "only while I am at the computer" gate with its idle threshold, the answer shortcut, start at login. Switches save at once;
 * the threshold saves on Enter or leaving the field, checked by the engine's own schema.
 * Settings only the tray app acts on are shown but disabled in the headless host, with why.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Snapshot } from '../../shared/api.js';
import { DEFAULT_ANSWER_SHORTCUT, profileSettingsSchema, shortcutSchema } from '../../shared/settings.js';
import { useEngine } from '../engine-context';
import { ActionError, SavedNote, useAction } from '../status';
import { SwitchField } from '../switch';

type Toggle = 'notifications' | 'notificationSound' | 'openAnswerWindow' | 'onlyWhenPresent' | 'startAtLogin';

const idleSchema = profileSettingsSchema.shape.idleThresholdMinutes.unwrap();
/** The bounds, from the engine's schema (1 to 240). */
const IDLE = { min: idleSchema.minValue ?? 1, max: idleSchema.maxValue ?? 240 };

/** Why a setting changes nothing in the headless host; absent: it acts there too. */
const TRAY_ONLY: Partial<Record<Toggle | 'idleThresholdMinutes' | 'answerShortcut', string>> = {
  answerShortcut: 'Only the tray app can listen for a shortcut while another program has the keyboard.',
  openAnswerWindow: 'Only the tray app has an answer window to open. In a browser, keep this tab on Answer.',
  onlyWhenPresent: 'Only the tray app can tell whether you are at the computer.',
  idleThresholdMinutes: 'Only the tray app can tell whether you are at the computer.',
  startAtLogin: 'Only the tray app can start at login. Start mantra serve yourself, or from a service manager.',
};

export function idleProblem(text: string): string | null {
  const words = `Enter a whole number of minutes from ${IDLE.min} to ${IDLE.max}.`;
  if (!text.trim()) return words;
  return idleSchema.safeParse(Number(text)).success ? null : words;
}

/** One desktop switch; it saves at once and shows the choice while saving. */
function Switch({ name, label, about, snapshot, disabledReason }: { name: Toggle; label: string; about: ReactNode; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
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
      tag={disabledReason ? 'Tray app only' : undefined}
      action={action}
    />
  );
}

/** Minutes of no keyboard or mouse before you count as away; saved on Enter or leaving the field. */
function IdleThreshold({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
  const action = useAction();
  const { settings } = snapshot;
  const [text, setText] = useState(String(settings.idleThresholdMinutes));
  const [edited, setEdited] = useState(false);
  const [saved, setSaved] = useState(false);
  // Follow changes made elsewhere (the tray, another window) while the field is not being edited.
  useEffect(() => {
    if (!edited) setText(String(settings.idleThresholdMinutes));
  }, [settings.idleThresholdMinutes, edited]);
  const problem = idleProblem(text);

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
        <label htmlFor={id}>Away after this many idle minutes</label>
        {disabledReason && <span className="tag">Tray app only</span>}
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
        {edited && problem === null && <span className="hint">Press Enter to save.</span>}
      </div>
      <span id={`${id}-msg`} className={problem ? 'field-error' : 'hint'} aria-live="polite">
        {problem ??
          `From ${IDLE.min} to ${IDLE.max} minutes without keyboard or mouse. Used while “Only while I am at the computer” is on${settings.onlyWhenPresent ? '' : ' (it is off now)'}.`}
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
export function shortcutFieldProblem(text: string): string | null {
  const r = shortcutSchema.safeParse(text);
  if (r.success) return null;
  const m = r.error.issues[0]?.message ?? 'not a shortcut';
  return `${m.charAt(0).toUpperCase()}${m.slice(1)}.`;
}

/** The global shortcut that opens the answer window; saved on Enter or leaving the field, empty for none. */
function AnswerShortcut({ id, snapshot, disabledReason }: { id: string; snapshot: Snapshot; disabledReason: string | undefined }) {
  const { api, accept } = useEngine();
  const action = useAction();
  const current = snapshot.settings.answerShortcut;
  const [text, setText] = useState(current);
  const [edited, setEdited] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!edited) setText(current);
  }, [current, edited]);
  const problem = shortcutFieldProblem(text);

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
        <label htmlFor={id}>Shortcut to open the answer window</label>
        {disabledReason && <span className="tag">Tray app only</span>}
      </span>
      <div className="row">
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          style={{ width: '16rem' }}
          value={text}
          placeholder="none"
          disabled={disabledReason !== undefined}
          aria-invalid={problem !== null}
          aria-describedby={described}
          onChange={(e) => (setText(e.target.value), setEdited(true), setSaved(false))}
          onBlur={() => void save()}
        />
        {saved && !edited && <SavedNote />}
        {edited && problem === null && <span className="hint">Press Enter to save.</span>}
      </div>
      <span id={`${id}-msg`} className={problem ? 'field-error' : 'hint'} aria-live="polite">
        {problem ??
          `Works from any program while Mantra is in the tray. Modifiers and one key joined by +, such as ${DEFAULT_ANSWER_SHORTCUT} (Ctrl on Linux and Windows, Cmd on macOS). Empty: no shortcut.`}
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
  const headless = snapshot.host === 'headless';
  const why = (key: keyof typeof TRAY_ONLY) => (headless ? TRAY_ONLY[key] : undefined);
  const toggle = (name: Toggle, label: string, about: ReactNode) => <Switch name={name} label={label} about={about} snapshot={snapshot} disabledReason={why(name)} />;
  return (
    <section className="card desktop" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Desktop</h2>
      <p className="hint">How a mantra reaches you on this computer. Changes are saved at once.</p>
      {headless && (
        <p className="notice notice-warn">
          Mantra runs here as <code>mantra serve</code>, in a browser. Settings marked “Tray app only” are kept, but only the tray app acts on them.
        </p>
      )}
      {toggle('notifications', 'Show a notification', 'A system notification with the mantra when one arrives.')}
      {toggle(
        'notificationSound',
        'Play a sound with the notification',
        'The desktop’s own notification sound, where it plays one: macOS, Windows, GNOME and KDE do; some Linux notification daemons (dunst) stay silent.',
      )}
      {toggle('openAnswerWindow', 'Open the answer window', 'The window comes up when a mantra arrives, without taking the keyboard from what you are typing.')}
      {toggle(
        'onlyWhenPresent',
        'Only while I am at the computer',
        'A mantra that comes due while the computer is idle or locked waits until you are back. Discord DMs still go out at once.',
      )}
      <IdleThreshold id={`${id}-idle`} snapshot={snapshot} disabledReason={why('idleThresholdMinutes')} />
      <AnswerShortcut id={`${id}-shortcut`} snapshot={snapshot} disabledReason={why('answerShortcut')} />
      {toggle('startAtLogin', 'Start Mantra when I log in', 'Mantra starts in the tray, without a window.')}
    </section>
  );
}
