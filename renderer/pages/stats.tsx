/** How it is going: completion, streaks, points, response times, per theme and per hour, the recent history. */
import { useTranslation } from 'react-i18next';
import type { Snapshot, ThemeSummary } from '../../shared/api.js';
import type { Stats } from '../../shared/stats.js';
import { calendarDaysBetween, hourOf } from '../../shared/zone.js';
import { ColumnChart } from '../charts/column-chart';
import { HBars } from '../charts/hbars';
import { useLoad, useLoadWhen, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ErrorNotice, Loading } from '../status';
import { duration, hourRange, percent } from '../time-words';
import { History } from './stats-history';
import { responseBin } from '../../shared/i18n/format.js';
import { wording } from '../i18n';
import { themeWords } from '../theme-words';

const rate = (r: number | null) => (r === null ? '–' : percent(r));

/** A round top for a count axis and its ticks: 0, step, 2 step, ... (at most 4 steps). */
export function countTicks(max: number): { top: number; ticks: { value: number; label: string }[] } {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];
  const step = steps.find((s) => Math.ceil(Math.max(1, max) / s) <= 4) ?? Math.ceil(max / 4);
  const top = step * Math.max(1, Math.ceil(max / step));
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => ({ value: i * step, label: String(i * step) }));
  return { top, ticks };
}

function Figures({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const perDay = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(stats.answeredPerDay.last7);
  const items = [
    [t('stats.completion'), rate(stats.completionRate), t('stats.answeredOf', { answered: stats.answered, total: stats.answered + stats.timedOut })],
    [t('stats.streak'), String(stats.currentStreak), t('stats.best', { best: stats.bestStreak })],
    [t('stats.points'), String(stats.totalPoints), t('stats.perDayWeek', { n: perDay })],
    [t('stats.typical'), stats.responseTime.medianMs === null ? '–' : duration(stats.responseTime.medianMs), t('stats.median')],
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
  const { t } = useTranslation();
  // The bins' labels are data ("1-2m"); each is said in the window's units.
  const bins = stats.responseTime.histogram.map((b) => ({ ...b, words: responseBin(wording(), b.label) }));
  const { top, ticks } = countTicks(Math.max(0, ...bins.map((b) => b.count)));
  return (
    <section className="card" aria-labelledby="hist-title">
      <h2 id="hist-title">{t('stats.howFast')}</h2>
      {stats.responseTime.count === 0 ? (
        <p className="hint">{t('stats.noAnswers')}</p>
      ) : (
        <ColumnChart
          columns={bins.map((b) => ({ key: b.label, label: b.words, value: b.count, title: t('stats.binTitle', { bin: b.words, count: b.count }) }))}
          max={top}
          ticks={ticks}
          labelWidth={50}
          plotHeight={130}
          label={t('stats.histLabel', { list: bins.map((b) => `${b.words}: ${b.count}`).join(', ') })}
        />
      )}
    </section>
  );
}

function PerHour({ stats, currentHour }: { stats: Stats; currentHour: number }) {
  const { t } = useTranslation();
  const { top, ticks } = countTicks(Math.max(0, ...stats.perHour.flatMap((h) => [h.delivered, h.answered])));
  const sentAnswered = (h: { delivered: number; answered: number }) => t('stats.sentAnswered', { sent: h.delivered, answered: h.answered });
  return (
    <section className="card" aria-labelledby="hour-title">
      <h2 id="hour-title">{t('stats.byHour')}</h2>
      <ColumnChart
        columns={stats.perHour.map((h) => ({
          key: String(h.hour),
          label: String(h.hour).padStart(2, '0'),
          value: h.answered,
          back: h.delivered,
          title: `${hourRange(h.hour)}: ${sentAnswered(h)}`,
        }))}
        max={top}
        ticks={ticks}
        highlight={currentHour}
        highlightLabel={t('time.now')}
        highlightBar={false}
        plotHeight={130}
        label={t('stats.hourLabel', {
          list:
            stats.perHour
              .filter((h) => h.delivered || h.answered)
              .map((h) => `${hourRange(h.hour)} ${sentAnswered(h)}`)
              .join('; ') || t('stats.nothingYet'),
        })}
      />
      <p className="hint">{t('stats.hourHint')}</p>
    </section>
  );
}

function PerDay({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const { top, ticks } = countTicks(Math.max(0, ...stats.days.flatMap((d) => [d.delivered, d.answered])));
  const perDay = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(stats.answeredPerDay.last30);
  return (
    <section className="card" aria-labelledby="day-title">
      <h2 id="day-title">{t('stats.last30')}</h2>
      <ColumnChart
        columns={stats.days.map((d) => ({
          key: d.date,
          label: d.date.slice(8),
          value: d.answered,
          back: d.delivered,
          title: `${d.date}: ${t('stats.sentAnswered', { sent: d.delivered, answered: d.answered })}`,
        }))}
        max={top}
        ticks={ticks}
        labelWidth={24}
        plotHeight={110}
        label={t('stats.dayLabel', { n: perDay })}
      />
    </section>
  );
}

function PerTheme({ stats, themes }: { stats: Stats; themes: readonly ThemeSummary[] }) {
  const { t } = useTranslation();
  const name = (id: string) => {
    const theme = themes.find((x) => x.id === id);
    return theme ? themeWords(t, theme).name : id;
  };
  return (
    <section className="card" aria-labelledby="theme-title">
      <h2 id="theme-title">{t('stats.byTheme')}</h2>
      {stats.perTheme.length === 0 ? (
        <p className="hint">{t('stats.noneDelivered')}</p>
      ) : (
        <HBars
          label={t('stats.themeLabel')}
          bars={stats.perTheme.map((x) => ({
            key: x.theme,
            label: name(x.theme),
            fraction: x.rate ?? 0,
            value: x.rate === null ? t('stats.noResult') : `${rate(x.rate)} · ${x.answered}/${x.answered + x.timedOut}`,
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
  const { t } = useTranslation();
  if (!stats.value) return stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : <Loading what={t('stats.loading')} />;
  const s = stats.value;
  return (
    <>
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      <Figures stats={s} />
      {s.delivered === 0 && <p className="notice">{t('stats.empty')}</p>}
      <ResponseHistogram stats={s} />
      <PerHour stats={s} currentHour={hourOf(now, snapshot.timeZone)} />
      <PerTheme stats={s} themes={themes.value ?? []} />
      <PerDay stats={s} />
      <History recent={s.recent} timeZone={snapshot.timeZone} now={now} />
    </>
  );
}

export function StatsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.stats')}>
      <WithSnapshot>{(snapshot) => <StatsView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
