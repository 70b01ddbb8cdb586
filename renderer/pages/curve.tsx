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
import { hourRange } from '../time-words';

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

/** "09:00–11:00 and 18:00–19:00": the best hours, neighbours merged. */
function bestHours(curve: readonly number[]): string {
  const top = curve
    .map((v, h) => ({ v, h }))
    .sort((a, b) => b.v - a.v || a.h - b.h)
    .slice(0, 4)
    .filter((x) => x.v > LEARNER.initial)
    .map((x) => x.h)
    .sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const h of top) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === h - 1) last[1] = h;
    else ranges.push([h, h]);
  }
  const words = ranges.map(([a, b]) => `${hourRange(a).slice(0, 5)}–${hourRange(b).slice(6)}`);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function curveSentence(curve: readonly number[], mode: Snapshot['settings']['mode']): string {
  const flat = curve.every((v) => Math.abs(v - LEARNER.initial) < 0.01);
  const start = `${Math.round(LEARNER.initial * 100)} %`;
  if (flat) {
    return `Nothing learned yet: every hour starts at ${start}; each answer raises the bar of the hour you answered in, each missed mantra lowers the hours it waited through.`;
  }
  const best = bestHours(curve);
  const aim =
    mode === 'adaptive'
      ? 'so adaptive delivery aims mantras there'
      : `and your ${mode === 'interval' ? 'interval' : 'fixed-times'} delivery keeps teaching it, though it does not pick the times`;
  return best
    ? `Taller bars are hours you tend to answer in (best so far: ${best}), ${aim}.`
    : `No hour is above the ${start} start yet: so far mantras mostly went unanswered, ${aim}.`;
}

/** Advanced: the default learner or the seed's Classic (V2); switching rebuilds what was learned from the log. */
function LearnerChoiceField({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const action = useAction();
  const change = (learner: LearnerChoice) => void action.run(() => api.updateSettings({ learner })).then((next) => next && accept(next));
  return (
    <details className="card" id="learner-choice">
      <summary>Advanced: how Mantra learns</summary>
      <label>
        Learner{' '}
        <select value={snapshot.settings.learner} disabled={action.busy} onChange={(e) => change(e.target.value === 'classic' ? 'classic' : 'default')}>
          <option value="default">Default (counts how long each mantra waited)</option>
          <option value="classic">Classic (V2)</option>
        </select>
      </label>
      <p className="hint">
        The default learns from how long each mantra waited in each hour, keeps weekdays and weekends apart when they differ, and follows a change of rhythm
        within days. Classic (V2) is the original algorithm. Switching relearns everything from your history; nothing is lost.
      </p>
      <ActionError action={action} />
    </details>
  );
}

function CurveView({ snapshot }: { snapshot: Snapshot }) {
  const now = useNow(60_000);
  const log = useLoad((api) => api.getLog({ limit: 1000 }));
  const learning = snapshot.learning;
  const curve = snapshot.state.curve;
  const currentHour = hourOf(now, snapshot.timeZone);
  const weekendNow = isWeekendAt(now, snapshot.timeZone);
  const marks = recentMarks(log.value ?? [], now);
  const sentence = curveSentence(curve, snapshot.settings.mode);
  const evidence = learning.evidence;
  const pooledEvidence = evidence ? evidence.weekday.map((x, h) => x + (evidence.weekend[h] ?? 0)) : undefined;
  const days = learning.differ
    ? [
        { key: 'weekday', title: 'Weekdays', curve: learning.weekday, evidence: evidence?.weekday, now: weekendNow ? null : currentHour },
        { key: 'weekend', title: 'Weekends', curve: learning.weekend, evidence: evidence?.weekend, now: weekendNow ? currentHour : null },
      ]
    : [{ key: 'all', title: null, curve, evidence: pooledEvidence, now: currentHour }];
  return (
    <>
      <p id="curve-sentence">{sentence}</p>
      <p id="next-why">{learning.why}</p>
      <div className="card">
        {days.map((d) => (
          <section key={d.key} id={`curve-${d.key}`}>
            {d.title && <h2>{d.title}</h2>}
            <CurveChart
              curve={d.curve}
              currentHour={d.now}
              marks={marks}
              evidence={d.evidence}
              label={`${d.title ? `${d.title}: a` : 'A'}vailability by hour of day in ${snapshot.timeZone}. ${sentence}${d.now !== null ? ` Now is ${hourRange(d.now)}.` : ''}`}
            />
          </section>
        ))}
        <CurveLegend shaded={evidence !== null} />
        {learning.differ && <p className="hint">Your weekdays and weekends differ, so Mantra keeps a curve for each.</p>}
        <p className="hint">
          Hours of the day in {snapshot.timeZone}. Marks show the last {RECENT_DAYS} days;{' '}
          {snapshot.state.delivered === 0 ? 'no mantra delivered yet.' : `learned from ${snapshot.state.delivered} deliveries so far.`}
        </p>
        {log.error ? <ErrorNotice error={log.error} onRetry={log.reload} /> : log.loading && !log.value ? <Loading what="recent deliveries" /> : null}
      </div>
      <details>
        <summary>Show as numbers</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">Chance</th>
                <th scope="col">Sent</th>
                <th scope="col">Answered</th>
              </tr>
            </thead>
            <tbody>
              {curve.map((v, h) => (
                <tr key={h} aria-current={h === currentHour ? 'time' : undefined}>
                  <th scope="row">{hourRange(h)}</th>
                  <td>{Math.round(v * 100)} %</td>
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
  return (
    <Page title="Curve">
      <WithSnapshot>{(snapshot) => <CurveView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
