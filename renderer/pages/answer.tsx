/** The pending mantra and its answer; when nothing waits, when the next one comes and "Deliver now". */
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Snapshot } from '../../shared/api.js';
import type { AnswerVerdict } from '../../shared/encounter.js';
import { ENCOUNTER, SNOOZE } from '../../shared/constants.js';
import type { DeliveredMantra } from '../../shared/settings.js';
import { useEngine, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, useAction } from '../status';
import { dayAndTime, relative } from '../time-words';
import { AnswerForm, VerdictCard } from './answer-form';

export function FavoriteToggle({ template, snapshot }: { template: string; snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const on = snapshot.settings.favorites.includes(template);
  return (
    <div>
      <button type="button" className="fav" aria-pressed={on} disabled={action.busy} onClick={() => void action.run(() => api.toggleFavorite({ template })).then((s) => s && accept(s))}>
        {on ? t('answer.favorite') : t('answer.markFavorite')}
      </button>
      <span className="hint"> {t('answer.favoriteHint')}</span>
      <ActionError action={action} />
    </div>
  );
}

/** After 3 misses in a row: the seed's offer to pause or turn delivery off. */
function MissOffer({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const misses = snapshot.state.consecutiveFailures;
  const left = ENCOUNTER.autoDisableAfter - misses;
  return (
    <section className="notice notice-warn" aria-labelledby="miss-offer">
      <h2 id="miss-offer">{t('answer.missTitle', { count: misses })}</h2>
      <p>{t('answer.missBody', { count: left })}</p>
      <div className="row">
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.pause({ until: 'tomorrow' })).then((s) => s && accept(s))}>
          {t('answer.pauseTomorrow')}
        </button>
        <button type="button" className="danger" disabled={action.busy} onClick={() => void action.run(() => api.unenroll()).then((s) => s && accept(s))}>
          {t('answer.turnOff')}
        </button>
      </div>
      <ActionError action={action} />
    </section>
  );
}

function NothingWaiting({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const now = useNow();
  const { status, timeZone } = snapshot;
  const act = (work: () => Promise<Snapshot>) => void action.run(work).then((s) => s && accept(s));
  const deliverNow = (
    <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.deliverNow())}>
      {t('answer.deliverNow')}
    </button>
  );
  const turnOn = (label: string) => (
    <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.enroll())}>
      {label}
    </button>
  );
  const section = useRef<HTMLElement>(null);
  const mounted = useRef(false);
  // An action replaced the button that had focus (Turn on -> Deliver now): keep keyboard users in place.
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const active = document.activeElement;
    if (!action.busy && (!active || active === document.body)) section.current?.querySelector<HTMLButtonElement>('button.primary')?.focus();
  }, [status.kind, action.busy]);
  let body;
  switch (status.kind) {
    case 'waiting':
      body = (
        <>
          <p>
            <Trans i18nKey="answer.nextComes" values={{ when: dayAndTime(status.nextAt, timeZone, now), relative: relative(status.nextAt, now) }} components={{ b: <strong /> }} />
          </p>
          {snapshot.quietUntil !== null && snapshot.quietUntil > now && <p className="hint">{t('answer.quietUntil', { when: dayAndTime(snapshot.quietUntil, timeZone, now) })}</p>}
          <div className="row">{deliverNow}</div>
        </>
      );
      break;
    case 'paused':
      body = (
        <>
          <p>
            {status.until === null ? t('answer.pausedIndefinitely') : <Trans i18nKey="answer.pausedUntil" values={{ when: dayAndTime(status.until, timeZone, now) }} components={{ b: <strong /> }} />}
          </p>
          <div className="row">
            <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => api.resume())}>
              {t('answer.resume')}
            </button>
            <button type="button" disabled={action.busy} onClick={() => act(() => api.deliverNow())}>
              {t('answer.deliverOneNow')}
            </button>
          </div>
        </>
      );
      break;
    case 'disabled':
      body =
        status.reason === 'failures' ? (
          <div className="notice notice-warn" role="status">
            <h2>{t('answer.autoOffTitle')}</h2>
            <p>{t('answer.autoOffBody', { count: ENCOUNTER.autoDisableAfter })}</p>
            <div className="row">{turnOn(t('answer.turnBackOn'))}</div>
          </div>
        ) : (
          <>
            <p>{t('answer.userOff')}</p>
            <div className="row">{turnOn(t('answer.turnBackOn'))}</div>
          </>
        );
      break;
    case 'not-enrolled':
      body = (
        <>
          <p>{t('answer.notEnrolled')}</p>
          <div className="row">{turnOn(t('answer.turnOn'))}</div>
        </>
      );
      break;
    default:
      body = null;
  }
  return (
    <section aria-label={t('answer.deliveryRegion')} ref={section}>
      {body}
      <ActionError action={action} />
      <p className="hint">{t('answer.timesIn', { zone: timeZone })}</p>
    </section>
  );
}

