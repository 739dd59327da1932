import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  ErrorCode,
  GiveConsentBody,
  HandoffLink,
  ParticipantView,
  RoomAccess,
  SurveyBody,
} from '@videotermin/contracts'
import { organisationContact } from '@videotermin/db'
import { isLanguage } from '@videotermin/i18n'
import { hashToken, LINK_TOKEN_PATTERN } from '@videotermin/links'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import {
  appointmentEnd,
  assertJoinable,
  ensureRoom,
  mintRoomToken,
  participantIdentity,
  roomNameFor,
} from '../calls/room.service.ts'
import { currentConsent, recordConsent } from '../consent/consent.repository.ts'
import { latestDeviceChecks } from '../device-check/device-check.repository.ts'
import { logoUrl } from '../organisation/organisation.repository.ts'
import { recordSurveyAnswer } from '../survey/survey.repository.ts'
import { waitingStatus } from '../waiting-room/waiting-room.repository.ts'
import { HANDOFF_TTL_SECONDS, issueHandoff, redeemHandoff } from './handoff.ts'
import {
  appointmentHosts,
  countParticipants,
  createParticipantSession,
  eraseParticipantPersonalData,
  findParticipantById,
  findParticipantByLinkHash,
  markLinkOpened,
  otherParticipantRoles,
} from './participant.repository.ts'
import {
  assertConsented,
  PARTICIPANT_COOKIE,
  participantOf,
  requireParticipant,
  sessionGone,
} from './require-participant.ts'

const DAY_MS = 24 * 3600_000
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 410: ErrorBody }

