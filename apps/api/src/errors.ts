import { ErrorCode } from '@videotermin/contracts'
import { safeError } from '@videotermin/logging'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

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
  /** Its message is written by us, to be shown: logs may keep it (see safeError). */
  readonly safeToLog = true
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

/**
 * Fastify's router answers a malformed URL (bad percent-encoding: 400) or an over-long path
 * parameter (414) before any route or error handler runs, with its own body that echoes the
 * path (a personal link's token, say) and without the headers every answer gets. Passed as
 * the `frameworkErrors` option, this answers them in the one error shape, with those headers.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  // These answers bypass the app's hooks: the headers its onSend hook gives every answer (app.ts).
  reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
  reply.code(tooLong ? 414 : 400).send({
    error: {
      code: ErrorCode.badRequest,
      message: tooLong ? 'A part of the address is too long.' : 'The address is not valid.',
    },
  })
}

/**
 * Postgres refused a value as data (SQLSTATE class 22: a NUL character in a text, a date it
 * cannot represent such as 31 February or year 0, a leap second). Those values pass the
 * schemas, so they came from the client: a 400, and the statement's transaction rolled back.
 */
function isRefusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  // `routine` names the Postgres function that raised it: only the server's own errors have one.
  return (
    typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && (error as { routine?: unknown }).routine !== undefined
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
    if (isRefusedValue(error)) {
      return reply.code(400).send({
        error: { code: ErrorCode.badRequest, message: 'A value in the request is not valid (a date or a character).' },
      })
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
