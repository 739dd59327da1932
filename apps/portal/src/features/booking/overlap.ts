import type { StaffAppointment } from '@videotermin/contracts'

const MINUTE_MS = 60_000

/** The longest appointment the API accepts; bounds how far back an overlapping one can start. */
export const MAX_DURATION_MINUTES = 240

export interface TimeSlot {
  start: Date
  durationMinutes: number
}

export const slotEnd = (slot: TimeSlot) => new Date(slot.start.getTime() + slot.durationMinutes * MINUTE_MS)

/**
 * The range of start times to ask the list endpoint for: any appointment overlapping the slot
 * starts before the slot ends and at most the longest duration before the slot starts.
 */
export function overlapQueryWindow(slot: TimeSlot): { from: Date; to: Date } {
  return { from: new Date(slot.start.getTime() - MAX_DURATION_MINUTES * MINUTE_MS), to: slotEnd(slot) }
}

/**
 * The advisor's scheduled appointments that share time with the slot, earliest first.
 * Touching ends (one ends at 10:00, the next starts at 10:00) do not overlap. Cancelled
 * appointments and other advisors' (admins see the whole organisation's list) do not count,
 * nor does the appointment being moved (`exceptId`).
 */
export function overlappingAppointments(
  appointments: readonly StaffAppointment[],
  slot: TimeSlot,
  advisorId: string,
  exceptId?: string,
): StaffAppointment[] {
  const start = slot.start.getTime()
  const end = slotEnd(slot).getTime()
  return appointments
    .filter((appointment) => {
      if (appointment.status === 'cancelled' || appointment.advisor.id !== advisorId) return false
      if (appointment.id === exceptId) return false
      const otherStart = Date.parse(appointment.startsAt)
      const otherEnd = otherStart + appointment.durationMinutes * MINUTE_MS
      return otherStart < end && start < otherEnd
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
}
