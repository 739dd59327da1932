import type { StatisticsReport } from '@videotermin/contracts'
import { Group } from '@visx/group'
import { scaleBand, scaleLinear } from '@visx/scale'
import { Bar } from '@visx/shape'
import { useId } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

const WIDTH = 640
const HEIGHT = 180
const BOTTOM = 22

/** Calls held per day as columns (visx), and every daily figure in the table below it. */
export function DailyChart({ days }: { days: StatisticsReport['days'] }) {
  const { t } = useI18n()
  const id = useId()
  const small = t('statistics.small')
  const numeric = days.map((d) => (typeof d.appointmentsHeld === 'number' ? d.appointmentsHeld : 0))
  const x = scaleBand({ domain: days.map((d) => d.day), range: [0, WIDTH], padding: 0.25 })
  const y = scaleLinear({ domain: [0, Math.max(5, ...numeric)], range: [HEIGHT - BOTTOM, 0] })
  const show = (count: number | string) => (typeof count === 'number' ? String(count) : small)
  // Label only a few days under the columns, or they overlap.
  const every = Math.max(1, Math.ceil(days.length / 8))
  return (
    <figure className="statistics-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        {t('statistics.perDay')} ({t('statistics.held')})
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        aria-hidden="true"
        focusable="false"
      >
        {days.map((d, index) => {
          const left = x(d.day) ?? 0
          const value = typeof d.appointmentsHeld === 'number' ? d.appointmentsHeld : 0
          return (
            <Group key={d.day} left={left}>
              <Bar
                x={0}
                y={y(value)}
                width={x.bandwidth()}
                height={HEIGHT - BOTTOM - y(value)}
                className="statistics-bar statistics-bar-plain"
              />
              {value === 0 && (
                <text x={x.bandwidth() / 2} y={HEIGHT - BOTTOM - 4} textAnchor="middle" className="statistics-small">
                  {small}
                </text>
              )}
              {index % every === 0 && (
                <text x={x.bandwidth() / 2} y={HEIGHT - 6} textAnchor="middle">
                  {d.day.slice(5)}
                </text>
              )}
            </Group>
          )
        })}
      </svg>
      <table className="statistics-table">
        <thead>
          <tr>
            <th scope="col">{t('statistics.day')}</th>
            <th scope="col">{t('statistics.held')}</th>
            <th scope="col">{t('statistics.noShows')}</th>
            <th scope="col">{t('statistics.cancellations')}</th>
            <th scope="col">{t('statistics.durationMedian')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{show(d.appointmentsHeld)}</td>
              <td>{show(d.noShows)}</td>
              <td>{show(d.cancellations)}</td>
              <td>
                {d.durationMedianMinutes === null
                  ? t('statistics.notShown')
                  : t('statistics.minutes', { minutes: String(d.durationMedianMinutes) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
