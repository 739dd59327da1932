/**
 * Wall-clock date and time in a named time zone ↔ instants, with `Intl.DateTimeFormat` as
 * the only source of time-zone rules (no date library). Dates are `YYYY-MM-DD` and times
 * `HH:MM` as `<input type="date">` and `<input type="time">` produce them.
 */

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

/** A calendar day and a time of day, as the user reads them on a clock in some time zone. */
export interface WallClock {
  /** `YYYY-MM-DD` */
  date: string
  /** `HH:MM` */
  time: string
}

/**
 * What a wall-clock time in a zone means:
 * - `exact`: one instant.
 * - `ambiguous`: the clocks were put back, so the time happened twice (`earlier`, `later`).
 * - `skipped`: the clocks were put forward over it, so it never happened that day.
 * - `invalid`: not a date or not a time at all (31 February, 25:00).
 */
export type ZonedResolution =
  | { kind: 'exact'; instant: Date }
  | { kind: 'ambiguous'; earlier: Date; later: Date }
  | { kind: 'skipped' }
  | { kind: 'invalid' }

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** Whether the runtime knows the IANA time zone (e.g. `Europe/Berlin`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall clock of `instant` in `timeZone`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value
  const yearOfEra = Number(fields.year)
  const year = fields.era === 'BC' || fields.era === 'B' ? 1 - yearOfEra : yearOfEra
  // Some engines still say 24 for midnight despite h23.
  const hour = Number(fields.hour) % 24
  const utc = new Date(0)
  utc.setUTCFullYear(year, Number(fields.month) - 1, Number(fields.day))
  utc.setUTCHours(hour, Number(fields.minute), Number(fields.second), 0)
  return utc.getTime()
}

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in winter: +3 600 000). */
export function zoneOffsetMs(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  const whole = Math.floor(ms / 1000) * 1000
  return wallClockMs(whole, timeZone) - whole
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/

/** `YYYY-MM-DD` → milliseconds of that day's UTC midnight, or undefined when no such day exists. */
export function parseDate(date: string): number | undefined {
  const match = DATE.exec(date)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return undefined
  return utc.getTime()
}

/** `HH:MM` (or `HH:MM:SS`) → milliseconds since midnight, or undefined when it is no time of day. */
export function parseTime(time: string): number | undefined {
  const match = TIME.exec(time)
  if (!match) return undefined
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)]
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined
  return ((hours * 60 + minutes) * 60 + seconds) * 1000
}

/**
 * The instant(s) at which a clock in `timeZone` shows `date` and `time`.
 *
 * The wall clock read as if it were UTC is off from the true instant by the zone's offset,
 * and that offset is one of the offsets in force within a day either side of it (zones
 * change their offset at most once in such a window). Each such offset gives a candidate;
 * a candidate counts when the zone really shows that wall clock at it. None: the time was
 * skipped; two: it happened twice.
 */
export function resolveWallClock(date: string, time: string, timeZone: string): ZonedResolution {
  const day = parseDate(date)
  const timeOfDay = parseTime(time)
  if (day === undefined || timeOfDay === undefined) return { kind: 'invalid' }
  const wall = day + timeOfDay
  const offsets = new Set([zoneOffsetMs(wall - DAY_MS, timeZone), zoneOffsetMs(wall + DAY_MS, timeZone)])
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockMs(instant, timeZone) === wall)
    .sort((a, b) => a - b)
  const [first, second] = instants
  if (first === undefined) return { kind: 'skipped' }
  if (second === undefined || second === first) return { kind: 'exact', instant: new Date(first) }
  return { kind: 'ambiguous', earlier: new Date(first), later: new Date(second) }
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0')

/** The date and time (to the minute) a clock in `timeZone` shows at `instant`. */
export function toWallClock(instant: Date | number, timeZone: string): WallClock {
  const wall = new Date(wallClockMs(typeof instant === 'number' ? instant : instant.getTime(), timeZone))
  const year = wall.getUTCFullYear()
  return {
    date: `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  }
}

/** The calendar day `days` after `date` (`YYYY-MM-DD`); plain calendar arithmetic, no time zone. */
export function addDays(date: string, days: number): string {
  const day = parseDate(date)
  if (day === undefined) throw new RangeError(`not a date: ${date}`)
  return toWallClock(day + days * DAY_MS, 'UTC').date
}
