import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { AppDeps } from './deps.ts'
import { frameworkErrors, installErrorHandling } from './errors.ts'
import { installGracefulClose } from './graceful-close.ts'
import { appointmentRoutes } from './modules/appointments/appointments.routes.ts'
import { forgetRoom } from './modules/calls/room.service.ts'
import { webhookRoutes } from './modules/calls/webhook.routes.ts'
import { deviceCheckRoutes } from './modules/device-check/device-check.routes.ts'
import { SseHub } from './modules/events/sse.ts'
import { healthRoutes } from './modules/health/health.routes.ts'
import { hostRoutes } from './modules/host/host.routes.ts'
import { organisationRoutes } from './modules/organisation/organisation.routes.ts'
import { participantRoutes } from './modules/participant/participant.routes.ts'
import { staffAdminRoutes } from './modules/staff-admin/staff-admin.routes.ts'
import { ssoRoutes } from './modules/staff-auth/sso.routes.ts'
import { staffAuthRoutes } from './modules/staff-auth/staff-auth.routes.ts'
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts'
import { waitingRoomRoutes } from './modules/waiting-room/waiting-room.routes.ts'
import { installRequestId, loggingOptions } from './observability/logging.ts'
import { installHttpMetrics } from './observability/metrics.ts'

/** Builds the API as a plain Fastify instance; `server.ts` only adds listening and shutdown. */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    ...loggingOptions(deps.config.LOG_LEVEL),
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 64 * 1024,
    // Strict: unknown fields are refused, and nothing is coerced (ajv would turn a JSON null
    // into 0 for a "number or null" field and store a measurement nobody made).
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: false } },
    frameworkErrors,
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>()

  installErrorHandling(app)
  installRequestId(app)
  installHttpMetrics(app)
  installGracefulClose(app)
  await app.register(cookie)
  await app.register(rateLimit, {
    global: false,
    redis: deps.redis,
    nameSpace: 'videotermin:rate:',
    skipOnError: false,
  })

  app.addHook('onSend', async (_request, reply) => {
    // API answers are personal or session-bound: never cache them, never leak the URL onwards.
    // (The few public, versioned resources such as logos set their own caching.)
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-content-type-options', 'nosniff')
  })

  await app.register(healthRoutes(deps))
  await app.register(staffAuthRoutes(deps))
  await app.register(ssoRoutes(deps))
  await app.register(appointmentRoutes(deps))
  await app.register(organisationRoutes(deps))
  await app.register(staffAdminRoutes(deps))
  await app.register(participantRoutes(deps))
  await app.register(deviceCheckRoutes(deps))
  const sse = new SseHub()
  // End open streams first, or closing the server would wait for them forever; clients
  // reconnect (to another replica) on their own.
  app.addHook('preClose', async () => sse.closeAll())
  // Rooms that closed anywhere (another replica ended the call, LiveKit's webhook reached
  // another replica) leave this process's memo of rooms known to exist at once.
  const stopHearingClosedRooms = await deps.events.onRoomClosed((appointmentId) =>
    forgetRoom(deps.rooms, appointmentId),
  )
  app.addHook('onClose', async () => stopHearingClosedRooms())
  await app.register(waitingRoomRoutes(deps, sse))
  await app.register(hostRoutes(deps))
  await app.register(webhookRoutes(deps))
  await app.register(statisticsRoutes(deps))
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
