/** Delivery mode with the fields each needs, validated inline by the same schemas the engine uses. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../shared/api.js';
import { HYBRID, INTERVAL } from '../../shared/constants.js';
import { clockTimeSchema, fixedTimesSchema, hybridWindowMinutesSchema, intervalHoursSchema, type DeliveryModeName } from '../../shared/settings.js';
import { useEngine } from '../engine-context';
import { ActionError, SavedNote, useAction } from '../status';
import { fieldProblem, problemSentence } from '../error-words';

const MODES: readonly DeliveryModeName[] = ['adaptive', 'interval', 'fixed', 'hybrid'];
const HOURS = { min: INTERVAL.minHours, max: INTERVAL.maxHours };
const WINDOW = { min: HYBRID.minWindowMinutes, max: HYBRID.maxWindowMinutes };

function intervalProblem(t: TFunction, text: string): string | null {
  if (!text.trim()) return t('modeForm.enterHours', HOURS);
  const r = intervalHoursSchema.safeParse(Number(text));
  return r.success ? null : fieldProblem(r.error.issues, ['intervalHours']);
}

/** An empty field is asked for first: Number('') is 0, which the schema would call too small. */
function windowProblem(t: TFunction, text: string): string | null {
  if (!text.trim()) return t('modeForm.enterMinutes', WINDOW);
  const r = hybridWindowMinutesSchema.safeParse(Number(text));
  return r.success ? null : fieldProblem(r.error.issues, ['hybridWindowMinutes']);
}

/** "9:5" stays wrong, but "9:00" is read as "09:00". */
function tidyTime(text: string): string {
  const t = text.trim();
  return /^\d:\d\d$/.test(t) ? `0${t}` : t;
}

function timeProblems(tr: TFunction, times: readonly string[]): (string | null)[] {
  return times.map((raw, i) => {
    const t = tidyTime(raw);
    if (!t) return tr('modeForm.enterTime');
    const r = clockTimeSchema.safeParse(t);
    if (!r.success) return problemSentence(r.error.issues, ['fixedTimes', i]);
    if (times.slice(0, i).some((other) => tidyTime(other) === t)) return tr('modeForm.duplicate');
    return null;
  });
}

