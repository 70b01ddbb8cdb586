/** The user's day around the schedule: quiet hours, how often, today's actual times, and a pause until a date (vacation). */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../shared/api.js';
import { FREQUENCY } from '../../shared/constants.js';
import { number } from '../../shared/i18n/format.js';
import { alwaysQuietTimes } from '../../shared/plan.js';
import { frequencyRangeSchema, quietHoursChangeSchema, type QuietDays, type QuietWindow } from '../../shared/settings.js';
import { pauseTextSchema } from '../../shared/pause.js';
import { localTime } from '../../shared/zone.js';
import { useEngine, useNow } from '../engine-context';
import { useWording } from '../i18n';
import { ActionError, SavedNote, useAction } from '../status';
import { clockTime, dayAndTime } from '../time-words';
import { fieldProblem, problemSentence } from '../error-words';

const DAYS: readonly QuietDays[] = ['all', 'weekdays', 'weekends'];

/** Saves a settings change and reports it like the other forms: busy, error, "Saved.". */
function useSave() {
  const { api, accept } = useEngine();
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const save = async (change: Parameters<typeof api.updateSettings>[0]): Promise<boolean> => {
    setSaved(false);
    const next = await action.run(() => api.updateSettings(change));
    if (next) {
      accept(next);
      setSaved(true);
    }
    return next !== undefined;
  };
  return { action, saved, setSaved, save };
}

export function QuietHoursForm({ snapshot }: { snapshot: Snapshot }) {
  const id = useId();
  const now = useNow();
  const { t } = useTranslation();
  const { settings } = snapshot;
  const [rows, setRows] = useState<QuietWindow[]>(settings.quietHours.map((w) => ({ ...w })));
  const [dirty, setDirty] = useState(false);
  const { action, saved, setSaved, save } = useSave();
  useEffect(() => {
    if (!dirty) setRows(settings.quietHours.map((w) => ({ ...w })));
  }, [settings.quietHours, dirty]);
  const edit = (next: QuietWindow[]) => {
    setRows(next);
    setDirty(true);
    setSaved(false);
  };
  // The engine's own rule decides, row by row (a bad time, start = end, a repeated window), before saving.
  const checked = quietHoursChangeSchema.safeParse(rows);
  const rowIssues = rows.map((_, i) => checked.error?.issues.filter((x) => x.path[0] === i) ?? []);
  const rowErrors = rowIssues.map(([first]) => (!first ? null : first.path.length > 1 ? fieldProblem([first], ['quietHours']) : problemSentence([first], ['quietHours'])));
  /** A whole-row problem marks both times; a bad time marks only its own field. */
  const partInvalid = (i: number, part: 'from' | 'to') => (rowIssues[i] ?? []).some((x) => x.path.length === 1 || x.path[1] === part);
  const invalid = !checked.success;
  const skipped = settings.mode === 'fixed' ? alwaysQuietTimes(settings.fixedTimes, settings.quietHours) : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!checked.success) return;
    if (await save({ quietHours: checked.data })) setDirty(false);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('day.quietTitle')}</h2>
      <p className="hint">{t('day.quietHint')}</p>
      {snapshot.quietUntil !== null && snapshot.quietUntil > now && <p role="status">{t('day.quietNow', { when: dayAndTime(snapshot.quietUntil, snapshot.timeZone, now) })}</p>}
      {skipped.length > 0 && <p role="status">{t('day.alwaysSkipped', { times: skipped.join(', '), count: skipped.length })}</p>}
      <form onSubmit={submit} noValidate>
        <ul className="plain">
          {rows.map((w, i) => (
            <li key={i} className="row">
              <label htmlFor={`${id}-from-${i}`}>{t('day.from')}</label>
              <input
                id={`${id}-from-${i}`}
                type="time"
                value={w.from}
                aria-invalid={partInvalid(i, 'from')}
                onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, from: e.target.value } : r)))}
              />
              <label htmlFor={`${id}-to-${i}`}>{t('day.to')}</label>
              <input id={`${id}-to-${i}`} type="time" value={w.to} aria-invalid={partInvalid(i, 'to')} onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, to: e.target.value } : r)))} />
              <label className="visually-hidden" htmlFor={`${id}-days-${i}`}>
                {t('day.daysOf', { n: i + 1 })}
              </label>
              <select id={`${id}-days-${i}`} value={w.days} onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, days: e.target.value as QuietDays } : r)))}>
                {DAYS.map((d) => (
                  <option key={d} value={d}>
                    {t(`day.days.${d}`)}
                  </option>
                ))}
              </select>
              <button type="button" aria-label={t('day.removeWindow', { n: i + 1 })} onClick={() => edit(rows.filter((_, j) => j !== i))}>
                {t('day.remove')}
              </button>
              {rowErrors[i] && (
                <p className="field-error" style={{ flexBasis: '100%' }}>
                  {rowErrors[i]}
                </p>
              )}
            </li>
          ))}
        </ul>
        <div className="row">
          <button type="button" disabled={rows.length >= 12} onClick={() => edit([...rows, { from: '22:00', to: '07:00', days: 'all' }])}>
            {t('day.addQuiet')}
          </button>
          <button type="submit" className="primary" disabled={action.busy || invalid}>
            {t('day.saveQuiet')}
          </button>
          {saved && !dirty && <SavedNote />}
          {dirty && <span className="hint">{t('day.notSaved')}</span>}
        </div>
        <ActionError action={action} />
      </form>
    </section>
  );
}

