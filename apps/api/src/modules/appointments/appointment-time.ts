import { ErrorCode } from '@videotermin/contracts'
import { AppError } from '../../errors.ts'

/**
 * A `date-time` string from a request, as a Date. The schemas' format admits strings no Date
 * can hold (a leap second, `23:59:60`): refused here with a 400, before any query sees them.
 */
export function dateTimeFromRequest(value: string, what: string): Date {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new AppError(ErrorCode.badRequest, `${what} is not a valid point in time.`)
  return date
}

/** The start a booking or a move asks for; an appointment that would be over already is refused. */
export function requestedStart(input: { startsAt: string; durationMinutes: number }, now: Date): Date {
  const startsAt = dateTimeFromRequest(input.startsAt, 'The start time')
  if (startsAt.getTime() + input.durationMinutes * 60_000 <= now.getTime()) {
    throw new AppError(ErrorCode.badRequest, 'The appointment would be over already: choose a later time.')
  }
  return startsAt
}
