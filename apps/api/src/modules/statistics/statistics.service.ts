import type { StatisticsReport, SuppressedCount } from '@videotermin/contracts'
import type { DailyStatisticsRow } from './statistics.repository.ts'

/** Counts under this are never shown: a small number could point to a person. */
export const SMALLEST_SHOWN = 5

/** A count as it may leave the server: the exact number only from 5 on. */
export function suppress(count: number): SuppressedCount {
  return count < SMALLEST_SHOWN ? '< 5' : count
}

const sumCounts = (rows: Record<string, number>[]) => {
  const total: Record<string, number> = {}
  for (const row of rows) for (const [key, n] of Object.entries(row)) total[key] = (total[key] ?? 0) + n
  return total
}

const named = (counts: Record<string, number>, order: string[] = []) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => (order.length ? order.indexOf(a) - order.indexOf(b) : y - x || a.localeCompare(b)))
    .map(([key, n]) => ({ key, count: suppress(n) }))

const average = (sum: number, count: number) => (count < SMALLEST_SHOWN ? null : Math.round((sum / count) * 10) / 10)

/**
 * Turns daily aggregates into the report the admin sees. Every count passes `suppress`
 * here, so the raw small numbers never leave the server; averages and medians of fewer than
 * five are left out too.
 */
export function buildReport(from: string, to: string, rows: DailyStatisticsRow[]): StatisticsReport {
  const total = (pick: (row: DailyStatisticsRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0)
  const satisfactionCount = total((r) => r.satisfaction_count)
  const avQualityCount = total((r) => r.av_quality_count)
  const useAgain = sumCounts(rows.map((r) => r.use_again))
  return {
    from,
    to,
    totals: {
      appointmentsHeld: suppress(total((r) => r.appointments_held)),
      noShows: suppress(total((r) => r.no_shows)),
      cancellations: suppress(total((r) => r.cancellations)),
    },
    days: rows.map((row) => ({
      day: row.day,
      appointmentsHeld: suppress(row.appointments_held),
      noShows: suppress(row.no_shows),
      cancellations: suppress(row.cancellations),
      durationMedianMinutes: row.appointments_held < SMALLEST_SHOWN ? null : row.duration_median_minutes,
    })),
    deviceChecks: {
      green: suppress(total((r) => r.checks_green)),
      yellow: suppress(total((r) => r.checks_yellow)),
      red: suppress(total((r) => r.checks_red)),
    },
    browsers: named(sumCounts(rows.map((r) => r.browsers))),
    operatingSystems: named(sumCounts(rows.map((r) => r.operating_systems))),
    connections: named(sumCounts(rows.map((r) => r.connections)), ['udp', 'tcp', 'turn', 'none']),
    survey: {
      responses: suppress(total((r) => r.survey_count)),
      satisfactionAverage: average(
        total((r) => r.satisfaction_sum),
        satisfactionCount,
      ),
      avQualityAverage: average(
        total((r) => r.av_quality_sum),
        avQualityCount,
      ),
      useAgain: {
        yes: suppress(useAgain.yes ?? 0),
        no: suppress(useAgain.no ?? 0),
        unsure: suppress(useAgain.unsure ?? 0),
      },
    },
  }
}