export function HowOften({ snapshot }: { snapshot: Snapshot }) {
  const id = useId();
  const { t } = useTranslation();
  const w = useWording();
  const num = (n: number) => number(w, n, 2);
  const { settings } = snapshot;
  const applies = settings.mode === 'adaptive' || settings.mode === 'hybrid';
  const [on, setOn] = useState(settings.frequencyRange !== null);
  const [min, setMin] = useState(String(settings.frequencyRange?.min ?? 2));
  const [max, setMax] = useState(String(settings.frequencyRange?.max ?? 4));
  const { action, saved, setSaved, save } = useSave();
  const checked = frequencyRangeSchema.safeParse({ min: Number(min), max: Number(max) });
  const problem =
    on && !checked.success
      ? // "How often, lower end: at least 0.33." names the end once; the bound is written by Intl in the catalog.
        fieldProblem(checked.error.issues, ['frequencyRange'])
      : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (on && !checked.success) return;
    await save({ frequencyRange: on && checked.success ? checked.data : null });
  }
  const touch = () => setSaved(false);

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('day.oftenTitle')}</h3>
      <label className="choice">
        <input type="checkbox" checked={on} onChange={(e) => (setOn(e.target.checked), touch())} />
        <span>{t('day.keepRange')}</span>
      </label>
      {on && (
        <div className="row">
          <label htmlFor={`${id}-min`}>{t('day.from')}</label>
          <input
            id={`${id}-min`}
            type="number"
            min={FREQUENCY.min}
            max={FREQUENCY.max}
            step={0.25}
            style={{ width: '6rem' }}
            value={min}
            aria-invalid={problem !== null}
            onChange={(e) => (setMin(e.target.value), touch())}
          />
          <label htmlFor={`${id}-max`}>{t('day.to')}</label>
          <input
            id={`${id}-max`}
            type="number"
            min={FREQUENCY.min}
            max={FREQUENCY.max}
            step={0.25}
            style={{ width: '6rem' }}
            value={max}
            aria-invalid={problem !== null}
            onChange={(e) => (setMax(e.target.value), touch())}
          />
          <span>{t('day.aDay')}</span>
        </div>
      )}
      {problem && <p className="field-error">{problem}</p>}
      <p className="hint">
        {t('day.oftenHint', { min: num(FREQUENCY.min), max: num(FREQUENCY.max), initial: num(FREQUENCY.initial) })}
        {applies ? '' : ` ${t('day.onlyAdaptive')}`}
      </p>
      <div className="row">
        <button type="submit" disabled={action.busy || problem !== null}>
          {t('day.saveOften')}
        </button>
        {saved && <SavedNote />}
      </div>
      <ActionError action={action} />
    </form>
  );
}

/** Today's listed times (fixed, hybrid) and where each actually goes. */
export function TodayPlan({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  if (snapshot.today.length === 0) return null;
  const hybrid = snapshot.settings.mode === 'hybrid';
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">{t('day.todayTitle')}</h2>
      <ul className="plain" aria-label={t('day.todayTitle')}>
        {snapshot.today.map((p) => (
          <li key={p.time}>
            {p.skipped === 'quiet-hours' || p.at === null ? (
              <>
                <strong>{p.time}</strong> — {t('day.skippedQuiet')}
              </>
            ) : hybrid ? (
              <>
                <strong>{p.time}</strong> → {clockTime(p.at, snapshot.timeZone)} {t('day.bestMoment', { minutes: snapshot.settings.hybridWindowMinutes })}
              </>
            ) : (
              <>
                <strong>{p.time}</strong>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "2026-12-24T18:00" for an <input type="datetime-local">, in the profile's zone. */
function localInputValue(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}`;
}

/** Vacation: pause until a chosen date and time, read in the profile's zone. */
export function PauseUntilDate({ snapshot, disabled, onPause }: { snapshot: Snapshot; disabled: boolean; onPause: (until: number) => void }) {
  const id = useId();
  const now = useNow();
  const { t } = useTranslation();
  const [value, setValue] = useState(() => localInputValue(now + 7 * 86_400_000, snapshot.timeZone));
  // The pause grammar the tray, CLI and Discord use reads "2026-12-24T18:00" in the zone; its instant is taken as is.
  const parsed = pauseTextSchema(snapshot.timeZone).safeParse(value);
  const until = parsed.success && 'until' in parsed.data && typeof parsed.data.until === 'number' ? parsed.data.until : null;
  const problem = until === null ? t('day.chooseDate') : until <= now ? t('day.chooseFuture') : null;
  return (
    <div className="field">
      <label htmlFor={`${id}-until`}>{t('day.pauseLabel', { zone: snapshot.timeZone })}</label>
      <div className="row">
        <input id={`${id}-until`} type="datetime-local" value={value} aria-invalid={problem !== null} aria-describedby={`${id}-until-msg`} onChange={(e) => setValue(e.target.value)} />
        <button type="button" disabled={disabled || problem !== null} onClick={() => until !== null && onPause(until)}>
          {t('day.pauseButton')}
        </button>
      </div>
      <p id={`${id}-until-msg`} className={problem ? 'field-error' : 'hint'}>
        {problem ?? t('day.pauseHint', { when: dayAndTime(until ?? now, snapshot.timeZone, now) })}
      </p>
    </div>
  );
}
