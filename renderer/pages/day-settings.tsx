/** The user's day around the schedule: quiet hours, how often, today's actual times, and a pause until a date (vacation). */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Snapshot } from '../../shared/api.js';
import { FREQUENCY } from '../../shared/constants.js';
import { alwaysQuietTimes } from '../../shared/plan.js';
import { clockTimeSchema, frequencyRangeSchema, quietHoursSchema, type QuietDays, type QuietWindow } from '../../shared/settings.js';
import { epochOf, localTime } from '../../shared/zone.js';
import { useEngine, useNow } from '../engine-context';
import { ActionError, SavedNote, useAction } from '../status';
import { clockTime, dayAndTime } from '../time-words';

const DAYS: readonly { id: QuietDays; label: string }[] = [
  { id: 'all', label: 'Every day' },
  { id: 'weekdays', label: 'Weekdays (Mon-Fri)' },
  { id: 'weekends', label: 'Weekends (Sat, Sun)' },
];

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
  const rowErrors = rows.map((w) => {
    if (!clockTimeSchema.safeParse(w.from).success || !clockTimeSchema.safeParse(w.to).success) return 'Enter both times as HH:MM.';
    return w.from === w.to ? 'A quiet window must not start and end at the same time.' : null;
  });
  const checked = quietHoursSchema.safeParse(rows);
  const invalid = rowErrors.some((e) => e !== null) || !checked.success;
  const skipped = settings.mode === 'fixed' ? alwaysQuietTimes(settings.fixedTimes, settings.quietHours) : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid || !checked.success) return;
    if (await save({ quietHours: checked.data })) setDirty(false);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Quiet hours</h2>
      <p className="hint">
        No mantra starts inside them, in any mode. Time inside them does not count against a waiting mantra (its deadline moves by as long), a miss never
        happens there, and nothing is learned about them. A window may cross midnight (22:00 to 07:00); it belongs to the day it starts.
      </p>
      {snapshot.quietUntil !== null && snapshot.quietUntil > now && <p role="status">Quiet now, until {dayAndTime(snapshot.quietUntil, snapshot.timeZone, now)}.</p>}
      {skipped.length > 0 && (
        <p role="status">
          Skipped every day because quiet hours cover them: {skipped.join(', ')}.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <ul className="plain">
          {rows.map((w, i) => (
            <li key={i} className="row">
              <label htmlFor={`${id}-from-${i}`}>From</label>
              <input id={`${id}-from-${i}`} type="time" value={w.from} aria-invalid={rowErrors[i] !== null} onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, from: e.target.value } : r)))} />
              <label htmlFor={`${id}-to-${i}`}>to</label>
              <input id={`${id}-to-${i}`} type="time" value={w.to} aria-invalid={rowErrors[i] !== null} onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, to: e.target.value } : r)))} />
              <label className="visually-hidden" htmlFor={`${id}-days-${i}`}>
                Days of window {i + 1}
              </label>
              <select id={`${id}-days-${i}`} value={w.days} onChange={(e) => edit(rows.map((r, j) => (j === i ? { ...r, days: e.target.value as QuietDays } : r)))}>
                {DAYS.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
              <button type="button" aria-label={`Remove quiet window ${i + 1}`} onClick={() => edit(rows.filter((_, j) => j !== i))}>
                Remove
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
            Add quiet hours
          </button>
          <button type="submit" className="primary" disabled={action.busy || invalid}>
            Save quiet hours
          </button>
          {saved && !dirty && <SavedNote />}
          {dirty && <span className="hint">Not saved yet.</span>}
        </div>
        <ActionError action={action} />
      </form>
    </section>
  );
}

