import type { BookAppointmentBody, ErrorCode } from '@videotermin/contracts'
import { addDays, parseDate, parseTime, resolveWallClock, toWallClock } from './zoned-time.ts'

/** The citizen's fields (and the advisor), before and after the further participants in the form. */
const FIELDS_BEFORE_PARTICIPANTS = ['firstName', 'lastName', 'email', 'customerNumber', 'language'] as const
const FIELDS_AFTER_PARTICIPANTS = ['advisorId', 'date', 'time', 'durationMinutes'] as const
/** The form's own fields, in the order they appear (the error summary lists them in this order). */
export const FIELDS = [...FIELDS_BEFORE_PARTICIPANTS, ...FIELDS_AFTER_PARTICIPANTS] as const
export type Field = (typeof FIELDS)[number]
/** Date, time and duration: shared by the booking form and the form that moves an appointment. */
export type SlotField = 'date' | 'time' | 'durationMinutes'
/** A further participant's fields, in the order of their row. */
export const PARTICIPANT_FIELDS = ['role', 'firstName', 'lastName', 'email', 'language'] as const
export type ParticipantField = (typeof PARTICIPANT_FIELDS)[number]

export const DURATIONS = [15, 30, 45, 60, 90] as const
export const DEFAULT_DURATION = 30
/** As many further participants as the API takes. */
export const MAX_FURTHER_PARTICIPANTS = 4

export type CitizenLanguage = 'de' | 'en'
export const ALL_LANGUAGES: readonly CitizenLanguage[] = ['de', 'en']
export const FURTHER_ROLES = ['interpreter', 'trusted_person', 'second_advisor'] as const
export type FurtherRole = (typeof FURTHER_ROLES)[number]

/** One further participant's row, as typed; `key` only tells rows apart on screen. */
export interface ParticipantValues {
  key: string
  role: FurtherRole
  firstName: string
  lastName: string
  email: string
  language: CitizenLanguage
}

/** Date, time and duration as typed. */
export interface SlotValues {
  date: string
  time: string
  durationMinutes: string
}

/** What the inputs hold, as strings, exactly as typed. */
export interface BookingValues extends SlotValues {
  firstName: string
  lastName: string
  email: string
  customerNumber: string
  language: CitizenLanguage
  /** Whose appointment it is; only admins can choose someone else. */
  advisorId: string
  furtherParticipants: ParticipantValues[]
}

/** Why a field is not accepted; each is a message in the catalogue (`booking.errors.*`). */
export type FieldError =
  | 'firstNameMissing'
  | 'firstNameTooLong'
  | 'lastNameMissing'
  | 'lastNameTooLong'
  | 'emailMissing'
  | 'emailInvalid'
  | 'emailTooLong'
  | 'customerNumberInvalid'
  | 'customerNumberTooLong'
  | 'languageInvalid'
  | 'dateMissing'
  | 'dateInvalid'
  | 'dateInPast'
  | 'timeMissing'
  | 'timeInvalid'
  | 'timeSkipped'
  | 'timeInPast'
  | 'durationInvalid'
  | 'roleInvalid'
  | 'advisorInvalid'
  | 'serverRejected'

export type FieldErrors = Partial<Record<Field, FieldError>>
export type SlotErrors = Partial<Record<SlotField, FieldError>>
export type ParticipantErrors = Partial<Record<ParticipantField, FieldError>>

/** Hints that do not stop the booking. */
export type BookingNotice = 'ambiguousTime' | 'alreadyStarted' | 'farAhead'

export interface BookingCheck {
  errors: FieldErrors
  /** One entry per further participant, in their order (empty objects when a row is fine). */
  participantErrors: ParticipantErrors[]
  notices: BookingNotice[]
  /** The start, when date and time name one (even if other fields have errors): drives the overlap check. */
  start?: Date
  /** The request body, only when there are no errors. */
  body?: BookAppointmentBody
}

