import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { logCensor, safeError } from '@videotermin/logging'
import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify'

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

/** The route a request matched, as its template (`/t/:token`), never the URL with its secrets. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? '(no route)'
}

/**
 * One line per request, when its answer has been sent (an SSE stream's when it closes), with
 * method and route template, status and time taken. Fastify's default adds a line when the
 * request arrives; it says nothing the last line does not.
 *
 * Refused and failed requests (4xx, 5xx) are logged at `info`: they are what an operator looks
 * for. Answered ones only at `debug`, as the worker logs its sent e-mails: their route, status
 * and time are what `/metrics` counts already, the ingress logs every request anyway, and
 * building and writing the line was a tenth of the CPU a room-token request costs.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else if (reply.statusCode >= 400) reply.log.info(line, 'request completed')
    else reply.log.debug(line, 'request completed')
  }
}

/** Logger and request-id options for the API's Fastify instance: JSON lines, redacted, one id per request. */
export function loggingOptions(level: string): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  return {
    genReqId: requestIdOf,
    logController: new OneLinePerRequest(),
    logger: {
      level,
      // Censors personal keys at any depth (see @videotermin/logging); req, res and err are
      // reduced by their serializers below.
      formatters: { log: logCensor(['req', 'res', 'err']) },
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
