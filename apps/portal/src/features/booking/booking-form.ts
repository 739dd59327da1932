import type { BookAppointmentBody, ErrorCode } from '@videotermin/contracts'
import { addDays, parseDate, parseTime, resolveWallClock, toWallClock } from './zoned-time.ts'

/** The form's fields, in the order they appear (the error summary lists them in this order). */
export const FIELDS = [
  'firstName',
  'lastName',
  'email',
  'customerNumber',
  'language',
  'date',
  'time',
  'durationMinutes',
] as const
export type Field = (typeof FIELDS)[number]

export const DURATIONS = [15, 30, 45, 60, 90] as const
export const DEFAULT_DURATION = 30

export type CitizenLanguage = 'de' | 'en'

/** What the inputs hold, as strings, exactly as typed. */
export interface BookingValues {
  firstName: string
  lastName: string
  email: string
  customerNumber: string
  language: CitizenLanguage
  date: string
  time: string
  durationMinutes: string
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
  | 'serverRejected'

export type FieldErrors = Partial<Record<Field, FieldError>>

/** Hints that do not stop the booking. */
export type BookingNotice = 'ambiguousTime' | 'alreadyStarted' | 'farAhead'

export interface BookingCheck {
  errors: FieldErrors
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

/** A fresh form: today's date in the organisation's time zone, no time yet, 30 minutes, German. */
export function initialValues(now: Date, timeZone: string): BookingValues {
  return {
    firstName: '',
    lastName: '',
    email: '',
    customerNumber: '',
    language: 'de',
    date: toWallClock(now, timeZone).date,
    time: '',
    durationMinutes: String(DEFAULT_DURATION),
  }
}

function checkName(value: string, missing: FieldError, tooLong: FieldError): FieldError | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return missing
  if (trimmed.length > NAME_MAX) return tooLong
  return undefined
}

function checkEmail(value: string): FieldError | undefined {
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

function parseDuration(value: string): number | undefined {
  const minutes = Number(value)
  return (DURATIONS as readonly number[]).includes(minutes) ? minutes : undefined
}

/**
 * Checks the form against the API's rules and builds the request. The date and time are
 * read as wall-clock time in the organisation's time zone: a time the clocks skip (spring
 * forward) is refused; one they pass twice (fall back) takes the earlier instant and says so.
 * Like the API, a start in the past is accepted as long as the appointment is not over yet.
 */
export function checkBooking(values: BookingValues, context: { now: Date; timeZone: string }): BookingCheck {
  const errors: FieldErrors = {}
  const notices: BookingNotice[] = []
  const set = (field: Field, error: FieldError | undefined) => {
    if (error) errors[field] = error
  }

  set('firstName', checkName(values.firstName, 'firstNameMissing', 'firstNameTooLong'))
  set('lastName', checkName(values.lastName, 'lastNameMissing', 'lastNameTooLong'))
  set('email', checkEmail(values.email))
  set('customerNumber', checkCustomerNumber(values.customerNumber))
  if (values.language !== 'de' && values.language !== 'en') errors.language = 'languageInvalid'
  const durationMinutes = parseDuration(values.durationMinutes)
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

  if (Object.keys(errors).length > 0 || !start || durationMinutes === undefined) {
    return { errors, notices, ...(start ? { start } : {}) }
  }
  const customerNumber = values.customerNumber.trim()
  return {
    errors,
    notices,
    start,
    body: {
      citizen: {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        email: values.email.trim(),
        ...(customerNumber ? { customerNumber } : {}),
        language: values.language,
      },
      startsAt: start.toISOString(),
      durationMinutes,
    },
  }
}

/** The fields with errors, in the order of the form. */
export function fieldsWithErrors(errors: FieldErrors): Field[] {
  return FIELDS.filter((field) => errors[field] !== undefined)
}

/** How a refused booking is explained; each kind has a sentence in the catalogue (`booking.server.*`). */
export type ServerProblem =
  | 'rejected'
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
  [/\/startsAt\b/, 'time'],
  [/\/durationMinutes\b/, 'durationMinutes'],
]

/**
 * Sorts an API error into something the advisor can act on. A 400 keeps the server's own
 * message (it says what was wrong) and, where the message names a field, marks that field;
 * the API's rule that the appointment must not be over already belongs to the time.
 */
export function explainServerError(error: { code: ErrorCode | 'network'; status: number; message: string }): {
  problem: ServerProblem
  field?: Field
  fieldError?: FieldError
} {
  if (error.code === 'network') return { problem: 'network' }
  if (error.status === 401 || error.code === 'csrf_failed') return { problem: 'signedOut' }
  if (error.status === 403) return { problem: 'forbidden' }
  if (error.status === 429) return { problem: 'rateLimited' }
  if (error.status === 400) {
    if (/over already|later time/i.test(error.message))
      return { problem: 'rejected', field: 'time', fieldError: 'timeInPast' }
    const field = SCHEMA_PATH.find(([pattern]) => pattern.test(error.message))?.[1]
    return field ? { problem: 'rejected', field, fieldError: 'serverRejected' } : { problem: 'rejected' }
  }
  if (error.status === 503) return { problem: 'unavailable' }
  return { problem: 'failed' }
}
