/** The learned 24-hour availability curve, with the hours of recent deliveries and answers marked under it. */
import { LEARNER } from '../../shared/constants.js';
import * as format from '../../shared/i18n/format.js';
import type { Wording } from '../../shared/i18n/format.js';
import { useWording } from '../i18n';
import { ColumnChart, type Layout } from './column-chart';

export interface HourMarks {
  /** Deliveries per local hour (24 entries). */
  readonly sent: readonly number[];
  /** Answers per local hour (24 entries). */
  readonly answered: readonly number[];
}

const ROW = 16;

function markRadius(count: number): number {
  return count <= 0 ? 0 : Math.min(6, 3 + count * 0.75);
}

function drawMarks(marks: HourMarks, layout: Layout) {
  const sentY = layout.bottom + 12;
  const answeredY = sentY + ROW;
  return (
    <g aria-hidden="true">
      {marks.sent.map((n, h) => (n > 0 ? <circle key={`s${h}`} className="mark-sent" cx={layout.centre(h)} cy={sentY} r={markRadius(n)} /> : null))}
      {marks.answered.map((n, h) => (n > 0 ? <circle key={`a${h}`} className="mark-answered" cx={layout.centre(h)} cy={answeredY} r={markRadius(n)} /> : null))}
    </g>
  );
}

/** Pending hours of evidence at which a bar is drawn fully solid. */
const SOLID_EVIDENCE_HOURS = 4;

/** Bar opacity by evidence: faint where Mantra has seen little, solid from SOLID_EVIDENCE_HOURS on. */
function evidenceOpacity(hours: number): number {
  return 0.25 + 0.75 * Math.min(1, Math.max(0, hours) / SOLID_EVIDENCE_HOURS);
}

function evidenceWords(w: Wording, hours: number): string {
  return hours < 0.05 ? w.t('curve.chart.notSeen') : w.t('curve.chart.learnedHours', { hours: format.number(w, hours, hours < 10 ? 1 : 0) });
}

export function CurveChart({
  curve,
  currentHour,
  marks,
  label,
  evidence,
}: {
  curve: readonly number[];
  currentHour: number | null;
  marks: HourMarks;
  label: string;
  /** Pending hours observed per hour: bars are shaded by it (none: all solid). */
  evidence?: readonly number[] | undefined;
}) {
  const w = useWording();
  const { t } = w;
  const columns = curve.map((v, h) => {
    const sent = marks.sent[h] ?? 0;
    const answered = marks.answered[h] ?? 0;
    const parts = [t('curve.chart.barTitle', { hour: format.hourRange(w, h), percent: format.percent(w, v) })];
    const seen = evidence?.[h];
    if (seen !== undefined) parts.push(evidenceWords(w, seen));
    if (sent || answered) parts.push(t('curve.chart.recently', { sent, answered }));
    return {
      key: String(h),
      label: String(h).padStart(2, '0'),
      value: v,
      title: `${parts.join('; ')}${h === currentHour ? ` ${t('curve.chart.nowMark')}` : ''}`,
      ...(seen === undefined ? {} : { opacity: evidenceOpacity(seen) }),
    };
  });
  return (
    <ColumnChart
      columns={columns}
      max={1}
      ticks={[
        { value: 0, label: format.percent(w, 0) },
        { value: 0.5, label: format.percent(w, 0.5) },
        { value: 1, label: format.percent(w, 1) },
      ]}
      reference={{ value: LEARNER.initial, label: t('curve.chart.reference', { percent: format.percent(w, LEARNER.initial) }) }}
      highlight={currentHour}
      highlightLabel={t('time.now')}
      label={label}
      below={{ height: ROW * 2 + 4, draw: (layout) => drawMarks(marks, layout) }}
    />
  );
}

/** The symbols under the chart, in words. */
export function CurveLegend({ shaded = false }: { shaded?: boolean }) {
  const { t } = useWording();
  return (
    <ul className="legend">
      {shaded && (
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <rect x="2" y="2" width="10" height="10" rx="2" fill="var(--bar)" fillOpacity={evidenceOpacity(0.5)} />
          </svg>
          {t('curve.legend.faint')}
        </li>
      )}
      <li>
        <svg width="14" height="14" aria-hidden="true">
          <rect x="2" y="2" width="10" height="10" rx="2" fill="var(--bar)" />
        </svg>
        {t('curve.legend.chance')}
      </li>
      <li>
        <svg width="14" height="14" aria-hidden="true">
          <rect x="2" y="2" width="10" height="10" rx="2" fill="var(--accent)" />
        </svg>
        {t('curve.legend.thisHour')}
      </li>
      <li>
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" fill="none" stroke="var(--muted)" strokeWidth="1.5" />
        </svg>
        {t('curve.legend.sent')}
      </li>
      <li>
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="5" fill="var(--good)" />
        </svg>
        {t('curve.legend.answered')}
      </li>
    </ul>
  );
}