function Pending({ snapshot, mantra, deadline, onAccepted }: { snapshot: Snapshot; mantra: DeliveredMantra; deadline: number; onAccepted: (v: AnswerVerdict) => void }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const skip = useAction();
  const now = useNow();
  return (
    <section aria-label={t('answer.waitingRegion')}>
      <AnswerForm key={`${mantra.id}@${deadline}`} mantra={mantra} onAccepted={onAccepted} />
      <p className="hint">
        {t('answer.answerBy', {
          when: dayAndTime(deadline, snapshot.timeZone, now),
          relative: relative(deadline, now),
          count: mantra.basePoints,
          difficulty: t(`difficulty.${mantra.difficulty}`),
        })}
      </p>
      <div className="row">
        <FavoriteToggle template={mantra.template} snapshot={snapshot} />
      </div>
      <Snooze snapshot={snapshot} />
      <div className="row">
        <button type="button" className="link" disabled={skip.busy} onClick={() => void skip.run(() => api.skip()).then((s) => s && accept(s))}>
          {t('answer.skip')}
        </button>
      </div>
      <ActionError action={skip} />
    </section>
  );
}

/** 10 min, 30 min, 1 h: the same mantra comes back later, its deadline moved by as long. */
function Snooze({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const now = useNow();
  const { status } = snapshot;
  const snoozedUntil = status.kind === 'pending' && status.snoozedUntil != null && status.snoozedUntil > now ? status.snoozedUntil : null;
  return (
    <>
      {snoozedUntil !== null && <p className="hint">{t('answer.snoozedUntil', { when: dayAndTime(snoozedUntil, snapshot.timeZone, now) })}</p>}
      <div className="row" role="group" aria-label={t('answer.snoozeGroup')} aria-describedby="snooze-hint">
        <span>{t('answer.snoozeGroup')}:</span>
        {SNOOZE.choicesMinutes.map((minutes) => (
          <button key={minutes} type="button" disabled={action.busy} onClick={() => void action.run(() => api.snooze({ minutes })).then((s) => s && accept(s))}>
            {minutes === 60 ? t('answer.snoozeHour') : t('answer.snoozeFor', { count: minutes })}
          </button>
        ))}
      </div>
      <p className="hint" id="snooze-hint">
        {t('answer.snoozeHint')}
      </p>
      <ActionError action={action} />
    </>
  );
}

function AnswerView({ snapshot }: { snapshot: Snapshot }) {
  const { liveVerdict } = useEngine();
  const { status } = snapshot;
  const [last, setLast] = useState<{ verdict: AnswerVerdict; template: string } | null>(null);
  const [lastMantra, setLastMantra] = useState<DeliveredMantra | null>(status.kind === 'pending' ? status.mantra : null);
  const pendingKey = status.kind === 'pending' ? `${status.mantra.id}@${status.sentAt}` : null;

  useEffect(() => {
    if (status.kind === 'pending') {
      setLastMantra(status.mantra);
      setLast(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new delivery, not a new object, resets the page
  }, [pendingKey]);

  // An answer given elsewhere (another window, Discord) shows here too.
  const shown = last ?? (liveVerdict?.accepted && lastMantra && status.kind !== 'pending' ? { verdict: liveVerdict, template: lastMantra.template } : null);
  return (
    <>
      {snapshot.offerDisable && status.kind !== 'disabled' && <MissOffer snapshot={snapshot} />}
      {status.kind === 'pending' ? (
        <Pending snapshot={snapshot} mantra={status.mantra} deadline={status.deadline} onAccepted={(verdict) => setLast({ verdict, template: status.mantra.template })} />
      ) : (
        <>
          {shown && <VerdictCard verdict={shown.verdict} favorite={<FavoriteToggle template={shown.template} snapshot={snapshot} />} />}
          <NothingWaiting snapshot={snapshot} />
        </>
      )}
    </>
  );
}

export function AnswerPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.answer')}>
      <WithSnapshot>{(snapshot) => <AnswerView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