/** Routes for the holder of a personal link: the exchange link → cookie, and the pages' data. */
export const participantRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // The personal link. It is answered with a redirect either way, so the token leaves the
    // address bar at once; a valid one also gets a session cookie. Unknown and replaced
    // links take the same path (one indexed lookup) and look the same from outside.
    /** Signs this browser in as the participant and sends it on to their page. */
    async function startSession(
      reply: FastifyReply,
      participant: {
        id: string
        appointment_id: string
        organisation_id: string
        starts_at: Date
        duration_minutes: number
      },
    ) {
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
      await deps.events.publish(
        { type: 'participant-changed', appointmentId: participant.appointment_id, participantId: participant.id },
        participant.organisation_id,
      )
      return reply.redirect('/p', 303)
    }

    const lookupLimit = { rateLimit: { max: deps.config.LINK_OPENS_PER_MINUTE, timeWindow: '1 minute' } }
    const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) })

    // The personal link. It is answered with a redirect either way, so the token leaves the
    // address bar at once; a valid one also gets a session cookie. Unknown and replaced
    // links take the same path (one indexed lookup) and look the same from outside.
    app.get('/t/:token', { schema: { params: TokenParams }, config: lookupLimit }, async (request, reply) => {
      const token = request.params.token
      const wellFormed = new RegExp(LINK_TOKEN_PATTERN).test(token)
      const participant = await findParticipantByLinkHash(deps.db, hashToken(wellFormed ? token : ''))
      if (!participant) return reply.redirect('/p/link-unknown', 303)
      return startSession(reply, participant)
    })

    // A hand-over link (QR code) to continue on another device: short-lived, works once.
    app.get('/h/:token', { schema: { params: TokenParams }, config: lookupLimit }, async (request, reply) => {
      const token = request.params.token
      const wellFormed = new RegExp(LINK_TOKEN_PATTERN).test(token)
      const participantId = wellFormed ? await redeemHandoff(deps.redis, token) : null
      const participant = participantId ? await findParticipantById(deps.db, participantId) : undefined
      if (!participant) return reply.redirect('/p/link-unknown', 303)
      return startSession(reply, participant)
    })

    app.register(async (scope) => {
      const linkHolder = scope.withTypeProvider<TypeBoxTypeProvider>()
      linkHolder.addHook('preHandler', requireParticipant(deps))

      const changed = (p: ReturnType<typeof participantOf>) =>
        deps.events.publish(
          { type: 'participant-changed', appointmentId: p.appointment_id, participantId: p.participant_id },
          p.organisation_id,
        )

      linkHolder.get(
        '/api/p/me',
        { schema: { response: { 200: ParticipantView, 401: ErrorBody } } },
        async (request) => {
          const row = participantOf(request)
          // Ended early by the host: from then on it counts as over.
          const end = row.ended_at ?? appointmentEnd(row)
          const language = isLanguage(row.language) ? row.language : 'de'
          const [hosts, consent, others, checks] = await Promise.all([
            appointmentHosts(deps.db, row.appointment_id),
            currentConsent(deps.db, row.organisation_id, language),
            otherParticipantRoles(deps.db, row.appointment_id, row.participant_id),
            latestDeviceChecks(deps.db, [row.participant_id]),
          ])
          if (!hosts) throw sessionGone()
          return {
            participant: { firstName: row.first_name, lastName: row.last_name, language, role: row.role },
            appointment: {
              startsAt: row.starts_at.toISOString(),
              endsAt: end.toISOString(),
              durationMinutes: row.duration_minutes,
              status: row.status,
              joinOpensAt: new Date(row.starts_at.getTime() - row.lobby_lead_minutes * 60_000).toISOString(),
            },
            advisor: { displayName: hosts.advisor_name },
            organisation: { ...organisationContact(hosts), logoUrl: logoUrl(hosts) },
            consent: {
              version: consent.version,
              text: consent.text,
              // Consent to an older version does not cover a newer text.
              given: row.consented_at !== null && row.consent_version === consent.version,
              withdrawn: row.consent_withdrawn_at !== null,
            },
            otherParticipants: others,
            waiting: waitingStatus(row),
            deviceCheck: checks.get(row.participant_id) ?? null,
            surveyAnswered: row.survey_answered_at !== null,
          }
        },
      )

      linkHolder.post(
        '/api/p/handoff',
        {
          schema: { response: { 200: HandoffLink, ...errors } },
          config: { rateLimit: { max: 10, timeWindow: '10 minutes' } },
        },
        async (request) => {
          const row = participantOf(request)
          const token = await issueHandoff(deps.redis, row.participant_id)
          return {
            url: `${deps.config.PUBLIC_URL}/h/${token}`,
            expiresAt: new Date(deps.now().getTime() + HANDOFF_TTL_SECONDS * 1000).toISOString(),
          }
        },
      )

      linkHolder.post(
        '/api/p/consent',
        { schema: { body: GiveConsentBody, response: { 204: Type.Null(), ...errors } } },
        async (request, reply) => {
          const row = participantOf(request)
          if (row.consent_withdrawn_at) {
            throw new AppError(ErrorCode.forbidden, 'Consent was withdrawn. Please contact the organisation.')
          }
          const language = isLanguage(row.language) ? row.language : 'de'
          const current = await currentConsent(deps.db, row.organisation_id, language)
          if (request.body.version !== current.version) {
            throw new AppError(ErrorCode.conflict, 'The consent text has changed. Please read the current text.')
          }
          await recordConsent(deps.db, row.participant_id, current.version, deps.now())
          await changed(row)
          return reply.code(204).send(null)
        },
      )

      // Withdrawal works at any time and at once: personal data goes, the call ends for them.
      linkHolder.post(
        '/api/p/consent/withdraw',
        { schema: { response: { 204: Type.Null(), ...errors } } },
        async (request, reply) => {
          const row = participantOf(request)
          await eraseParticipantPersonalData(deps.db, row.participant_id, deps.now())
          await deps.rooms
            .removeParticipant(roomNameFor(row.appointment_id), participantIdentity(row.participant_id))
            .catch(() => {}) // not in the call: nothing to remove
          await deps.events.publish(
            { type: 'consent-withdrawn', appointmentId: row.appointment_id, participantId: row.participant_id },
            row.organisation_id,
          )
          return reply.code(204).send(null)
        },
      )

      linkHolder.post(
        '/api/p/room-token',
        { schema: { response: { 200: RoomAccess, ...errors } } },
        async (request) => {
          const row = participantOf(request)
          assertConsented(row)
          assertJoinable(row, deps.now(), row.lobby_lead_minutes)
          // No token exists before admission: until then no media or chat can reach anyone.
          if (!row.admitted_at) throw new AppError(ErrorCode.forbidden, 'Please wait until you are let in.')
          const roomName = await ensureRoom(deps.rooms, {
            appointmentId: row.appointment_id,
            participantCount: () => countParticipants(deps.db, row.appointment_id),
            departureTimeoutSeconds: deps.config.LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS,
          })
          const token = mintRoomToken(deps.config, {
            roomName,
            identity: participantIdentity(row.participant_id),
            displayName: `${row.first_name} ${row.last_name}`,
          })
          return { serverUrl: deps.config.LIVEKIT_URL, token }
        },
      )

      linkHolder.post(
        '/api/p/survey',
        { schema: { body: SurveyBody, response: { 204: Type.Null(), ...errors } } },
        async (request, reply) => {
          const row = participantOf(request)
          const stored = await recordSurveyAnswer(deps.db, {
            participantId: row.participant_id,
            organisationId: row.organisation_id,
            timeZone: row.time_zone,
            answer: request.body,
            now: deps.now(),
          })
          if (!stored) throw new AppError(ErrorCode.conflict, 'The survey was already answered. Thank you.')
          return reply.code(204).send(null)
        },
      )
    })
  }
