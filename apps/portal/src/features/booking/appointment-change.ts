import { DURATIONS, type SlotValues } from './booking-form.ts'
import { toWallClock } from './zoned-time.ts'

const MINUTE_MS = 60_000

/** The move form starts at the appointment's current date, time and duration on the organisation's clock. */
export function currentSlotValues(
  appointment: { startsAt: string; durationMinutes: number },
  timeZone: string,
): SlotValues {
  const { date, time } = toWallClock(new Date(appointment.startsAt), timeZone)
  return { date, time, durationMinutes: String(appointment.durationMinutes) }
}

/** The durations offered when moving: the usual ones, plus the appointment's own if it is another. */
export function durationChoices(current: number): number[] {
  const usual: readonly number[] = DURATIONS
  return usual.includes(current) ? [...usual] : [...usual, current].sort((a, b) => a - b)
}

/**
 * Whether the appointment can still be moved or cancelled from its page: booked, not ended,
 * not over, and nobody in a call with the advisor right now (changes wait until the call is done).
 */
export function canChange(
  appointment: {
    status: 'scheduled' | 'cancelled'
    ended: boolean
    startsAt: string
    durationMinutes: number
    participants: readonly { status: string }[]
  },
  now: Date,
  inCall: boolean,
): boolean {
  if (appointment.status !== 'scheduled' || appointment.ended || inCall) return false
  if (Date.parse(appointment.startsAt) + appointment.durationMinutes * MINUTE_MS <= now.getTime()) return false
  return !appointment.participants.some((participant) => participant.status === 'admitted')
}
