import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify'

/**
 * Keys whose values never reach a log line, at any depth of a logged object: secrets
 * (cookies, tokens, passwords, CSRF tokens) and the personal fields of our request bodies.
 * Request bodies are never logged on purpose; the names are there so that one that reaches
 * a line by mistake (a debug line, an object logged whole) still loses them.
 */
const CENSORED_KEYS = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'x-csrf-token',
  'body',
  'email',
  'firstName',
  'lastName',
  'customerNumber',
  'token',
  'password',
])
const CENSOR = '[redacted]'
/** Keys whose serializer (below) keeps only named, safe fields: nothing of theirs to censor. */
const SERIALIZED_KEYS = new Set(['req', 'res', 'err'])
/** Deeper than this a logged object is cut off (this also ends a walk round a cycle). */
const MAX_DEPTH = 6

function censored(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Error) return safeError(value)
  if (value instanceof Date || ArrayBuffer.isView(value)) return value
  if (depth >= MAX_DEPTH) return '[too deep]'
  if (Array.isArray(value)) {
    const items = value.map((item) => censored(item, depth + 1))
    return items.some((item, index) => item !== value[index]) ? items : value
  }
  const fields = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(fields)) {
    const inner = fields[key]
    const outer = CENSORED_KEYS.has(key) ? CENSOR : censored(inner, depth + 1)
    if (outer !== inner) {
      copy ??= { ...fields }
      copy[key] = outer
    }
  }
  return copy ?? value
}

/**
 * pino's `formatters.log`: what a line's object carries, with every censored key's value
 * replaced at any depth and errors reduced to `safeError` wherever they sit. Objects are
 * copied only where something changes.
 *
 * Why not pino's `redact`: its paths are fixed depths (`*.email`, `*.*.email`), and it
 * parses and walks every path for every key of every line. On the one line each request
 * writes, that was a fifth of the CPU the room-token route costs.
 */
export function censorLogObject(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(object)) {
    if (SERIALIZED_KEYS.has(key)) continue
    const inner = object[key]
    const outer = CENSORED_KEYS.has(key) ? CENSOR : censored(inner, 1)
    if (outer !== inner) {
      copy ??= { ...object }
      copy[key] = outer
    }
  }
  return copy ?? object
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * The request id: the caller's `x-request-id` (a proxy's or another service's) when it is a
 * short token of safe characters, else a fresh UUID, so a crafted header can neither forge
 * log lines nor smuggle data into them.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id']
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
}

/**
 * What an error contributes to a log line: its class, code and stack frames, never its
 * message or fields. Messages of pg, SMTP or validation errors may quote the offending
 * value (an e-mail address, a name), so only our own AppError's message is kept.
 */
export function safeError(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: '[redacted]', stack: '' }
  const fields = error as Error & { code?: unknown; statusCode?: unknown; constraint?: unknown; routine?: unknown }
  const own = error.constructor.name === 'AppError'
  return {
    type: error.constructor.name,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.statusCode === 'number' ? { statusCode: fields.statusCode } : {}),
    // Postgres names the violated constraint and the routine; neither carries a value.
    ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
    ...(typeof fields.routine === 'string' ? { routine: fields.routine } : {}),
    message: own ? error.message : '[redacted]',
    // The first line of a stack repeats the message.
    stack: (error.stack ?? '').split('\n').slice(1).join('\n'),
  }
}

/** The route a request matched, as its template (`/t/:token`), never the URL with its secrets. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? '(no route)'
}

/**
 * One line per request, when its answer has been sent (an SSE stream's when it closes), with
 * method and route template, status and time taken. Fastify's default adds a line when the
 * request arrives; it says nothing the last line does not, and each line is a serialisation
 * plus a redaction pass on the hot path.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}

/** Logger and request-id options for the API's Fastify instance: JSON lines, redacted, one id per request. */
export function loggingOptions(level: string): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  return {
    genReqId: requestIdOf,
    logController: new OneLinePerRequest(),
    logger: {
      level,
      formatters: { log: censorLogObject },
      serializers: {
        // No URL (personal and hand-over links carry their secret in the path, queries may
        // carry anything) and no client address: the route template says what was asked.
        req: (request: FastifyRequest) => ({ method: request.method, route: routeOf(request) }),
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
        err: safeError,
      },
    },
  }
}

/** Answers every request with its id (also the SSE streams, which bypass Fastify's reply). */
export function installRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader('x-request-id', request.id)
  })
}
