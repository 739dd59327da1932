import type {
  RescheduleAppointmentBody,
  StaffAppointment,
  StaffAppointmentDetail,
  StaffAppointmentList,
  StaffSession,
} from '@videotermin/contracts'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, api } from '../../../api/client.ts'
import { currentSlotValues, durationChoices } from '../appointment-change.ts'
import { checkSlot, explainServerError, type SlotErrors, type SlotField, type SlotValues } from '../booking-form.ts'
import type { ServerFailure } from './useBookingForm.ts'

export function rescheduleAppointment(appointmentId: string, body: RescheduleAppointmentBody) {
  return api<StaffAppointment>('PATCH', `/api/staff/appointments/${appointmentId}`, body)
}

export function cancelAppointment(appointmentId: string) {
  return api<StaffAppointment>('POST', `/api/staff/appointments/${appointmentId}/cancel`)
}

const failureOf = (error: unknown): ServerFailure => {
  const apiError = error instanceof ApiError ? error : new ApiError('internal', 500, String(error))
  return { ...explainServerError(apiError), message: apiError.message }
}

/**
 * Whose appointment this is, for the double-booking warning. An advisor can only open their
 * own; an admin's may be anyone's, and the detail does not say, so the list entry of the
 * appointment's start minute is asked for it.
 */
export function useAppointmentAdvisor(session: StaffSession, appointmentId: string, startsAt: string | undefined) {
  const isAdmin = session.user.role === 'admin'
  const [advisor, setAdvisor] = useState<StaffAppointment['advisor']>()
  useEffect(() => {
    if (!isAdmin || !startsAt) return
    let current = true
    const from = new Date(startsAt)
    const query = new URLSearchParams({ from: from.toISOString(), to: new Date(from.getTime() + 1).toISOString() })
    api<StaffAppointmentList>('GET', `/api/staff/appointments?${query}`)
      .then((list) => {
        const found = list.appointments.find((appointment) => appointment.id === appointmentId)
        if (current && found) setAdvisor(found.advisor)
      })
      .catch(() => {})
    return () => {
      current = false
    }
  }, [isAdmin, appointmentId, startsAt])
  if (!isAdmin) return { id: session.user.id, displayName: session.user.displayName }
  return advisor
}

/**
 * The "move appointment" form: starts at the current slot, checks like the booking form
 * (`checkSlot`), sends the PATCH, and reports the moved appointment or why it failed. Errors
 * show from the first submit on; the summary takes the focus after a refused submit.
 */
export function useMoveForm(
  appointment: StaffAppointmentDetail,
  timeZone: string,
  onMoved: (moved: StaffAppointment) => void,
  onClosed: () => void,
) {
  const [values, setValues] = useState<SlotValues>(() => currentSlotValues(appointment, timeZone))
  const durations = useMemo(() => durationChoices(appointment.durationMinutes), [appointment.durationMinutes])
  const [showErrors, setShowErrors] = useState(false)
  const [serverFailure, setServerFailure] = useState<ServerFailure>()
  const [submitting, setSubmitting] = useState(false)
  const [focusTick, setFocusTick] = useState(0)
  const summaryRef = useRef<HTMLElement>(null)
  const inFlight = useRef(false)

  const check = useMemo(
    () => checkSlot(values, { now: new Date(), timeZone, durations }),
    [values, timeZone, durations],
  )
  const errors: SlotErrors = useMemo(() => {
    const shown: SlotErrors = showErrors ? { ...check.errors } : {}
    const field = serverFailure?.field
    if ((field === 'date' || field === 'time' || field === 'durationMinutes') && serverFailure?.fieldError) {
      shown[field] ??= serverFailure.fieldError
    }
    return shown
  }, [showErrors, check.errors, serverFailure])

  useEffect(() => {
    if (focusTick > 0) summaryRef.current?.focus()
  }, [focusTick])

  const setValue = (field: SlotField, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }))
    setServerFailure((previous) => (previous?.field === field ? undefined : previous))
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (inFlight.current) return
    const fresh = checkSlot(values, { now: new Date(), timeZone, durations })
    setShowErrors(true)
    setServerFailure(undefined)
    if (!fresh.start || fresh.durationMinutes === undefined || Object.keys(fresh.errors).length > 0) {
      setFocusTick((tick) => tick + 1)
      return
    }
    inFlight.current = true
    setSubmitting(true)
    try {
      const moved = await rescheduleAppointment(appointment.id, {
        startsAt: fresh.start.toISOString(),
        durationMinutes: fresh.durationMinutes,
      })
      onMoved(moved)
    } catch (error) {
      const failure = failureOf(error)
      setServerFailure(failure)
      setFocusTick((tick) => tick + 1)
      // Cancelled or over meanwhile: the page should show that.
      if (failure.problem === 'closed') onClosed()
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  return { values, setValue, durations, check, errors, serverFailure, submitting, submit, summaryRef }
}

/** Cancelling: the request, its state, and why it failed. */
export function useCancel(appointmentId: string, onCancelled: () => void, onClosed: () => void) {
  const [submitting, setSubmitting] = useState(false)
  const [failure, setFailure] = useState<ServerFailure>()
  const confirm = async () => {
    if (submitting) return
    setSubmitting(true)
    setFailure(undefined)
    try {
      await cancelAppointment(appointmentId)
      onCancelled()
    } catch (error) {
      const next = failureOf(error)
      setFailure(next)
      if (next.problem === 'closed') onClosed()
    } finally {
      setSubmitting(false)
    }
  }
  return { submitting, failure, confirm, reset: () => setFailure(undefined) }
}
