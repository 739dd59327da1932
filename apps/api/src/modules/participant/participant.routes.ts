import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, ErrorCode, ParticipantView, RoomAccess } from '@videotermin/contracts'
import { isLanguage } from '@videotermin/i18n'
import { hashToken, LINK_TOKEN_PATTERN } from '@videotermin/links'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import {
  appointmentEnd,
  assertJoinable,
  ensureRoom,
  mintRoomToken,
  participantIdentity,
} from '../calls/room.service.ts'
import {
  createParticipantSession,
  findParticipantByLinkHash,
  findParticipantBySession,
  markLinkOpened,
} from './participant.repository.ts'

export const PARTICIPANT_COOKIE = '__Host-vt_p'
const DAY_MS = 24 * 3600_000

/** Routes for the holder of a personal link: the exchange link → cookie, and the pages' data. */
export const participantRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    async function currentParticipant(request: FastifyRequest) {
      const sessionId = request.cookies[PARTICIPANT_COOKIE]
      const row = sessionId ? await findParticipantBySession(deps.db, sessionId, deps.now()) : undefined
      if (!row) throw new AppError(ErrorCode.unauthenticated, 'Please open the personal link from your e-mail again.')
      return row
    }

    // The personal link. It is answered with a redirect either way, so the token leaves the
    // address bar at once; a valid one also gets a session cookie. Unknown and replaced
    // links take the same path (one indexed lookup) and look the same from outside.
    app.get(
      '/t/:token',
      {
        schema: { params: Type.Object({ token: Type.String({ maxLength: 200 }) }) },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const token = request.params.token
        const wellFormed = new RegExp(LINK_TOKEN_PATTERN).test(token)
        const participant = await findParticipantByLinkHash(deps.db, hashToken(wellFormed ? token : ''))
        if (!participant) return reply.redirect('/p/link-unknown', 303)
        const now = deps.now()
        await markLinkOpened(deps.db, participant.id, now)
        const end = appointmentEnd(participant)
        const expiresAt = new Date(Math.max(end.getTime(), now.getTime()) + DAY_MS)
        const sessionId = await createParticipantSession(deps.db, participant.id, expiresAt)
        reply.setCookie(PARTICIPANT_COOKIE, sessionId, {
          path: '/',
          httpOnly: true,
          secure: true,
          sameSite: 'lax',
          expires: expiresAt,
        })
        return reply.redirect('/p', 303)
      },
    )

    app.get('/api/p/me', { schema: { response: { 200: ParticipantView, 401: ErrorBody } } }, async (request) => {
      const row = await currentParticipant(request)
      const end = appointmentEnd(row)
      return {
        participant: {
          firstName: row.first_name,
          lastName: row.last_name,
          language: isLanguage(row.language) ? row.language : 'de',
        },
        appointment: {
          startsAt: row.starts_at.toISOString(),
          endsAt: end.toISOString(),
          durationMinutes: row.duration_minutes,
          status: row.status,
          joinOpensAt: new Date(row.starts_at.getTime() - row.lobby_lead_minutes * 60_000).toISOString(),
        },
        advisor: { displayName: row.advisor_name },
        organisation: {
          name: row.organisation_name,
          address: row.address,
          website: row.website,
          supportPhone: row.support_phone,
          supportHours: row.support_hours,
          supportEmail: row.support_email,
          timeZone: row.time_zone,
        },
      }
    })

    app.post(
      '/api/p/room-token',
      { schema: { response: { 200: RoomAccess, 401: ErrorBody, 409: ErrorBody, 410: ErrorBody } } },
      async (request) => {
        const row = await currentParticipant(request)
        assertJoinable(row, deps.now(), row.lobby_lead_minutes)
        const roomName = await ensureRoom(deps.rooms, {
          appointmentId: row.appointment_id,
          // Everyone invited plus the advisor.
          maxParticipants: Number(row.participant_count ?? 1) + 1,
          departureTimeoutSeconds: deps.config.LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS,
        })
        const token = await mintRoomToken(deps.config, {
          roomName,
          identity: participantIdentity(row.participant_id),
          displayName: `${row.first_name} ${row.last_name}`,
        })
        return { serverUrl: deps.config.LIVEKIT_URL, token }
      },
    )
  }
