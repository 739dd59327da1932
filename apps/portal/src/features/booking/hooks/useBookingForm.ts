import type { BookAppointmentBody, StaffAppointment } from '@videotermin/contracts'
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, api } from '../../../api/client.ts'
import {
  type BookingValues,
  checkBooking,
  explainServerError,
  type Field,
  type FieldError,
  type FieldErrors,
  initialValues,
  type ServerProblem,
} from '../booking-form.ts'

export interface ServerFailure {
  problem: ServerProblem
  /** The API's own message, shown inside a sentence of ours. */
  message: string
  field?: Field
  fieldError?: FieldError
}

export interface Booked {
  appointment: StaffAppointment
  email: string
}

function postBooking(body: BookAppointmentBody): Promise<StaffAppointment> {
  return api<StaffAppointment>('POST', '/api/staff/appointments', body)
}

/**
 * The booking form's state: values, checks (shown from the first submit on, then kept
 * current while the advisor corrects), the request, and the outcome. Focus moves to the
 * error summary after a refused submit and to the confirmation after a booking.
 */
export function useBookingForm(timeZone: string) {
  const [values, setValues] = useState<BookingValues>(() => initialValues(new Date(), timeZone))
  const [showErrors, setShowErrors] = useState(false)
  const [serverFailure, setServerFailure] = useState<ServerFailure>()
  const [submitting, setSubmitting] = useState(false)
  const [booked, setBooked] = useState<Booked>()
  const [focusTarget, setFocusTarget] = useState<{ target: 'summary' | 'confirmation' | 'form'; tick: number }>()
  const summaryRef = useRef<HTMLDivElement>(null)
  const confirmationRef = useRef<HTMLHeadingElement>(null)
  const firstFieldRef = useRef<HTMLInputElement>(null)
  const inFlight = useRef(false)

  // `now` moves on between renders; the submit checks again with a fresh clock.
  const check = useMemo(() => checkBooking(values, { now: new Date(), timeZone }), [values, timeZone])

  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = showErrors ? { ...check.errors } : {}
    if (serverFailure?.field && serverFailure.fieldError && !shown[serverFailure.field]) {
      shown[serverFailure.field] = serverFailure.fieldError
    }
    return shown
  }, [showErrors, check.errors, serverFailure])

  useEffect(() => {
    if (!focusTarget) return
    const element =
      focusTarget.target === 'summary'
        ? summaryRef.current
        : focusTarget.target === 'confirmation'
          ? confirmationRef.current
          : firstFieldRef.current
    element?.focus()
  }, [focusTarget])

  const moveFocus = (target: 'summary' | 'confirmation' | 'form') =>
    setFocusTarget((previous) => ({ target, tick: (previous?.tick ?? 0) + 1 }))

  const setValue = useCallback(<K extends keyof BookingValues>(field: K, value: BookingValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }))
    // A server complaint about a field is answered by changing it.
    setServerFailure((previous) => (previous?.field === field ? undefined : previous))
  }, [])

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (inFlight.current) return
    const fresh = checkBooking(values, { now: new Date(), timeZone })
    setShowErrors(true)
    setServerFailure(undefined)
    if (!fresh.body) {
      moveFocus('summary')
      return
    }
    inFlight.current = true
    setSubmitting(true)
    try {
      const appointment = await postBooking(fresh.body)
      setBooked({ appointment, email: fresh.body.citizen.email })
      setShowErrors(false)
      moveFocus('confirmation')
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', 500, String(error))
      setServerFailure({ ...explainServerError(apiError), message: apiError.message })
      moveFocus('summary')
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  /** A fresh form for the next booking; keeps the day, duration and language, which often repeat. */
  const bookAnother = () => {
    setValues((previous) => ({
      ...initialValues(new Date(), timeZone),
      date: previous.date,
      durationMinutes: previous.durationMinutes,
      language: previous.language,
    }))
    setBooked(undefined)
    setShowErrors(false)
    setServerFailure(undefined)
    moveFocus('form')
  }

  return {
    values,
    setValue,
    check,
    errors,
    serverFailure,
    submitting,
    booked,
    submit,
    bookAnother,
    refs: { summaryRef, confirmationRef, firstFieldRef },
  }
}
