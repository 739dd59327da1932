import type { SuppressedCount } from '@videotermin/contracts'
import { Group } from '@visx/group'
import { scaleBand, scaleLinear } from '@visx/scale'
import { Bar } from '@visx/shape'
import { useId } from 'react'

export interface ChartRow {
  label: string
  count: SuppressedCount
  tone?: 'green' | 'yellow' | 'red'
}

const ROW_HEIGHT = 28
const LABEL_WIDTH = 190
const WIDTH = 560

/**
 * Horizontal bars drawn with visx, with the same figures in a table right below: the
 * drawing is hidden from screen readers (the table is what they read), so the chart adds
 * nothing that only the eye can get. "< 5" gets no bar, only its text.
 */
export function BarChart({
  title,
  rows,
  labels,
}: {
  title: string
  rows: ChartRow[]
  labels: { category: string; count: string; small: string }
}) {
  const id = useId()
  const numeric = rows.map((row) => (typeof row.count === 'number' ? row.count : 0))
  const max = Math.max(5, ...numeric)
  const height = rows.length * ROW_HEIGHT
  const y = scaleBand({ domain: rows.map((r) => r.label), range: [0, height], padding: 0.2 })
  const x = scaleLinear({ domain: [0, max], range: [0, WIDTH - LABEL_WIDTH - 60] })
  const text = (count: SuppressedCount) => (typeof count === 'number' ? String(count) : labels.small)
  return (
    <figure className="statistics-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        aria-hidden="true"
        focusable="false"
      >
        {rows.map((row) => {
          const top = y(row.label) ?? 0
          const width = typeof row.count === 'number' ? x(row.count) : 0
          return (
            <Group key={row.label} top={top}>
              <text x={LABEL_WIDTH - 8} y={y.bandwidth() / 2} textAnchor="end" dominantBaseline="middle">
                {row.label}
              </text>
              <Bar
                x={LABEL_WIDTH}
                y={0}
                width={width}
                height={y.bandwidth()}
                className={`statistics-bar statistics-bar-${row.tone ?? 'plain'}`}
              />
              <text x={LABEL_WIDTH + width + 6} y={y.bandwidth() / 2} dominantBaseline="middle">
                {text(row.count)}
              </text>
            </Group>
          )
        })}
      </svg>
      <table className="statistics-table">
        <thead>
          <tr>
            <th scope="col">{labels.category}</th>
            <th scope="col">{labels.count}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{text(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