// Limits of BookAppointmentBody, checked here on the trimmed text the API will receive.
const NAME_MAX = 100
const EMAIL_MAX = 254
const CUSTOMER_NUMBER_MAX = 40
const CUSTOMER_NUMBER = /^[A-Za-z0-9 ./-]+$/
// The e-mail shape the API's schema accepts: dot-separated atoms, '@', dot-separated host labels (at least two).
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i
const FAR_AHEAD_DAYS = 365
const MINUTE_MS = 60_000

/**
 * A fresh form: today's date in the organisation's time zone, no time yet, 30 minutes, the
 * organisation's first language (German where offered), booked for the signed-in advisor.
 */
export function initialValues(
  now: Date,
  timeZone: string,
  defaults: { advisorId: string; languages?: readonly CitizenLanguage[] },
): BookingValues {
  return {
    firstName: '',
    lastName: '',
    email: '',
    customerNumber: '',
    language: defaultLanguage(defaults.languages),
    date: toWallClock(now, timeZone).date,
    time: '',
    durationMinutes: String(DEFAULT_DURATION),
    advisorId: defaults.advisorId,
    furtherParticipants: [],
  }
}

/** The language a new invitation starts in: German where the organisation offers it, else its first. */
export function defaultLanguage(languages: readonly CitizenLanguage[] = ALL_LANGUAGES): CitizenLanguage {
  return languages.includes('de') ? 'de' : (languages[0] ?? 'de')
}

/** An empty further participant's row (an interpreter, the most common case). */
export function emptyParticipant(key: string, languages?: readonly CitizenLanguage[]): ParticipantValues {
  return { key, role: 'interpreter', firstName: '', lastName: '', email: '', language: defaultLanguage(languages) }
}

function checkName(value: string, missing: FieldError, tooLong: FieldError): FieldError | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return missing
  if (trimmed.length > NAME_MAX) return tooLong
  return undefined
}

export function checkEmail(value: string): FieldError | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return 'emailMissing'
  if (trimmed.length > EMAIL_MAX) return 'emailTooLong'
  if (!EMAIL.test(trimmed)) return 'emailInvalid'
  return undefined
}

function checkCustomerNumber(value: string): FieldError | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (trimmed.length > CUSTOMER_NUMBER_MAX) return 'customerNumberTooLong'
  if (!CUSTOMER_NUMBER.test(trimmed)) return 'customerNumberInvalid'
  return undefined
}

function parseDuration(value: string, durations: readonly number[]): number | undefined {
  const minutes = Number(value)
  return value !== '' && durations.includes(minutes) ? minutes : undefined
}

type PersonValues = Pick<ParticipantValues, 'firstName' | 'lastName' | 'email' | 'language'>

/** The rules for anyone invited: the citizen and each further participant alike. */
function checkPerson(
  values: PersonValues,
  languages: readonly CitizenLanguage[],
): Partial<Record<keyof PersonValues, FieldError>> {
  const errors: Partial<Record<keyof PersonValues, FieldError>> = {}
  const set = (field: keyof PersonValues, error: FieldError | undefined) => {
    if (error) errors[field] = error
  }
  set('firstName', checkName(values.firstName, 'firstNameMissing', 'firstNameTooLong'))
  set('lastName', checkName(values.lastName, 'lastNameMissing', 'lastNameTooLong'))
  set('email', checkEmail(values.email))
  if (!languages.includes(values.language)) errors.language = 'languageInvalid'
  return errors
}

const personBody = (values: PersonValues) => ({
  firstName: values.firstName.trim(),
  lastName: values.lastName.trim(),
  email: values.email.trim(),
  language: values.language,
})

export interface SlotCheck {
  errors: SlotErrors
  notices: BookingNotice[]
  /** The start, when date and time name one. */
  start?: Date
  durationMinutes?: number
}

/**
 * Checks date, time and duration. The date and time are read as wall-clock time in the
 * organisation's time zone: a time the clocks skip (spring forward) is refused; one they pass
 * twice (fall back) takes the earlier instant and says so. Like the API, a start in the past is
 * accepted as long as the appointment is not over yet. `durations` are the choices offered.
 */
