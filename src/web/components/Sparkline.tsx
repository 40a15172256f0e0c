/**
 * A line of values over years drawn as inline SVG, small enough to sit in a table row. The
 * Tablero has one per indicator: fifty ECharts instances would cost their start-up each, and
 * the lazy ECharts chunk would load for a drawing of a few points. A year without a value
 * breaks the line; the last value has a larger dot. The caller gives the accessible text.
 */
export function Sparkline({
  points,
  label,
  width = 96,
  height = 28,
}: {
  points: readonly { year: number; value: number | null }[];
  label: string;
  width?: number;
  height?: number;
}) {
  const pad = 3;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (i: number) =>
    points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1);
  // A flat series sits in the middle rather than on an edge.
  const y = (v: number) =>
    max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min);
  const segments: string[][] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current);
  const lastIndex = points.findLastIndex((p) => p.value !== null);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{label}</title>
      {segments.map((s) =>
        s.length > 1 ? (
          <polyline key={s[0]} points={s.join(" ")} fill="none" className="sparkline-line" />
        ) : null,
      )}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle
            key={p.year}
            cx={x(i)}
            cy={y(p.value)}
            r={i === lastIndex ? 2.8 : 1.6}
            className="sparkline-dot"
          />
        ),
      )}
    </svg>
  );
}
