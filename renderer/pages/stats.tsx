/** How it is going: completion, streaks, points, response times, per theme and per hour, the recent history. */
import type { Snapshot, ThemeSummary } from '../../shared/api.js';
import type { Stats } from '../../shared/stats.js';
import { calendarDaysBetween, hourOf } from '../../shared/zone.js';
import { ColumnChart } from '../charts/column-chart';
import { HBars } from '../charts/hbars';
import { useLoad, useLoadWhen, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ErrorNotice, Loading } from '../status';
import { duration, hourRange } from '../time-words';
import { History } from './stats-history';

const rate = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)} %`);

/** A round top for a count axis and its ticks: 0, step, 2 step, ... (at most 4 steps). */
export function countTicks(max: number): { top: number; ticks: { value: number; label: string }[] } {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];
  const step = steps.find((s) => Math.ceil(Math.max(1, max) / s) <= 4) ?? Math.ceil(max / 4);
  const top = step * Math.max(1, Math.ceil(max / step));
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => ({ value: i * step, label: String(i * step) }));
  return { top, ticks };
}

function Figures({ stats }: { stats: Stats }) {
  const items = [
    ['Completion', rate(stats.completionRate), `${stats.answered} of ${stats.answered + stats.timedOut} answered`],
    ['Streak', String(stats.currentStreak), `best ${stats.bestStreak}`],
    ['Points', String(stats.totalPoints), `${stats.answeredPerDay.last7.toFixed(1)} answers a day this week`],
    ['Typical answer', stats.responseTime.medianMs === null ? '–' : duration(stats.responseTime.medianMs), 'median response time'],
  ] as const;
  return (
    <dl className="figures">
      {items.map(([label, value, hint]) => (
        <div className="figure" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
          <dd className="hint">{hint}</dd>
        </div>
      ))}
    </dl>
  );
}

function ResponseHistogram({ stats }: { stats: Stats }) {
  const bins = stats.responseTime.histogram;
  const { top, ticks } = countTicks(Math.max(0, ...bins.map((b) => b.count)));
  return (
    <section className="card" aria-labelledby="hist-title">
      <h2 id="hist-title">How fast you answer</h2>
      {stats.responseTime.count === 0 ? (
        <p className="hint">No answers yet.</p>
      ) : (
        <ColumnChart
          columns={bins.map((b) => ({ key: b.label, label: b.label.replace('-', '–'), value: b.count, title: `${b.label}: ${b.count} answers` }))}
          max={top}
          ticks={ticks}
          labelWidth={50}
          plotHeight={130}
          label={`Response times: ${bins.map((b) => `${b.label} ${b.count}`).join(', ')}`}
        />
      )}
    </section>
  );
}

function PerHour({ stats, currentHour }: { stats: Stats; currentHour: number }) {
  const { top, ticks } = countTicks(Math.max(0, ...stats.perHour.flatMap((h) => [h.delivered, h.answered])));
  return (
    <section className="card" aria-labelledby="hour-title">
      <h2 id="hour-title">By hour of day</h2>
      <ColumnChart
        columns={stats.perHour.map((h) => ({
          key: String(h.hour),
          label: String(h.hour).padStart(2, '0'),
          value: h.answered,
          back: h.delivered,
          title: `${hourRange(h.hour)}: ${h.delivered} sent, ${h.answered} answered`,
        }))}
        max={top}
        ticks={ticks}
        highlight={currentHour}
        highlightLabel="now"
        highlightBar={false}
        plotHeight={130}
        label={`Sent and answered by hour: ${stats.perHour.filter((h) => h.delivered || h.answered).map((h) => `${hourRange(h.hour)} ${h.delivered} sent ${h.answered} answered`).join('; ') || 'nothing yet'}`}
      />
      <p className="hint">Light: mantras sent in that hour. Dark: answers given in that hour. The dashed frame marks the hour it is now.</p>
    </section>
  );
}

function PerDay({ stats }: { stats: Stats }) {
  const { top, ticks } = countTicks(Math.max(0, ...stats.days.flatMap((d) => [d.delivered, d.answered])));
  return (
    <section className="card" aria-labelledby="day-title">
      <h2 id="day-title">Last 30 days</h2>
      <ColumnChart
        columns={stats.days.map((d) => ({ key: d.date, label: d.date.slice(8), value: d.answered, back: d.delivered, title: `${d.date}: ${d.delivered} sent, ${d.answered} answered` }))}
        max={top}
        ticks={ticks}
        labelWidth={24}
        plotHeight={110}
        label={`Sent and answered per day over the last 30 days; ${stats.answeredPerDay.last30.toFixed(1)} answers a day on average.`}
      />
    </section>
  );
}

function PerTheme({ stats, themes }: { stats: Stats; themes: readonly ThemeSummary[] }) {
  const name = (id: string) => themes.find((t) => t.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="theme-title">
      <h2 id="theme-title">By theme</h2>
      {stats.perTheme.length === 0 ? (
        <p className="hint">No mantras delivered yet.</p>
      ) : (
        <HBars
          label="Completion by theme"
          bars={stats.perTheme.map((t) => ({
            key: t.theme,
            label: name(t.theme),
            fraction: t.rate ?? 0,
            value: t.rate === null ? 'no result yet' : `${rate(t.rate)} · ${t.answered}/${t.answered + t.timedOut}`,
          }))}
        />
      )}
    </section>
  );
}

/**
 * What the stats depend on, read off the snapshot: a new log entry that counts moves one of
 * these (a delivery, an answer, a timeout or skip clears `sent`); the local date moves the
 * 30-day series. Anything else (a pause, a settings change) leaves the figures as they are.
 */
export function statsKey(snapshot: Snapshot, now: number): string {
  const s = snapshot.state;
  return [s.delivered, s.answered, s.points, s.sent, s.consecutiveFailures, s.streak, snapshot.timeZone, calendarDaysBetween(0, now, snapshot.timeZone)].join('|');
}

function StatsView({ snapshot }: { snapshot: Snapshot }) {
  const now = useNow(60_000);
  const stats = useLoadWhen(statsKey(snapshot, now), (api) => api.getStats());
  const themes = useLoad((api) => api.listThemes());
  if (!stats.value) return stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : <Loading what="your stats" />;
  const s = stats.value;
  return (
    <>
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      <Figures stats={s} />
      {s.delivered === 0 && <p className="notice">No mantras yet. Once some are delivered and answered, the charts fill in.</p>}
      <ResponseHistogram stats={s} />
      <PerHour stats={s} currentHour={hourOf(now, snapshot.timeZone)} />
      <PerTheme stats={s} themes={themes.value ?? []} />
      <PerDay stats={s} />
      <History recent={s.recent} timeZone={snapshot.timeZone} now={now} />
    </>
  );
}

export function StatsPage() {
  return (
    <Page title="Stats">
      <WithSnapshot>{(snapshot) => <StatsView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
