import { formatNumber } from '../../../i18n/format';
import type { Language } from '../../../i18n/texts';
import type { CountRow } from '../../mailings/counters';

interface Props {
  rows: CountRow[];
  title: string;
  language: Language;
}

const BAR = 18;
const GAP = 6;
const LABEL = 210;
const WIDTH = 520;

/** Counts by status as horizontal bars, drawn in SVG (no chart library in the bundle). */
export function StatusChart({ rows, title, language }: Props) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const height = rows.length * (BAR + GAP);
  const room = WIDTH - LABEL - 40;
  return (
    <svg class="chart" data-crm-sms="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {rows.map((row, i) => {
        const y = i * (BAR + GAP);
        const width = row.count === 0 ? 0 : Math.max(2, (row.count / max) * room);
        return (
          <g key={row.key} data-crm-sms="chart-bar" data-key={row.key} data-count={row.count}>
            <text x={LABEL - 8} y={y + BAR * 0.72} text-anchor="end" class="chart-label">
              {row.label}
            </text>
            <rect x={LABEL} y={y} width={width} height={BAR} rx={2} class={`bar bar-${row.tone}`} />
            <text x={LABEL + width + 6} y={y + BAR * 0.72} class="chart-value">
              {formatNumber(row.count, language)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
