import { Type } from 'typebox'

/** Every error the API can answer with. The API maps each code to exactly one HTTP status. */
export const ErrorCode = {
  badRequest: 'bad_request',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  csrf: 'csrf_failed',
  notFound: 'not_found',
  conflict: 'conflict',
  tooEarly: 'too_early',
  appointmentOver: 'appointment_over',
  appointmentCancelled: 'appointment_cancelled',
  /** A cancelled or finished appointment cannot be rescheduled (or cancelled once over). */
  appointmentClosed: 'appointment_closed',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** The one error body: `{ error: { code, message } }`. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Union(Object.values(ErrorCode).map((code) => Type.Literal(code))),
    message: Type.String(),
  }),
})
