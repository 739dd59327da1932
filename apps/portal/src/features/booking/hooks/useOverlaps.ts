import type { StaffAppointment, StaffAppointmentList } from '@videotermin/contracts'
import { useEffect, useState } from 'react'
import { api } from '../../../api/client.ts'
import { overlappingAppointments, overlapQueryWindow } from '../overlap.ts'

// Wait until typing pauses before asking the API.
const DEBOUNCE_MS = 300

export type OverlapCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'done'; overlaps: StaffAppointment[] }
  | { state: 'failed' }

function fetchAppointmentsStarting(from: Date, to: Date): Promise<StaffAppointmentList> {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })
  return api<StaffAppointmentList>('GET', `/api/staff/appointments?${query}`)
}

/**
 * The chosen advisor's appointments that overlap the slot, fetched from the list endpoint
 * for just the window in which an overlapping one could start (an admin's list holds every
 * advisor's, so it is filtered by `advisorId`). `exceptId` leaves out the appointment being
 * moved. Only ever a warning: the advisor may book over it.
 */
export function useOverlaps(
  start: Date | undefined,
  durationMinutes: number | undefined,
  advisorId: string | undefined,
  exceptId?: string,
) {
  const [check, setCheck] = useState<OverlapCheck>({ state: 'idle' })
  const startMs = start?.getTime()

  useEffect(() => {
    if (startMs === undefined || durationMinutes === undefined || !advisorId) {
      setCheck({ state: 'idle' })
      return
    }
    let current = true
    setCheck({ state: 'checking' })
    const slot = { start: new Date(startMs), durationMinutes }
    const timer = window.setTimeout(() => {
      const { from, to } = overlapQueryWindow(slot)
      fetchAppointmentsStarting(from, to)
        .then((list) => {
          if (current)
            setCheck({ state: 'done', overlaps: overlappingAppointments(list.appointments, slot, advisorId, exceptId) })
        })
        .catch(() => {
          if (current) setCheck({ state: 'failed' })
        })
    }, DEBOUNCE_MS)
    return () => {
      current = false
      window.clearTimeout(timer)
    }
  }, [startMs, durationMinutes, advisorId, exceptId])

  return check
}
