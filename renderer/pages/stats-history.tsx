/** The recent encounters, newest first: what was sent, and what came of it. */
import { useTranslation } from 'react-i18next';
import type { RecentEncounter } from '../../shared/stats.js';
import { dayAndTime, duration } from '../time-words';

function Outcome({ e }: { e: RecentEncounter }) {
  const { t } = useTranslation();
  switch (e.outcome) {
    case 'answered':
      return (
        <span className="tag tag-good">
          {t('stats.answeredIn', { duration: duration(e.responseMs ?? 0) })}
          {e.points !== null ? `, +${e.points}` : ''}
          {e.channel && e.channel !== 'window' ? ` (${e.channel})` : ''}
        </span>
      );
    case 'timedOut':
      return <span className="tag tag-bad">{t('stats.missed')}</span>;
    case 'skipped':
      return <span className="tag">{t('stats.skipped')}</span>;
    case 'pending':
      return <span className="tag">{t('stats.waiting')}</span>;
  }
}

export function History({ recent, timeZone, now }: { recent: readonly RecentEncounter[]; timeZone: string; now: number }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('stats.recent')}</h2>
      {recent.length === 0 ? (
        <p className="hint">{t('stats.nothingYet')}</p>
      ) : (
        <ul className="plain history">
          {recent.map((e) => (
            <li key={e.sentAt}>
              <time dateTime={new Date(e.sentAt).toISOString()}>{dayAndTime(e.sentAt, timeZone, now)}</time> <Outcome e={e} />
              <div lang="en">{e.text}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
