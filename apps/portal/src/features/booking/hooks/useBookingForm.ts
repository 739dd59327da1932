import type { BookAppointmentBody, StaffAppointment, StaffSession } from '@videotermin/contracts'
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, api } from '../../../api/client.ts'
import {
  type BookingValues,
  type CitizenLanguage,
  checkBooking,
  emptyParticipant,
  explainServerError,
  type FieldErrors,
  initialValues,
  MAX_FURTHER_PARTICIPANTS,
  type ParticipantErrors,
  type ParticipantValues,
  type ServerExplanation,
} from '../booking-form.ts'

export interface ServerFailure extends ServerExplanation {
  /** The API's own message, shown inside a sentence of ours. */
  message: string
}

/** Someone who gets an invitation, as the confirmation lists them. */
export interface Invitee {
  role: ParticipantValues['role'] | 'citizen'
  name: string
  email: string
}

export interface Booked {
  appointment: StaffAppointment
  invitees: Invitee[]
}

/** Where the focus goes after the next render: the summary, the confirmation, or an element by id. */
type FocusTarget = { target: 'summary' } | { target: 'confirmation' } | { target: 'element'; id: string }

function postBooking(body: BookAppointmentBody): Promise<StaffAppointment> {
  return api<StaffAppointment>('POST', '/api/staff/appointments', body)
}

/** The id of a further participant's input; the form and the focus handling share it. */
export const participantInputId = (key: string, field: string) => `booking-participant-${key}-${field}`

/**
 * The booking form's state: values, checks (shown from the first submit on, then kept
 * current while the advisor corrects), further participants, the request, and the outcome.
 * Focus moves to the error summary after a refused submit, to the confirmation after a
 * booking, and to the new row (or the add button) when participants are added or removed.
 */
export function useBookingForm(session: StaffSession) {
  const { timeZone } = session.user.organisation
  const languages = session.user.organisation.languages as readonly CitizenLanguage[]
  const selfId = session.user.id
  const context = useMemo(() => ({ timeZone, languages, selfId }), [timeZone, languages, selfId])
  const [values, setValues] = useState<BookingValues>(() =>
    initialValues(new Date(), timeZone, { advisorId: selfId, languages }),
  )
  const [showErrors, setShowErrors] = useState(false)
  const [serverFailure, setServerFailure] = useState<ServerFailure>()
  const [submitting, setSubmitting] = useState(false)
  const [booked, setBooked] = useState<Booked>()
  const [focusTarget, setFocusTarget] = useState<FocusTarget & { tick: number }>()
  const summaryRef = useRef<HTMLElement>(null)
  const confirmationRef = useRef<HTMLHeadingElement>(null)
  const nextKey = useRef(1)
  const inFlight = useRef(false)

  // `now` moves on between renders; the submit checks again with a fresh clock.
  const check = useMemo(() => checkBooking(values, { now: new Date(), ...context }), [values, context])

  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = showErrors ? { ...check.errors } : {}
    if (serverFailure?.field && serverFailure.fieldError && !shown[serverFailure.field]) {
      shown[serverFailure.field] = serverFailure.fieldError
    }
    return shown
  }, [showErrors, check.errors, serverFailure])

  const participantErrors: ParticipantErrors[] = useMemo(
    () =>
      check.participantErrors.map((rowErrors, index) => {
        const shown: ParticipantErrors = showErrors ? { ...rowErrors } : {}
        const named = serverFailure?.participant
        if (named?.index === index && serverFailure?.fieldError && !shown[named.field]) {
          shown[named.field] = serverFailure.fieldError
        }
        return shown
      }),
    [showErrors, check.participantErrors, serverFailure],
  )

  useEffect(() => {
    if (!focusTarget) return
    let element: HTMLElement | null = null
    if (focusTarget.target === 'summary') element = summaryRef.current
    else if (focusTarget.target === 'confirmation') element = confirmationRef.current
    else element = document.getElementById(focusTarget.id)
    element?.focus()
  }, [focusTarget])

  const moveFocus = (target: FocusTarget) =>
    setFocusTarget((previous) => ({ ...target, tick: (previous?.tick ?? 0) + 1 }))

  const setValue = useCallback(<K extends keyof BookingValues>(field: K, value: BookingValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }))
    // A server complaint about a field is answered by changing it.
    setServerFailure((previous) => (previous?.field === field ? undefined : previous))
  }, [])

  const setParticipantValue = <K extends keyof ParticipantValues>(
    key: string,
    field: K,
    value: ParticipantValues[K],
  ) => {
    const index = values.furtherParticipants.findIndex((participant) => participant.key === key)
    setValues((previous) => ({
      ...previous,
      furtherParticipants: previous.furtherParticipants.map((participant) =>
        participant.key === key ? { ...participant, [field]: value } : participant,
      ),
    }))
    setServerFailure((failure) =>
      failure?.participant?.index === index && failure.participant.field === field ? undefined : failure,
    )
  }

  const addParticipant = () => {
    if (values.furtherParticipants.length >= MAX_FURTHER_PARTICIPANTS) return
    const key = `p${nextKey.current++}`
    setValues((previous) => ({
      ...previous,
      furtherParticipants: [...previous.furtherParticipants, emptyParticipant(key, languages)],
    }))
    // Rows shift: a server complaint about a row no longer points to the right one.
    setServerFailure((previous) => (previous?.participant ? undefined : previous))
    moveFocus({ target: 'element', id: participantInputId(key, 'role') })
  }

  const removeParticipant = (key: string) => {
    setValues((previous) => ({
      ...previous,
      furtherParticipants: previous.furtherParticipants.filter((participant) => participant.key !== key),
    }))
    setServerFailure((previous) => (previous?.participant ? undefined : previous))
    moveFocus({ target: 'element', id: 'booking-add-participant' })
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (inFlight.current) return
    const fresh = checkBooking(values, { now: new Date(), ...context })
    setShowErrors(true)
    setServerFailure(undefined)
    if (!fresh.body) {
      moveFocus({ target: 'summary' })
      return
    }
    inFlight.current = true
    setSubmitting(true)
    try {
      const appointment = await postBooking(fresh.body)
      const { citizen, furtherParticipants = [] } = fresh.body
      setBooked({
        appointment,
        invitees: [
          { role: 'citizen', name: `${citizen.firstName} ${citizen.lastName}`, email: citizen.email },
          ...furtherParticipants.map((participant) => ({
            role: participant.role,
            name: `${participant.firstName} ${participant.lastName}`,
            email: participant.email,
          })),
        ],
      })
      setShowErrors(false)
      moveFocus({ target: 'confirmation' })
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', 500, String(error))
      setServerFailure({ ...explainServerError(apiError), message: apiError.message })
      moveFocus({ target: 'summary' })
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  /** A fresh form for the next booking; keeps the day, duration, language and advisor, which often repeat. */
  const bookAnother = () => {
    setValues((previous) => ({
      ...initialValues(new Date(), timeZone, { advisorId: previous.advisorId, languages }),
      date: previous.date,
      durationMinutes: previous.durationMinutes,
      language: previous.language,
    }))
    setBooked(undefined)
    setShowErrors(false)
    setServerFailure(undefined)
    moveFocus({ target: 'element', id: 'booking-firstName' })
  }

  return {
    values,
    languages,
    setValue,
    setParticipantValue,
    addParticipant,
    removeParticipant,
    check,
    errors,
    participantErrors,
    serverFailure,
    submitting,
    booked,
    submit,
    bookAnother,
    refs: { summaryRef, confirmationRef },
  }
}