export function checkSlot(
  values: SlotValues,
  context: { now: Date; timeZone: string; durations?: readonly number[] },
): SlotCheck {
  const errors: SlotErrors = {}
  const notices: BookingNotice[] = []
  const durationMinutes = parseDuration(values.durationMinutes, context.durations ?? DURATIONS)
  if (durationMinutes === undefined) errors.durationMinutes = 'durationInvalid'

  const today = toWallClock(context.now, context.timeZone).date
  let start: Date | undefined
  if (values.date === '') errors.date = 'dateMissing'
  else if (parseDate(values.date) === undefined) errors.date = 'dateInvalid'
  else if (values.date < today) errors.date = 'dateInPast'
  if (values.time === '') errors.time = 'timeMissing'
  else if (parseTime(values.time) === undefined) errors.time = 'timeInvalid'
  else if (!errors.date) {
    const resolution = resolveWallClock(values.date, values.time, context.timeZone)
    if (resolution.kind === 'invalid') errors.time = 'timeInvalid'
    else if (resolution.kind === 'skipped') errors.time = 'timeSkipped'
    else {
      start = resolution.kind === 'exact' ? resolution.instant : resolution.earlier
      if (resolution.kind === 'ambiguous') notices.push('ambiguousTime')
    }
  }

  if (start && durationMinutes !== undefined) {
    const end = start.getTime() + durationMinutes * MINUTE_MS
    if (end <= context.now.getTime()) errors.time = 'timeInPast'
    else if (start.getTime() <= context.now.getTime()) notices.push('alreadyStarted')
  }
  if (start && values.date > addDays(today, FAR_AHEAD_DAYS)) notices.push('farAhead')
  return {
    errors,
    notices,
    ...(start ? { start } : {}),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}),
  }
}

/**
 * Checks the form against the API's rules and builds the request: the citizen and every
 * further participant by the same rules, the languages the organisation offers, and the
 * slot as `checkSlot` reads it. The advisor is sent only when it is someone else (admins).
 */
export function checkBooking(
  values: BookingValues,
  context: { now: Date; timeZone: string; languages?: readonly CitizenLanguage[]; selfId?: string },
): BookingCheck {
  const languages = context.languages ?? ALL_LANGUAGES
  const errors: FieldErrors = { ...checkPerson(values, languages) }
  const customerNumberError = checkCustomerNumber(values.customerNumber)
  if (customerNumberError) errors.customerNumber = customerNumberError
  if (values.advisorId === '') errors.advisorId = 'advisorInvalid'
  const participantErrors = values.furtherParticipants.map((participant) => {
    const rowErrors: ParticipantErrors = checkPerson(participant, languages)
    if (!FURTHER_ROLES.includes(participant.role)) rowErrors.role = 'roleInvalid'
    return rowErrors
  })
  const slot = checkSlot(values, context)
  Object.assign(errors, slot.errors)
  const { start, durationMinutes, notices } = slot

  const valid =
    Object.keys(errors).length === 0 &&
    participantErrors.every((rowErrors) => Object.keys(rowErrors).length === 0) &&
    values.furtherParticipants.length <= MAX_FURTHER_PARTICIPANTS
  if (!valid || !start || durationMinutes === undefined) {
    return { errors, participantErrors, notices, ...(start ? { start } : {}) }
  }
  const customerNumber = values.customerNumber.trim()
  return {
    errors,
    participantErrors,
    notices,
    start,
    body: {
      citizen: { ...personBody(values), ...(customerNumber ? { customerNumber } : {}) },
      ...(values.furtherParticipants.length > 0
        ? {
            furtherParticipants: values.furtherParticipants.map((participant) => ({
              role: participant.role,
              ...personBody(participant),
            })),
          }
        : {}),
      startsAt: start.toISOString(),
      durationMinutes,
      ...(context.selfId !== undefined && values.advisorId !== context.selfId ? { advisorId: values.advisorId } : {}),
    },
  }
}

