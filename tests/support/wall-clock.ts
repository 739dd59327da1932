/**
 * Date (`YYYY-MM-DD`) and time (`HH:MM`) a clock in the zone shows at the instant; computed
 * independently of the portal's zoned-time code, so tests can check it.
 */
export function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** The date `days` after today in the zone, as `YYYY-MM-DD`. */
export function daysAheadIn(timeZone: string, days: number): string {
  const today = wallClock(new Date(), timeZone).date
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 24 * 3600_000).toISOString().slice(0, 10)
}
