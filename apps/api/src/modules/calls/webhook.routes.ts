import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, ErrorCode } from '@videotermin/contracts'
import { WebhookReceiver } from 'livekit-server-sdk'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { recordCallEvent } from './call-events.repository.ts'

const APPOINTMENT_ROOM = /^appointment-([0-9a-f-]{36})$/

/**
 * LiveKit's webhooks. The body is checked against the signed hash in the Authorization
 * header (WebhookReceiver); an unsigned or altered request is refused and changes nothing.
 */
export const webhookRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const receiver = new WebhookReceiver(deps.config.LIVEKIT_API_KEY, deps.config.LIVEKIT_API_SECRET)

    // The signature covers the exact bytes, so keep the body as text for this route only.
    app.addContentTypeParser(
      ['application/webhook+json', 'application/json'],
      { parseAs: 'string' },
      (_req, body, done) => done(null, body),
    )

    app.post(
      '/api/livekit/webhook',
      { schema: { response: { 204: Type.Null(), 401: ErrorBody } } },
      async (request, reply) => {
        const body = typeof request.body === 'string' ? request.body : ''
        let event: Awaited<ReturnType<WebhookReceiver['receive']>>
        try {
          event = await receiver.receive(body, request.headers.authorization)
        } catch {
          throw new AppError(ErrorCode.unauthenticated, 'Webhook signature is missing or invalid.')
        }
        const appointmentId = event.room?.name.match(APPOINTMENT_ROOM)?.[1]
        if (appointmentId) {
          await recordCallEvent(
            deps.db,
            appointmentId,
            event.event,
            new Date(Number(event.createdAt) * 1000 || Date.now()),
          )
        }
        request.log.info({ event: event.event, room: event.room?.name }, 'livekit webhook')
        return reply.code(204).send(null)
      },
    )
  }
