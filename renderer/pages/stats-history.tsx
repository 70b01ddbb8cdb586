/** The recent encounters, newest first: what was sent, and what came of it. */
import type { RecentEncounter } from '../../shared/stats.js';
import { dayAndTime, duration } from '../time-words';

function Outcome({ e }: { e: RecentEncounter }) {
  switch (e.outcome) {
    case 'answered':
      return (
        <span className="tag tag-good">
          answered in {duration(e.responseMs ?? 0)}
          {e.points !== null ? `, +${e.points}` : ''}
          {e.channel && e.channel !== 'window' ? ` (${e.channel})` : ''}
        </span>
      );
    case 'timedOut':
      return <span className="tag tag-bad">missed</span>;
    case 'skipped':
      return <span className="tag">skipped</span>;
    case 'pending':
      return <span className="tag">waiting</span>;
  }
}

export function History({ recent, timeZone, now }: { recent: readonly RecentEncounter[]; timeZone: string; now: number }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Recent mantras</h2>
      {recent.length === 0 ? (
        <p className="hint">Nothing yet.</p>
      ) : (
        <ul className="plain history">
          {recent.map((e) => (
            <li key={e.sentAt}>
              <time dateTime={new Date(e.sentAt).toISOString()}>{dayAndTime(e.sentAt, timeZone, now)}</time> <Outcome e={e} />
              <div>{e.text}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
