import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AppointmentIdParams,
  ErrorBody,
  ErrorCode,
  ParticipantParams,
  StaffAppointmentDetail,
  WaitingRoomState,
} from '@videotermin/contracts'
import { channels } from '@videotermin/jobs'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { observeWaitingRoomWait } from '../../observability/metrics.ts'
import { deliveryStatuses } from '../appointments/appointment-mail.repository.ts'
import { appointmentForStaff } from '../appointments/staff-access.ts'
import { presenceOf } from '../calls/call-events.repository.ts'
import { assertJoinable, ensureRoom, STAFF_LEAD_MINUTES } from '../calls/room.service.ts'
import { latestDeviceChecks } from '../device-check/device-check.repository.ts'
import type { SseHub } from '../events/sse.ts'
import {
  assertConsented,
  currentParticipant,
  participantOf,
  requireParticipant,
} from '../participant/require-participant.ts'
import { requireStaff, staffOf } from '../staff-auth/require-staff.ts'
import {
  admitParticipant,
  enterWaitingRoom,
  participantStatus,
  participantsForStaff,
  waitingStatus,
} from './waiting-room.repository.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody }

/**
 * The waiting room as server state: the participant enters (after consent, within the join
 * window) and learns of admission over SSE; the advisor sees who waits and admits them.
 * Changes travel through the EventBus, so every API replica's streams hear them.
 */
export const waitingRoomRoutes =
  (deps: AppDeps, sse: SseHub): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.register(async (scope) => {
      const participantApp = scope.withTypeProvider<TypeBoxTypeProvider>()
      participantApp.addHook('preHandler', requireParticipant(deps))

      participantApp.post(
        '/api/p/waiting-room',
        { schema: { response: { 200: WaitingRoomState, ...errors } } },
        async (request) => {
          const participant = participantOf(request)
          assertConsented(participant)
          assertJoinable(participant, deps.now(), participant.lobby_lead_minutes)
          const status = await enterWaitingRoom(deps.db, participant.participant_id, deps.now())
          await deps.events.publish(
            {
              type: 'participant-changed',
              appointmentId: participant.appointment_id,
              participantId: participant.participant_id,
            },
            participant.organisation_id,
          )
          return { status }
        },
      )

      participantApp.get('/api/p/events', async (request, reply) => {
        const participant = participantOf(request)
        const stream = sse.stream(request, reply)
        const push = async () => {
          // Read through the session, not the participant id: when the session went (the
          // advisor sent the link anew, perhaps because it reached the wrong person) the page
          // learns it at once and stops waiting for an admission that cannot come.
          const row = await currentParticipant(deps, request)
          if (!row) {
            stream.send('session-ended', {})
            stream.end()
            return
          }
          stream.send('status', {
            status: waitingStatus(row),
            cancelled: row.status === 'cancelled',
            withdrawn: row.consent_withdrawn_at !== null,
            ended: row.ended_at !== null,
          })
        }
        const unsubscribe = await deps.events.subscribe(channels.appointment(participant.appointment_id), (event) => {
          if (event.type === 'appointment-changed' || event.participantId === participant.participant_id) {
            push().catch(() => {})
          }
        })
        await push()
        await stream.closed
        await unsubscribe()
      })
    })

    app.register(async (scope) => {
      const staffApp = scope.withTypeProvider<TypeBoxTypeProvider>()
      staffApp.addHook('preHandler', requireStaff(deps))

      staffApp.get(
        '/api/staff/appointments/:id',
        { schema: { params: AppointmentIdParams, response: { 200: StaffAppointmentDetail, ...errors } } },
        async (request) => {
          const appointment = await appointmentForStaff(deps.db, staffOf(request), request.params.id)
          const participants = await participantsForStaff(deps.db, appointment.id)
          const delivery = await deliveryStatuses(
            deps.db,
            participants.map((p) => p.id),
            deps.now(),
          )
          const checks = await latestDeviceChecks(
            deps.db,
            participants.map((p) => p.id),
          )
          const presence = await presenceOf(deps.db, appointment.id)
          return {
            id: appointment.id,
            startsAt: appointment.starts_at.toISOString(),
            durationMinutes: appointment.duration_minutes,
            status: appointment.status,
            ended: appointment.ended_at !== null,
            participants: participants.map((p) => ({
              id: p.id,
              role: p.role,
              firstName: p.first_name,
              lastName: p.last_name,
              email: p.email,
              status: participantStatus(p),
              waitingSince: p.waiting_since?.toISOString() ?? null,
              inCallSince: presence.get(p.id)?.inCallSince ?? null,
              leftCallAt: presence.get(p.id)?.leftCallAt ?? null,
              deviceCheck: checks.get(p.id) ?? null,
              delivery: delivery.get(p.id) ?? 'sent',
            })),
          }
        },
      )

      staffApp.post(
        '/api/staff/appointments/:id/participants/:participantId/admit',
        { schema: { params: ParticipantParams, response: { 204: Type.Null(), ...errors } } },
        async (request, reply) => {
          const staff = staffOf(request)
          const appointment = await appointmentForStaff(deps.db, staff, request.params.id)
          assertJoinable(appointment, deps.now(), STAFF_LEAD_MINUTES)
          // The room exists before anyone is let in, so the admitted browser can connect at once.
          await ensureRoom(deps.rooms, {
            appointmentId: appointment.id,
            participantCount: () => Number(appointment.participant_count ?? 0),
            departureTimeoutSeconds: deps.config.LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS,
          })
          const now = deps.now()
          const admitted = await admitParticipant(deps.db, appointment.id, request.params.participantId, now)
          if (!admitted.admitted) {
            throw new AppError(
              ErrorCode.conflict,
              'This participant cannot be admitted (no consent, or not invited here).',
            )
          }
          if (admitted.waitingSince) observeWaitingRoomWait(admitted.waitingSince, now)
          await deps.events.publish(
            { type: 'participant-changed', appointmentId: appointment.id, participantId: request.params.participantId },
            staff.organisationId,
          )
          return reply.code(204).send(null)
        },
      )

      // Ids only: the view re-reads the appointment it shows, which checks permissions again.
      staffApp.get('/api/staff/events', async (request, reply) => {
        const staff = staffOf(request)
        const stream = sse.stream(request, reply)
        const unsubscribe = await deps.events.subscribe(channels.organisation(staff.organisationId), (event) => {
          stream.send('change', { appointmentId: event.appointmentId })
          if (event.type === 'consent-withdrawn') {
            stream.send('withdrawn', { appointmentId: event.appointmentId, participantId: event.participantId })
          }
        })
        stream.send('ready', {})
        await stream.closed
        await unsubscribe()
      })
    })
  }
