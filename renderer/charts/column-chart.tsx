/** A small SVG column chart (no chart library: the bundle stays lean), drawn at the container's real width. */
import type { ReactNode } from 'react';
import { hourLabelStep, useWidth } from './use-width';

export interface Column {
  readonly key: string;
  /** Axis label; shown only where it fits (see `labelEvery`). */
  readonly label: string;
  /** null: no data for this column (drawn as a short dash). */
  readonly value: number | null;
  /** A second, lighter value drawn wider behind the first (e.g. sent behind answered). */
  readonly back?: number;
  /** Tooltip and screen-reader text. */
  readonly title: string;
  /** How solid the bar is drawn, 0-1 (e.g. by the evidence behind it); default solid. */
  readonly opacity?: number;
}

export interface Layout {
  readonly width: number;
  readonly left: number;
  readonly band: number;
  /** y of the plot's bottom edge (value 0). */
  readonly bottom: number;
  /** x of a column's centre. */
  centre(i: number): number;
}

export interface ColumnChartProps {
  readonly columns: readonly Column[];
  readonly max: number;
  readonly ticks: readonly { value: number; label: string }[];
  /** Describes the chart for screen readers (role=img). */
  readonly label: string;
  readonly highlight?: number | null;
  readonly highlightLabel?: string;
  /** Colour the highlighted column's bar too (default); off where bar colours already carry data. */
  readonly highlightBar?: boolean;
  /** A dashed reference line, e.g. the curve's starting value. */
  readonly reference?: { value: number; label: string } | null;
  /** Label every n-th column; default: as many as fit. */
  readonly labelEvery?: number;
  /** Extra rows drawn under the columns (markers), and their height. */
  readonly below?: { height: number; draw(layout: Layout): ReactNode };
  readonly plotHeight?: number;
  /** Labels of the columns as horizontal text may be long: rotate is not used, so keep them short. */
  readonly labelWidth?: number;
}

export function ColumnChart(props: ColumnChartProps) {
  const { columns, max, ticks, label, highlight = null, reference = null, below } = props;
  const [ref, width] = useWidth<HTMLDivElement>();
  const left = 40;
  const right = 8;
  const top = props.highlightLabel ? 20 : 10;
  const plot = props.plotHeight ?? Math.round(Math.min(220, Math.max(140, width * 0.4)));
  const bottom = top + plot;
  const extra = below?.height ?? 0;
  const height = bottom + extra + 22;
  const band = (width - left - right) / Math.max(1, columns.length);
  const barWidth = Math.max(2, band * (columns.some((c) => c.back !== undefined) ? 0.5 : 0.72));
  const labelWidth = props.labelWidth ?? 22;
  // Labels that do not fit get a smaller font first, then only every n-th is shown.
  const small = band < labelWidth && band >= labelWidth * 0.8;
  const every = props.labelEvery ?? hourLabelStep(band, small ? labelWidth * 0.8 : labelWidth);
  const y = (v: number) => bottom - (Math.max(0, Math.min(max, v)) / max) * plot;
  const layout: Layout = { width, left, band, bottom, centre: (i) => left + band * (i + 0.5) };

  return (
    <div ref={ref}>
      <svg className="chart" width={width} height={height} role="img" aria-label={label}>
        {highlight !== null && <rect className="now-band" x={left + band * highlight + 1} y={top - 4} width={Math.max(1, band - 2)} height={plot + 4} rx={3} />}
        {ticks.map((t) => (
          <g key={t.value}>
            <line className="grid" x1={left} x2={width - right} y1={y(t.value)} y2={y(t.value)} />
            <text x={left - 6} y={y(t.value) + 4} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {reference && (
          <g>
            <line className="baseline" x1={left} x2={width - right} y1={y(reference.value)} y2={y(reference.value)} />
            <title>{reference.label}</title>
          </g>
        )}
        {columns.map((c, i) => {
          const x = left + band * i + (band - barWidth) / 2;
          const cls = i === highlight && props.highlightBar !== false ? 'bar bar-now' : 'bar';
          return (
            <g key={c.key}>
              {c.back !== undefined && c.back > 0 && <rect className="bar-back" x={left + band * i + band * 0.08} y={y(c.back)} width={band * 0.84} height={Math.max(1, bottom - y(c.back))} rx={2} />}
              {c.value === null ? (
                <line className="grid" x1={x} x2={x + barWidth} y1={bottom - 1} y2={bottom - 1} strokeWidth={2} />
              ) : (
                <rect className={cls} x={x} y={y(c.value)} width={barWidth} height={Math.max(1, bottom - y(c.value))} rx={Math.min(3, barWidth / 4)} fillOpacity={c.opacity} />
              )}
              {/* A full-height target so the tooltip works on short bars too. */}
              <rect x={left + band * i} y={top} width={band} height={plot + extra} fill="transparent">
                <title>{c.title}</title>
              </rect>
            </g>
          );
        })}
        {highlight !== null && props.highlightLabel && (
          <text className="now-label" x={layout.centre(highlight)} y={top - 8} textAnchor="middle">
            {props.highlightLabel}
          </text>
        )}
        {below?.draw(layout)}
        {columns.map((c, i) =>
          i % every === 0 ? (
            <text key={c.key} x={layout.centre(i)} y={bottom + extra + 16} textAnchor="middle" style={small ? { fontSize: 10 } : undefined}>
              {c.label}
            </text>
          ) : null,
        )}
      </svg>
    </div>
  );
}
