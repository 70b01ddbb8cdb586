/** What Mantra learned about when the user answers: the 24-hour curve, recent deliveries, this hour. */
import type { Snapshot } from '../../shared/api.js';
import { LEARNER } from '../../shared/constants.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { isWeekendAt } from '../../shared/learner.js';
import type { LearnerChoice } from '../../shared/settings.js';
import { hourOf } from '../../shared/zone.js';
import { CurveChart, CurveLegend, type HourMarks } from '../charts/curve-chart';
import { useEngine, useLoad, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, ErrorNotice, Loading, useAction } from '../status';
import { useWording } from '../i18n';
import * as format from '../../shared/i18n/format.js';
import type { Wording } from '../../shared/i18n/format.js';
import { whyMessage } from '../../shared/learning-view.js';
import type { WhyMessage } from '../../shared/learning-view.js';

/** Deliveries and answers of this long ago or less are marked. */
const RECENT_DAYS = 14;

export function recentMarks(entries: readonly LogEntry[], now: number, days = RECENT_DAYS): HourMarks {
  const sent = Array<number>(24).fill(0);
  const answered = Array<number>(24).fill(0);
  const since = now - days * 86_400_000;
  for (const e of entries) {
    if (e.at < since) continue;
    if (e.type === 'delivered') sent[e.hour] = (sent[e.hour] ?? 0) + 1;
    if (e.type === 'answered') answered[e.hour] = (answered[e.hour] ?? 0) + 1;
  }
  return { sent, answered };
}

/** The middle value of the 24 hours: what a typical hour stands at. */
function typicalHour(curve: readonly number[]): number {
  const sorted = [...curve].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Hours within this much of the typical hour do not stand out (float noise, not learning). */
const STANDS_OUT = 0.005;

/** "09:00–11:00 and 18:00–19:00": the best hours, neighbours merged, in the window's language and clock. */
export function bestHours(w: Wording, curve: readonly number[]): string {
  // Only hours above both the start and the typical hour count: twenty hours tied at 61 % say nothing about hour 0.
  const floor = Math.max(LEARNER.initial, typicalHour(curve)) + STANDS_OUT;
  const top = curve
    .map((v, h) => ({ v, h }))
    .filter((x) => x.v > floor)
    .sort((a, b) => b.v - a.v || a.h - b.h)
    .slice(0, 4)
    .map((x) => x.h)
    .sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const h of top) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === h - 1) last[1] = h;
    else ranges.push([h, h]);
  }
  const words = ranges.map(([a, b]) => `${format.hourLabel(w, a)}–${format.hourLabel(w, b + 1)}`);
  return new Intl.ListFormat(w.tag, { type: 'conjunction' }).format(words);
}

export function curveSentence(w: Wording, curve: readonly number[], mode: Snapshot['settings']['mode']): string {
  const flat = curve.every((v) => Math.abs(v - LEARNER.initial) < 0.01);
  const start = format.percent(w, LEARNER.initial);
  if (flat) return w.t('curve.flat', { start });
  const best = bestHours(w, curve);
  const aim = w.t(mode === 'adaptive' ? 'curve.aimAdaptive' : mode === 'interval' ? 'curve.aimInterval' : 'curve.aimFixed');
  if (best) return w.t('curve.learned', { best, aim });
  // Nothing stands out but the top is above the start: hours tie there, and saying "none is above the start" would be false.
  const top = Math.max(...curve);
  if (top <= LEARNER.initial + STANDS_OUT) return w.t('curve.noneAbove', { start, aim });
  const level = format.percent(w, top);
  const tied = curve.filter((v) => top - v <= STANDS_OUT).length;
  return tied === curve.length ? w.t('curve.allEqual', { level, start }) : w.t('curve.tiedBest', { count: tied, level, start });
}

/** Why the next delivery is at its time, worded from the learner's reason (shared/learning-view.ts). */
export function whyWords(w: Wording, m: WhyMessage, timeZone: string): string {
  if (m.at === null) return w.t('curve.why.off');
  return w.t(`curve.why.${m.key}`, {
    time: format.clockTime(w, m.at, timeZone),
    // The hour's number picks "la 1:00 es" or "las 13:00 son" in Spanish.
    count: format.clockHour(w, m.at, timeZone),
    days: w.t(m.weekend ? 'curve.onWeekends' : 'curve.onWeekdays'),
    percent: format.percent(w, m.chance),
    // "1/1.1 of your day" meant nothing to a reader: say the spacing as a share of a day of answering hours.
    gap: m.frequency <= 1.15 ? w.t('curve.gapDay') : w.t('curve.gapPart', { part: format.percent(w, 1 / m.frequency) }),
    perDay: format.number(w, m.frequency, 1),
  });
}

