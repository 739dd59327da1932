import type { StatisticsReport } from '@videotermin/contracts'
import { useEffect, useState } from 'react'
import { api } from '../../../api/client.ts'

export interface DateRange {
  from: string
  to: string
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant)
}

/** The last 30 days up to today, in the organisation's time zone. */
export function lastThirtyDays(now: Date, timeZone: string): DateRange {
  return { from: dayIn(new Date(now.getTime() - 29 * 86_400_000), timeZone), to: dayIn(now, timeZone) }
}

/** A range the API accepts: from ≤ to, at most 366 days. */
export function isValidRange(range: DateRange): boolean {
  const from = Date.parse(`${range.from}T00:00:00Z`)
  const to = Date.parse(`${range.to}T00:00:00Z`)
  return !Number.isNaN(from) && !Number.isNaN(to) && from <= to && to - from <= 366 * 86_400_000
}

type State = { state: 'loading' } | { state: 'loaded'; report: StatisticsReport } | { state: 'failed' }

/** Loads the organisation's statistics for a range; reloads when the range changes. */
export function useStatistics(range: DateRange): State {
  const [state, setState] = useState<State>({ state: 'loading' })
  useEffect(() => {
    let current = true
    setState({ state: 'loading' })
    const query = new URLSearchParams({ from: range.from, to: range.to })
    api<StatisticsReport>('GET', `/api/staff/statistics?${query}`)
      .then((report) => current && setState({ state: 'loaded', report }))
      .catch(() => current && setState({ state: 'failed' }))
    return () => {
      current = false
    }
  }, [range.from, range.to])
  return state
}
