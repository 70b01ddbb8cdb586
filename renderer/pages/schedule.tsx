/** When mantras come: delivery on/off, the next one, the mode, the frequency and what moves it, pause and resume; how they reach you (Desktop). */
import type { PauseInput, Snapshot } from '../../shared/api.js';
import { FREQUENCY } from '../../shared/constants.js';
import { effectiveFrequency } from '../../shared/plan.js';
import { deliveryModeOf } from '../../shared/settings.js';
import { useEngine, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, useAction } from '../status';
import { dayAndTime, relative } from '../time-words';
import { DesktopSettings } from './desktop-settings';
import { LanguageSettings } from './language-field';
import { WelcomeAgain } from './welcome';
import { ModeForm } from './mode-form';
import { HowOften, PauseUntilDate, QuietHoursForm, TodayPlan } from './day-settings';
import { TimeZoneField } from './time-zone-field';

const PAUSES: readonly { label: string; input: PauseInput }[] = [
  { label: '30 min', input: { minutes: 30 } },
  { label: '1 hour', input: { minutes: 60 } },
  { label: '2 hours', input: { minutes: 120 } },
  { label: 'Until tomorrow', input: { until: 'tomorrow' } },
  { label: 'Quiet until morning', input: { until: 'morning' } },
  { label: 'Indefinitely', input: { indefinitely: true } },
];

const pct = (factor: number) => `${Math.round(Math.abs(factor - 1) * 100)} %`;

function NextDelivery({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const now = useNow();
  const action = useAction();
  const { status, timeZone } = snapshot;
  const act = (work: () => Promise<Snapshot>) => void action.run(work).then((s) => s && accept(s));
  const on = status.kind === 'waiting' || status.kind === 'pending' || status.kind === 'paused';
  let line: string;
  switch (status.kind) {
    case 'waiting':
      line = `Next mantra ${dayAndTime(status.nextAt, timeZone, now)} (${relative(status.nextAt, now)}).`;
      break;
    case 'pending':
      line = `A mantra is waiting for its answer until ${dayAndTime(status.deadline, timeZone, now)}${status.snoozedUntil != null && status.snoozedUntil > now ? `; snoozed until ${dayAndTime(status.snoozedUntil, timeZone, now)}` : ''}.`;
      break;
    case 'paused':
      line = status.until === null ? 'Paused until you resume.' : `Paused until ${dayAndTime(status.until, timeZone, now)}.`;
      break;
    case 'disabled':
      line = status.reason === 'failures' ? 'Delivery was turned off after too many missed mantras in a row.' : 'Delivery is off.';
      break;
    case 'not-enrolled':
      line = 'Delivery is off.';
      break;
  }
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">Next delivery</h2>
      <p>
        <strong>{line}</strong>
      </p>
      <div className="row">
        {on ? (
          <button type="button" className="danger" disabled={action.busy} onClick={() => act(() => api.unenroll())}>
            Turn delivery off
          </button>
        ) : (
          <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.enroll())}>
            Turn delivery on
          </button>
        )}
      </div>
      <ActionError action={action} />
      <TimeZoneField snapshot={snapshot} />
    </section>
  );
}

function Frequency({ snapshot }: { snapshot: Snapshot }) {
  // The frequency deliveries follow: inside the user's range, a new profile at its lower end.
  const f = effectiveFrequency(snapshot.state, deliveryModeOf(snapshot.settings), snapshot.settings.frequencyRange);
  const every = 24 / f;
  const adaptive = snapshot.settings.mode === 'adaptive' || snapshot.settings.mode === 'hybrid';
  const range = snapshot.settings.frequencyRange;
  return (
    <section className="card" aria-labelledby="freq-title">
      <h2 id="freq-title">Frequency</h2>
      <p>
        <strong>{f.toFixed(2)} mantras a day</strong>, about one every {every >= 1.5 ? `${Math.round(every)} hours` : `${Math.round(every * 60)} minutes`}.
      </p>
      <p className="hint">
        Each answer raises it by {pct(FREQUENCY.increaseNormal)}, or {pct(FREQUENCY.increaseFast)} when you answer within {FREQUENCY.fastAnswerMs / 60_000}{' '}
        minutes; each missed mantra lowers it by {pct(FREQUENCY.decrease)}. It stays between {range?.min ?? FREQUENCY.min} and {range?.max ?? FREQUENCY.max} a day.
        {adaptive ? '' : ' Only adaptive and hybrid delivery use it; the mode you chose keeps its own rhythm.'}
      </p>
      <HowOften snapshot={snapshot} />
    </section>
  );
}

function Pause({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const now = useNow();
  const action = useAction();
  const { status } = snapshot;
  const act = (work: () => Promise<Snapshot>) => void action.run(work).then((s) => s && accept(s));
  const enrolled = snapshot.state.enrolled;
  return (
    <section className="card" aria-labelledby="pause-title">
      <h2 id="pause-title">Pause</h2>
      {status.kind === 'paused' ? (
        <>
          <p>
            Paused {status.until === null ? 'until you resume' : `until ${dayAndTime(status.until, snapshot.timeZone, now)}`}.
          </p>
          <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.resume())}>
            Resume now
          </button>
        </>
      ) : (
        <>
          <p className="hint" id="pause-hint">
            {enrolled ? 'Hold deliveries for a while; a waiting mantra is put aside without counting as missed.' : 'Turn delivery on first; there is nothing to pause.'}
          </p>
          <div className="row" role="group" aria-label="Pause for" aria-describedby="pause-hint">
            {PAUSES.map((p) => (
              <button key={p.label} type="button" disabled={!enrolled || action.busy} onClick={() => act(() => api.pause(p.input))}>
                {p.label}
              </button>
            ))}
          </div>
          <PauseUntilDate snapshot={snapshot} disabled={!enrolled || action.busy} onPause={(until) => act(() => api.pause({ until }))} />
        </>
      )}
      <ActionError action={action} />
    </section>
  );
}

export function SchedulePage() {
  return (
    <Page title="Schedule">
      <WithSnapshot>
        {(snapshot) => (
          <>
            <NextDelivery snapshot={snapshot} />
            <section className="card" aria-label="Delivery mode">
              <ModeForm snapshot={snapshot} />
            </section>
            <TodayPlan snapshot={snapshot} />
            <QuietHoursForm snapshot={snapshot} />
            <Frequency snapshot={snapshot} />
            <Pause snapshot={snapshot} />
            <DesktopSettings snapshot={snapshot} />
            <LanguageSettings snapshot={snapshot} />
            <WelcomeAgain />
          </>
        )}
      </WithSnapshot>
    </Page>
  );
}
