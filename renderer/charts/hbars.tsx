/** Horizontal bars as an HTML list: labels wrap and reflow at any width or zoom. */
export interface HBar {
  readonly key: string;
  readonly label: string;
  /** 0..1 of the track. */
  readonly fraction: number;
  readonly value: string;
}

export function HBars({ bars, label }: { bars: readonly HBar[]; label: string }) {
  return (
    <ul className="hbars" aria-label={label}>
      {bars.map((b) => (
        <li key={b.key}>
          <span>{b.label}</span>
          <span className="track" aria-hidden="true">
            <span className="fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, b.fraction)) * 100)}%` }} />
          </span>
          <span className="value">{b.value}</span>
        </li>
      ))}
    </ul>
  );
}