export function HowOften({ snapshot }: { snapshot: Snapshot }) {
  const id = useId();
  const { settings } = snapshot;
  const applies = settings.mode === 'adaptive' || settings.mode === 'hybrid';
  const [on, setOn] = useState(settings.frequencyRange !== null);
  const [min, setMin] = useState(String(settings.frequencyRange?.min ?? 2));
  const [max, setMax] = useState(String(settings.frequencyRange?.max ?? 4));
  const { action, saved, setSaved, save } = useSave();
  const checked = frequencyRangeSchema.safeParse({ min: Number(min), max: Number(max) });
  const problem = on && !checked.success ? `${checked.error.issues[0]?.path.join('') === 'max' ? 'Most' : 'Fewest'}: ${checked.error.issues[0]?.message ?? 'not a range'}.` : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (on && !checked.success) return;
    await save({ frequencyRange: on && checked.success ? checked.data : null });
  }
  const touch = () => setSaved(false);

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>How often</h3>
      <label className="choice">
        <input type="checkbox" checked={on} onChange={(e) => (setOn(e.target.checked), touch())} />
        <span>Keep the frequency within a range I choose</span>
      </label>
      {on && (
        <div className="row">
          <label htmlFor={`${id}-min`}>From</label>
          <input id={`${id}-min`} type="number" min={FREQUENCY.min} max={FREQUENCY.max} step={0.25} style={{ width: '6rem' }} value={min} aria-invalid={problem !== null} onChange={(e) => (setMin(e.target.value), touch())} />
          <label htmlFor={`${id}-max`}>to</label>
          <input id={`${id}-max`} type="number" min={FREQUENCY.min} max={FREQUENCY.max} step={0.25} style={{ width: '6rem' }} value={max} aria-invalid={problem !== null} onChange={(e) => (setMax(e.target.value), touch())} />
          <span>a day</span>
        </div>
      )}
      {problem && <p className="field-error">{problem}</p>}
      <p className="hint">
        Between {FREQUENCY.min} and {FREQUENCY.max} a day. The frequency moves inside your range; a new profile starts at its lower end. Without a range it starts at{' '}
        {FREQUENCY.initial} a day.{applies ? '' : ' Used in adaptive and hybrid modes only.'}
      </p>
      <div className="row">
        <button type="submit" disabled={action.busy || problem !== null}>
          Save how often
        </button>
        {saved && <SavedNote />}
      </div>
      <ActionError action={action} />
    </form>
  );
}

/** Today's listed times (fixed, hybrid) and where each actually goes. */
export function TodayPlan({ snapshot }: { snapshot: Snapshot }) {
  if (snapshot.today.length === 0) return null;
  const hybrid = snapshot.settings.mode === 'hybrid';
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">Today's times</h2>
      <ul className="plain" aria-label="Today's times">
        {snapshot.today.map((p) => (
          <li key={p.time}>
            {p.skipped === 'quiet-hours' || p.at === null ? (
              <>
                <strong>{p.time}</strong> — skipped: inside quiet hours
              </>
            ) : hybrid ? (
              <>
                <strong>{p.time}</strong> → {clockTime(p.at, snapshot.timeZone)} (the best-learned moment within ±{snapshot.settings.hybridWindowMinutes} min)
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
  const [value, setValue] = useState(() => localInputValue(now + 7 * 86_400_000, snapshot.timeZone));
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  const until = m ? epochOf(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), snapshot.timeZone) : null;
  const problem = until === null ? 'Choose a date and a time.' : until <= now ? 'Choose a time in the future.' : null;
  return (
    <div className="field">
      <label htmlFor={`${id}-until`}>Pause until a date (vacation), in {snapshot.timeZone}</label>
      <div className="row">
        <input id={`${id}-until`} type="datetime-local" value={value} aria-invalid={problem !== null} aria-describedby={`${id}-until-msg`} onChange={(e) => setValue(e.target.value)} />
        <button type="button" disabled={disabled || problem !== null} onClick={() => until !== null && onPause(until)}>
          Pause until then
        </button>
      </div>
      <p id={`${id}-until-msg`} className={problem ? 'field-error' : 'hint'}>
        {problem ?? `Nothing is sent or learned until ${dayAndTime(until ?? now, snapshot.timeZone, now)}.`}
      </p>
    </div>
  );
}
