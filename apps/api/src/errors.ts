import { ErrorCode } from '@videotermin/contracts'
import type { FastifyError, FastifyInstance } from 'fastify'
import { safeError } from './observability/logging.ts'

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.badRequest]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.csrf]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.tooEarly]: 409,
  [ErrorCode.appointmentOver]: 410,
  [ErrorCode.appointmentCancelled]: 410,
  [ErrorCode.appointmentClosed]: 409,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.unavailable]: 503,
  [ErrorCode.internal]: 500,
}

/** The one error type of the API: a code from the shared enum and a message safe to show. */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.code = code
  }
  get statusCode(): number {
    return STATUS[this.code]
  }
}

/** Matches the error that pg raises when Postgres cannot be reached. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return (
    code === 'ECONNREFUSED' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    (error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/.test(error.message))
  )
}

/** Installs the single error handler: `{ error: { code, message } }`, 5xx details never sent. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: { code: ErrorCode.notFound, message: 'No such endpoint.' } })
  })
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } })
    }
    if (error.validation) {
      return reply.code(400).send({ error: { code: ErrorCode.badRequest, message: error.message } })
    }
    if (error.statusCode === 429) {
      return reply
        .code(429)
        .send({ error: { code: ErrorCode.rateLimited, message: 'Too many requests. Please wait a moment.' } })
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      return reply.code(error.statusCode).send({ error: { code: ErrorCode.badRequest, message: error.message } })
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: { code: (error as { code?: string }).code } }, 'database unavailable')
      return reply.code(503).send({
        error: {
          code: ErrorCode.unavailable,
          message: 'The service is temporarily unavailable. Please try again shortly.',
        },
      })
    }
    // Class, code and stack only: the message of a pg or library error may quote personal data.
    request.log.error({ error: safeError(error) }, 'unhandled error')
    return reply.code(500).send({ error: { code: ErrorCode.internal, message: 'Something went wrong on our side.' } })
  })
}