/** The fields with errors, in the order of the form. */
export function fieldsWithErrors(errors: FieldErrors): Field[] {
  return FIELDS.filter((field) => errors[field] !== undefined)
}

/** One line of the error summary: a field of the form, or of the further participant at `participant`. */
export type ErrorEntry =
  | { field: Field; error: FieldError }
  | { participant: number; field: ParticipantField; error: FieldError }

/** Every error in the order the form shows the fields: the citizen, the further participants, then the appointment. */
export function errorEntries(errors: FieldErrors, participantErrors: readonly ParticipantErrors[]): ErrorEntry[] {
  const own = (fields: readonly Field[]) =>
    fields.flatMap((field) => {
      const error = errors[field]
      return error ? [{ field, error }] : []
    })
  const participants = participantErrors.flatMap((rowErrors, participant) =>
    PARTICIPANT_FIELDS.flatMap((field) => {
      const error = rowErrors[field]
      return error ? [{ participant, field, error }] : []
    }),
  )
  return [...own(FIELDS_BEFORE_PARTICIPANTS), ...participants, ...own(FIELDS_AFTER_PARTICIPANTS)]
}

/** How a refused booking is explained; each kind has a sentence in the catalogue (`booking.server.*`). */
export type ServerProblem =
  | 'rejected'
  | 'closed'
  | 'forbidden'
  | 'signedOut'
  | 'rateLimited'
  | 'network'
  | 'unavailable'
  | 'failed'

// The API's schema errors name the offending property, e.g. "body/citizen/email must match format "email"".
const SCHEMA_PATH: [RegExp, Field][] = [
  [/\/citizen\/firstName\b/, 'firstName'],
  [/\/citizen\/lastName\b/, 'lastName'],
  [/\/citizen\/email\b/, 'email'],
  [/\/citizen\/customerNumber\b/, 'customerNumber'],
  [/\/citizen\/language\b/, 'language'],
  [/\/advisorId\b|chosen advisor/, 'advisorId'],
  [/\/startsAt\b/, 'time'],
  [/\/durationMinutes\b/, 'durationMinutes'],
]

const PARTICIPANT_PATH = /\/furtherParticipants\/(\d+)\/(role|firstName|lastName|email|language)\b/

/** What the advisor is told about a refused request, and the field it points to, if any. */
export interface ServerExplanation {
  problem: ServerProblem
  field?: Field
  /** A further participant's field (by row) that the server named. */
  participant?: { index: number; field: ParticipantField }
  fieldError?: FieldError
}

/**
 * Sorts an API error into something the advisor can act on. A 400 keeps the server's own
 * message (it says what was wrong) and, where the message names a field, marks that field;
 * the API's rule that the appointment must not be over already belongs to the time. A 409
 * means the appointment was cancelled or is over, so it cannot be changed any more.
 */
export function explainServerError(error: {
  code: ErrorCode | 'network'
  status: number
  message: string
}): ServerExplanation {
  if (error.code === 'network') return { problem: 'network' }
  if (error.status === 401 || error.code === 'csrf_failed') return { problem: 'signedOut' }
  if (error.status === 403) return { problem: 'forbidden' }
  if (error.status === 409) return { problem: 'closed' }
  if (error.status === 429) return { problem: 'rateLimited' }
  if (error.status === 400) {
    if (/over already|later time/i.test(error.message))
      return { problem: 'rejected', field: 'time', fieldError: 'timeInPast' }
    const participant = PARTICIPANT_PATH.exec(error.message)
    if (participant) {
      return {
        problem: 'rejected',
        participant: { index: Number(participant[1]), field: participant[2] as ParticipantField },
        fieldError: 'serverRejected',
      }
    }
    const field = SCHEMA_PATH.find(([pattern]) => pattern.test(error.message))?.[1]
    return field ? { problem: 'rejected', field, fieldError: 'serverRejected' } : { problem: 'rejected' }
  }
  if (error.status === 503) return { problem: 'unavailable' }
  return { problem: 'failed' }
}
