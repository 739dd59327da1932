import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AppointmentIdParams,
  AppointmentListQuery,
  BookAppointmentBody,
  ErrorBody,
  ParticipantParams,
  RescheduleAppointmentBody,
  ResendInvitationBody,
  RoomAccess,
  StaffAppointment,
  StaffAppointmentList,
} from '@videotermin/contracts'
import { TwirpError } from 'livekit-server-sdk'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import {
  announceRoomClosed,
  assertJoinable,
  ensureRoom,
  mintRoomToken,
  participantIdentity,
  roomNameFor,
  STAFF_LEAD_MINUTES,
  staffIdentity,
} from '../calls/room.service.ts'
import { requireStaff, staffOf } from '../staff-auth/require-staff.ts'
import { cancelAppointment, rescheduleAppointment, resendInvitation } from './appointment-changes.service.ts'
import { deliverySummaries } from './appointment-mail.repository.ts'
import { dateTimeFromRequest } from './appointment-time.ts'
import { listAppointments } from './appointments.repository.ts'
import { bookAppointment } from './booking.service.ts'
import { appointmentForStaff } from './staff-access.ts'

const DAY_MS = 24 * 3600_000
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/** Staff endpoints for appointments: list, book, reschedule, cancel, resend an invitation, and the host's room token. */
export const appointmentRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addHook('preHandler', requireStaff(deps))

    app.get(
      '/api/staff/appointments',
      { schema: { querystring: AppointmentListQuery, response: { 200: StaffAppointmentList, ...errors } } },
      async (request) => {
        const staff = staffOf(request)
        const now = deps.now()
        const { from: fromQuery, to: toQuery } = request.query
        const from = fromQuery ? dateTimeFromRequest(fromQuery, 'from') : new Date(now.getTime() - DAY_MS)
        const to = toQuery ? dateTimeFromRequest(toQuery, 'to') : new Date(now.getTime() + 30 * DAY_MS)
        const rows = await listAppointments(deps.db, {
          organisationId: staff.organisationId,
          // Advisors see their own appointments; admins see the whole organisation's.
          ...(staff.role === 'advisor' ? { advisorId: staff.userId } : {}),
          from,
          to,
        })
        const delivery = await deliverySummaries(
          deps.db,
          rows.map((row) => row.id),
          now,
        )
        return {
          appointments: rows.map((row) => ({
            id: row.id,
            startsAt: row.starts_at.toISOString(),
            durationMinutes: row.duration_minutes,
            status: row.status,
            advisor: { id: row.advisor_id, displayName: row.advisor_name },
            citizen: { firstName: row.first_name ?? '', lastName: row.last_name ?? '' },
            delivery: delivery.get(row.id) ?? 'sent',
          })),
        }
      },
    )

    app.post(
      '/api/staff/appointments',
      { schema: { body: BookAppointmentBody, response: { 201: StaffAppointment, ...errors } } },
      async (request, reply) => {
        const booked = await bookAppointment(
          {
            db: deps.db,
            linkEncryptionKey: deps.config.LINK_ENCRYPTION_KEY,
            publicUrl: deps.config.PUBLIC_URL,
            now: deps.now(),
          },
          staffOf(request),
          request.body,
        )
        return reply.code(201).send(booked.appointment)
      },
    )

    app.patch(
      '/api/staff/appointments/:id',
      {
        schema: {
          params: AppointmentIdParams,
          body: RescheduleAppointmentBody,
          response: { 200: StaffAppointment, 409: ErrorBody, ...errors },
        },
      },
      async (request) => {
        const staff = staffOf(request)
        // The service checks access (404 other tenant, 403 other advisor) on the row it locks.
        const { appointment } = await rescheduleAppointment(
          { db: deps.db, now: deps.now() },
          staff,
          request.params.id,
          request.body,
        )
        await deps.events.publish({ type: 'appointment-changed', appointmentId: appointment.id }, staff.organisationId)
        return appointment
      },
    )

    app.post(
      '/api/staff/appointments/:id/cancel',
      { schema: { params: AppointmentIdParams, response: { 200: StaffAppointment, 409: ErrorBody, ...errors } } },
      async (request) => {
        const staff = staffOf(request)
        const { appointment, cancelledNow } = await cancelAppointment(
          { db: deps.db, now: deps.now() },
          staff,
          request.params.id,
        )
        if (cancelledNow) {
          // The way in is closed (status cancelled refuses every token); now end a call in progress.
          // Should LiveKit not answer, the cancellation stands: nobody gets a new token, and
          // the room closes itself when empty.
          await deps.rooms.deleteRoom(roomNameFor(appointment.id)).catch((error: unknown) => {
            if (!(error instanceof TwirpError && error.status === 404)) {
              request.log.warn(
                { appointmentId: appointment.id },
                'could not delete the room of a cancelled appointment',
              )
            }
          })
          await announceRoomClosed(deps, appointment.id)
          await deps.events.publish(
            { type: 'appointment-changed', appointmentId: appointment.id },
            staff.organisationId,
          )
        }
        return appointment
      },
    )

    app.post(
      '/api/staff/appointments/:id/participants/:participantId/invitation',
      {
        schema: {
          params: ParticipantParams,
          body: ResendInvitationBody,
          response: { 204: Type.Null(), 409: ErrorBody, ...errors },
        },
      },
      async (request, reply) => {
        const staff = staffOf(request)
        const { id, participantId } = request.params
        await resendInvitation(
          { db: deps.db, now: deps.now(), linkEncryptionKey: deps.config.LINK_ENCRYPTION_KEY },
          staff,
          id,
          participantId,
          request.body,
        )
        // Whoever holds the old link may be in the call: out with them, as with "remove".
        await deps.rooms.removeParticipant(roomNameFor(id), participantIdentity(participantId)).catch(() => {})
        await deps.events.publish(
          { type: 'participant-changed', appointmentId: id, participantId },
          staff.organisationId,
        )
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/api/staff/appointments/:id/room-token',
      {
        schema: {
          params: AppointmentIdParams,
          response: { 200: RoomAccess, 409: ErrorBody, 410: ErrorBody, ...errors },
        },
      },
      async (request) => {
        const staff = staffOf(request)
        const appointment = await appointmentForStaff(deps.db, staff, request.params.id)
        assertJoinable(appointment, deps.now(), STAFF_LEAD_MINUTES)
        const roomName = await ensureRoom(deps.rooms, {
          appointmentId: appointment.id,
          participantCount: () => Number(appointment.participant_count ?? 0),
          departureTimeoutSeconds: deps.config.LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS,
        })
        const token = mintRoomToken(deps.config, {
          roomName,
          identity: staffIdentity(staff.userId),
          displayName: staff.displayName,
        })
        return { serverUrl: deps.config.LIVEKIT_URL, token }
      },
    )
  }