export function ModeForm({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const { settings } = snapshot;
  const id = useId();
  const [mode, setMode] = useState<DeliveryModeName>(settings.mode);
  const [intervalText, setIntervalText] = useState(String(settings.intervalHours));
  const [fixedTimes, setFixedTimes] = useState<string[]>([...settings.fixedTimes]);
  const [anchors, setAnchors] = useState<string[]>([...settings.hybridTimes]);
  const [windowText, setWindowText] = useState(String(settings.hybridWindowMinutes));
  // Fixed and hybrid share the times editor; each keeps its own list.
  const times = mode === 'hybrid' ? anchors : fixedTimes;
  const setTimes = (update: string[] | ((all: string[]) => string[])) => (mode === 'hybrid' ? setAnchors(update) : setFixedTimes(update));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const [tried, setTried] = useState(false);
  const action = useAction();

  // Follow changes made elsewhere while the user has not started editing.
  useEffect(() => {
    if (dirty) return;
    setMode(settings.mode);
    setIntervalText(String(settings.intervalHours));
    setFixedTimes([...settings.fixedTimes]);
    setAnchors([...settings.hybridTimes]);
    setWindowText(String(settings.hybridWindowMinutes));
  }, [settings.mode, settings.intervalHours, settings.fixedTimes, settings.hybridTimes, settings.hybridWindowMinutes, dirty]);

  const edit = () => {
    setDirty(true);
    setSaved(false);
  };
  const intervalError = mode === 'interval' ? intervalProblem(t, intervalText) : null;
  const listed = mode === 'fixed' || mode === 'hybrid';
  const rowErrors = listed ? timeProblems(t, times) : [];
  const tidy = times.map(tidyTime);
  const listCheck = listed && rowErrors.every((e) => e === null) ? fixedTimesSchema.safeParse(tidy) : null;
  const listProblems = listCheck && !listCheck.success ? listCheck.error.issues.map((issue) => fieldProblem([issue], [mode === 'hybrid' ? 'hybridTimes' : 'fixedTimes'])) : [];
  const windowError = mode === 'hybrid' ? windowProblem(t, windowText) : null;
  const invalid = intervalError !== null || windowError !== null || rowErrors.some((e) => e !== null) || listProblems.length > 0;

  async function save(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (invalid) return;
    const change =
      mode === 'interval'
        ? { mode, intervalHours: Number(intervalText) }
        : mode === 'fixed'
          ? { mode, fixedTimes: [...tidy].sort() }
          : mode === 'hybrid'
            ? { mode, hybridTimes: [...tidy].sort(), hybridWindowMinutes: Number(windowText) }
            : { mode };
    const next = await action.run(() => api.updateSettings(change));
    if (next) {
      setDirty(false);
      setSaved(true);
      accept(next);
    }
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby={`${id}-title`}>
      <fieldset>
        <legend id={`${id}-title`}>{t('modeForm.title')}</legend>
        {MODES.map((m) => (
          <label key={m} className="choice">
            <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => (setMode(m), edit())} />
            <span>
              <strong>{t(`modeForm.${m}.title`)}</strong>
              <span className="hint">{t(`modeForm.${m}.about`, HOURS)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {mode === 'interval' && (
        <div className="field">
          <label htmlFor={`${id}-interval`}>{t('modeForm.hoursLabel')}</label>
          <input
            id={`${id}-interval`}
            type="number"
            inputMode="numeric"
            min={INTERVAL.minHours}
            max={INTERVAL.maxHours}
            step={1}
            style={{ width: '7rem' }}
            value={intervalText}
            aria-invalid={intervalError !== null}
            aria-describedby={`${id}-interval-msg`}
            onChange={(e) => (setIntervalText(e.target.value), edit())}
          />
          <p id={`${id}-interval-msg`} className={intervalError ? 'field-error' : 'hint'} aria-live="polite">
            {intervalError ?? t('modeForm.hoursHint', HOURS)}
          </p>
        </div>
      )}

      {mode === 'hybrid' && (
        <div className="field">
          <label htmlFor={`${id}-window`}>{t('modeForm.windowLabel')}</label>
          <input
            id={`${id}-window`}
            type="number"
            inputMode="numeric"
            min={WINDOW.min}
            max={WINDOW.max}
            step={5}
            style={{ width: '7rem' }}
            value={windowText}
            aria-invalid={windowError !== null}
            aria-describedby={`${id}-window-msg`}
            onChange={(e) => (setWindowText(e.target.value), edit())}
          />
          <p id={`${id}-window-msg`} className={windowError ? 'field-error' : 'hint'} aria-live="polite">
            {windowError ?? t('modeForm.windowHint', WINDOW)}
          </p>
        </div>
      )}

      {listed && (
        <fieldset>
          <legend>{mode === 'hybrid' ? t('modeForm.anchors') : t('modeForm.times')}</legend>
          <ul className="plain times">
            {times.map((time, i) => (
              <li key={i}>
                <label className="visually-hidden" htmlFor={`${id}-time-${i}`}>
                  {t('modeForm.timeN', { n: i + 1 })}
                </label>
                <input
                  id={`${id}-time-${i}`}
                  type="text"
                  inputMode="numeric"
                  placeholder="HH:MM"
                  autoComplete="off"
                  value={time}
                  aria-invalid={rowErrors[i] !== null}
                  aria-describedby={rowErrors[i] ? `${id}-time-${i}-msg` : undefined}
                  onChange={(e) => (setTimes(times.map((old, j) => (j === i ? e.target.value : old))), edit())}
                  onBlur={() => setTimes((all) => all.map(tidyTime))}
                />
                <button
                  type="button"
                  aria-label={time ? t('modeForm.removeNamed', { n: i + 1, time }) : t('modeForm.removeN', { n: i + 1 })}
                  onClick={() => (setTimes(times.filter((_, j) => j !== i)), edit())}
                >
                  {t('modeForm.remove')}
                </button>
                {rowErrors[i] && (
                  <p className="field-error" id={`${id}-time-${i}-msg`} style={{ flexBasis: '100%' }}>
                    {rowErrors[i]}
                  </p>
                )}
              </li>
            ))}
          </ul>
          {listProblems.map((p) => (
            <p key={p} className="field-error" role="alert">
              {p}
            </p>
          ))}
          <button type="button" onClick={() => (setTimes([...times, '']), edit())} disabled={times.length >= 48}>
            {t('modeForm.addTime')}
          </button>
        </fieldset>
      )}

      {tried && invalid && (
        <p className="field-error" role="alert">
          {t(mode === 'interval' ? 'modeForm.fixInterval' : mode === 'hybrid' && windowError ? 'modeForm.fixWindow' : 'modeForm.fixTimes')}
        </p>
      )}
      <ActionError action={action} />
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? t('modeForm.saving') : t('modeForm.save')}
        </button>
        {saved && !dirty && <SavedNote />}
        {dirty && <span className="hint">{t('modeForm.notSaved')}</span>}
      </div>
    </form>
  );
}
