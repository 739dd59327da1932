import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, ErrorCode } from '@videotermin/contracts'
import { WebhookReceiver } from 'livekit-server-sdk'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { organisationOfAppointment, parseIdentity, recordPresence } from './call-events.repository.ts'
import { endCall } from './lost-calls.ts'

const APPOINTMENT_ROOM = /^appointment-([0-9a-f-]{36})$/
// A dropped connection LiveKit gives up on counts as leaving.
const PRESENCE_EVENTS = new Set(['participant_joined', 'participant_left', 'participant_connection_aborted'])

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
        if (appointmentId) await applyEvent(deps, appointmentId, event)
        request.log.info({ event: event.event, room: event.room?.name }, 'livekit webhook')
        return reply.code(204).send(null)
      },
    )
  }

type WebhookEvent = Awaited<ReturnType<WebhookReceiver['receive']>>

/**
 * Presence (joined/left per participant) and the call's start and end go into the database;
 * the live view hears of it through the EventBus like of every other change. Quality is not
 * in LiveKit's webhooks: the statistics take it from the device check.
 */
async function applyEvent(deps: AppDeps, appointmentId: string, event: WebhookEvent) {
  // LiveKit's own time of the event; the receipt time when it has none or one no Date can hold.
  const sent = new Date(Number(event.createdAt) * 1000)
  const at = event.createdAt && !Number.isNaN(sent.getTime()) ? sent : deps.now()
  if (event.event === 'room_finished') return endCall(deps, appointmentId, at)
  if (!PRESENCE_EVENTS.has(event.event) || !event.participant) return
  const identity = parseIdentity(event.participant.identity)
  if (!identity) return
  const recorded = await recordPresence(deps.db, {
    appointmentId,
    identity,
    sid: event.participant.sid,
    event: event.event === 'participant_joined' ? 'joined' : 'left',
    at,
  })
  if (!recorded) return
  const organisationId = await organisationOfAppointment(deps.db, appointmentId)
  if (!organisationId) return
  await deps.events.publish(
    identity.kind === 'participant'
      ? { type: 'participant-changed', appointmentId, participantId: identity.id }
      : { type: 'appointment-changed', appointmentId },
    organisationId,
  )
}
