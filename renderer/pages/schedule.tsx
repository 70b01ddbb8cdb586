/** When mantras come: delivery on/off, the next one, the mode, the frequency and what moves it, pause and resume; how they reach you (Desktop). */
import { useTranslation } from 'react-i18next';
import type { PauseInput, Snapshot } from '../../shared/api.js';
import { FREQUENCY } from '../../shared/constants.js';
import { effectiveFrequency } from '../../shared/plan.js';
import { deliveryModeOf } from '../../shared/settings.js';
import { useEngine, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, useAction } from '../status';
import { number } from '../../shared/i18n/format.js';
import { useWording } from '../i18n';
import { dayAndTime, percent, relative } from '../time-words';
import { DesktopSettings } from './desktop-settings';
import { LanguageSettings } from './language-field';
import { WelcomeAgain } from './welcome';
import { ModeForm } from './mode-form';
import { HowOften, PauseUntilDate, QuietHoursForm, TodayPlan } from './day-settings';
import { TimeZoneField } from './time-zone-field';

const PAUSES: readonly { key: 'min30' | 'hour1' | 'hours2' | 'tomorrow' | 'morning' | 'indefinitely'; input: PauseInput }[] = [
  { key: 'min30', input: { minutes: 30 } },
  { key: 'hour1', input: { minutes: 60 } },
  { key: 'hours2', input: { minutes: 120 } },
  { key: 'tomorrow', input: { until: 'tomorrow' } },
  { key: 'morning', input: { until: 'morning' } },
  { key: 'indefinitely', input: { indefinitely: true } },
];

const pct = (factor: number) => percent(Math.abs(factor - 1));

function NextDelivery({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const now = useNow();
  const action = useAction();
  const { status, timeZone } = snapshot;
  const act = (work: () => Promise<Snapshot>) => void action.run(work).then((s) => s && accept(s));
  const on = status.kind === 'waiting' || status.kind === 'pending' || status.kind === 'paused';
  let line: string;
  switch (status.kind) {
    case 'waiting':
      line = t('schedulePage.next', { when: dayAndTime(status.nextAt, timeZone, now), relative: relative(status.nextAt, now) });
      break;
    case 'pending':
      line =
        status.snoozedUntil != null && status.snoozedUntil > now
          ? t('schedulePage.pendingSnoozed', { when: dayAndTime(status.deadline, timeZone, now), snoozed: dayAndTime(status.snoozedUntil, timeZone, now) })
          : t('schedulePage.pending', { when: dayAndTime(status.deadline, timeZone, now) });
      break;
    case 'paused':
      line = status.until === null ? t('schedulePage.pausedOpen') : t('schedulePage.pausedUntil', { when: dayAndTime(status.until, timeZone, now) });
      break;
    case 'disabled':
      line = status.reason === 'failures' ? t('schedulePage.offFailures') : t('schedulePage.off');
      break;
    case 'not-enrolled':
      line = t('schedulePage.off');
      break;
  }
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">{t('schedulePage.nextTitle')}</h2>
      <p>
        <strong>{line}</strong>
      </p>
      <div className="row">
        {on ? (
          <button type="button" className="danger" disabled={action.busy} onClick={() => act(() => api.unenroll())}>
            {t('schedulePage.turnOff')}
          </button>
        ) : (
          <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.enroll())}>
            {t('schedulePage.turnOn')}
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
  const w = useWording();
  const { t } = w;
  const f = effectiveFrequency(snapshot.state, deliveryModeOf(snapshot.settings), snapshot.settings.frequencyRange);
  const every = 24 / f;
  const adaptive = snapshot.settings.mode === 'adaptive' || snapshot.settings.mode === 'hybrid';
  const range = snapshot.settings.frequencyRange;
  return (
    <section className="card" aria-labelledby="freq-title">
      <h2 id="freq-title">{t('schedulePage.freqTitle')}</h2>
      <p>
        <strong>{t('schedulePage.perDay', { n: new Intl.NumberFormat(w.tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(f) })}</strong>
        {', '}
        {every >= 1.5 ? t('schedulePage.everyHours', { count: Math.round(every) }) : t('schedulePage.everyMinutes', { count: Math.round(every * 60) })}
      </p>
      <p className="hint">
        {t('schedulePage.freqHint', {
          up: pct(FREQUENCY.increaseNormal),
          upFast: pct(FREQUENCY.increaseFast),
          minutes: FREQUENCY.fastAnswerMs / 60_000,
          down: pct(FREQUENCY.decrease),
          min: number(w, range?.min ?? FREQUENCY.min, 2),
          max: number(w, range?.max ?? FREQUENCY.max, 2),
        })}
        {adaptive ? '' : ` ${t('schedulePage.freqOwnRhythm')}`}
      </p>
      <HowOften snapshot={snapshot} />
    </section>
  );
}

function Pause({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const now = useNow();
  const action = useAction();
  const { status } = snapshot;
  const act = (work: () => Promise<Snapshot>) => void action.run(work).then((s) => s && accept(s));
  const enrolled = snapshot.state.enrolled;
  return (
    <section className="card" aria-labelledby="pause-title">
      <h2 id="pause-title">{t('schedulePage.pauseTitle')}</h2>
      {status.kind === 'paused' ? (
        <>
          <p>{status.until === null ? t('schedulePage.pausedOpen') : t('schedulePage.pausedUntil', { when: dayAndTime(status.until, snapshot.timeZone, now) })}</p>
          <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.resume())}>
            {t('schedulePage.resume')}
          </button>
        </>
      ) : (
        <>
          <p className="hint" id="pause-hint">
            {enrolled ? t('schedulePage.pauseHint') : t('schedulePage.pauseNothing')}
          </p>
          <div className="row" role="group" aria-label={t('schedulePage.pauseFor')} aria-describedby="pause-hint">
            {PAUSES.map((p) => (
              <button key={p.key} type="button" disabled={!enrolled || action.busy} onClick={() => act(() => api.pause(p.input))}>
                {t(`schedulePage.pauses.${p.key}`)}
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
  const { t } = useTranslation();
  return (
    <Page title={t('pages.schedule')}>
      <WithSnapshot>
        {(snapshot) => (
          <>
            <NextDelivery snapshot={snapshot} />
            <section className="card" aria-label={t('modeForm.title')}>
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