/** Advanced: the default learner or the seed's Classic (V2); switching rebuilds what was learned from the log. */
function LearnerChoiceField({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useWording();
  const action = useAction();
  const change = (learner: LearnerChoice) => void action.run(() => api.updateSettings({ learner })).then((next) => next && accept(next));
  return (
    <details className="card" id="learner-choice">
      <summary>{t('curve.advanced')}</summary>
      <label>
        {t('curve.learner')}{' '}
        <select value={snapshot.settings.learner} disabled={action.busy} onChange={(e) => change(e.target.value === 'classic' ? 'classic' : 'default')}>
          <option value="default">{t('curve.learnerDefault')}</option>
          <option value="classic">{t('curve.learnerClassic')}</option>
        </select>
      </label>
      <p className="hint">{t('curve.learnerHint')}</p>
      <ActionError action={action} />
    </details>
  );
}

function CurveView({ snapshot }: { snapshot: Snapshot }) {
  const w = useWording();
  const { t } = w;
  const now = useNow(60_000);
  const log = useLoad((api) => api.getLog({ limit: 1000 }));
  const learning = snapshot.learning;
  const curve = snapshot.state.curve;
  const currentHour = hourOf(now, snapshot.timeZone);
  const weekendNow = isWeekendAt(now, snapshot.timeZone);
  const marks = recentMarks(log.value ?? [], now);
  const sentence = curveSentence(w, curve, snapshot.settings.mode);
  const why = whyWords(w, whyMessage(learning.next, snapshot.state.frequency), snapshot.timeZone);
  const evidence = learning.evidence;
  const pooledEvidence = evidence ? evidence.weekday.map((x, h) => x + (evidence.weekend[h] ?? 0)) : undefined;
  const days = learning.differ
    ? [
        { key: 'weekday', title: t('curve.weekdays'), curve: learning.weekday, evidence: evidence?.weekday, now: weekendNow ? null : currentHour },
        { key: 'weekend', title: t('curve.weekends'), curve: learning.weekend, evidence: evidence?.weekend, now: weekendNow ? currentHour : null },
      ]
    : [{ key: 'all', title: null, curve, evidence: pooledEvidence, now: currentHour }];
  return (
    <>
      <p id="curve-sentence">{sentence}</p>
      <p id="next-why">{why}</p>
      <div className="card">
        {days.map((d) => (
          <section key={d.key} id={`curve-${d.key}`}>
            {d.title && <h2>{d.title}</h2>}
            <CurveChart
              curve={d.curve}
              currentHour={d.now}
              marks={marks}
              evidence={d.evidence}
              label={[
                d.title ? t('curve.chartLabelDay', { day: d.title, zone: snapshot.timeZone }) : t('curve.chartLabel', { zone: snapshot.timeZone }),
                sentence,
                d.now !== null ? t('curve.nowIs', { hour: format.hourRange(w, d.now) }) : '',
              ]
                .filter(Boolean)
                .join(' ')}
            />
          </section>
        ))}
        <CurveLegend shaded={evidence !== null} />
        {learning.differ && <p className="hint">{t('curve.differ')}</p>}
        <p className="hint">
          {t('curve.hoursHint', { zone: snapshot.timeZone, days: RECENT_DAYS })}{' '}
          {snapshot.state.delivered === 0 ? t('curve.noneDelivered') : t('curve.learnedFrom', { count: snapshot.state.delivered })}
        </p>
        {log.error ? <ErrorNotice error={log.error} onRetry={log.reload} /> : log.loading && !log.value ? <Loading what={t('curve.loading')} /> : null}
      </div>
      <details>
        <summary>{t('curve.numbers')}</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('curve.colHour')}</th>
                <th scope="col">{t('curve.colChance')}</th>
                <th scope="col">{t('curve.colSent')}</th>
                <th scope="col">{t('curve.colAnswered')}</th>
              </tr>
            </thead>
            <tbody>
              {curve.map((v, h) => (
                <tr key={h} aria-current={h === currentHour ? 'time' : undefined}>
                  <th scope="row">{format.hourRange(w, h)}</th>
                  <td>{format.percent(w, v)}</td>
                  <td>{marks.sent[h]}</td>
                  <td>{marks.answered[h]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <LearnerChoiceField snapshot={snapshot} />
    </>
  );
}

export function CurvePage() {
  const { t } = useWording();
  return (
    <Page title={t('pages.curve')}>
      <WithSnapshot>{(snapshot) => <CurveView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
