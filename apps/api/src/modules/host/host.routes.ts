import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppointmentIdParams, ErrorBody, ErrorCode, ParticipantParams } from '@videotermin/contracts'
import { TwirpError } from 'livekit-server-sdk'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { appointmentForStaff } from '../appointments/staff-access.ts'
import { announceRoomClosed, participantIdentity, roomNameFor } from '../calls/room.service.ts'
import { requireStaff, staffOf } from '../staff-auth/require-staff.ts'
import { endAppointment, revokeAdmission } from './host.repository.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/** LiveKit answers "not found" when the person or room is already gone: then there is nothing left to do. */
function ignoreNotFound(error: unknown): void {
  if (error instanceof TwirpError && error.status === 404) return
  throw error
}

/**
 * The host's controls over the call. The API checks session, role and organisation, then
 * acts through LiveKit's RoomService; the browser never holds a token that could do this.
 */
export const hostRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addHook('preHandler', requireStaff(deps))

    app.post(
      '/api/staff/appointments/:id/participants/:participantId/remove',
      { schema: { params: ParticipantParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        const staff = staffOf(request)
        const appointment = await appointmentForStaff(deps.db, staff, request.params.id)
        const known = await revokeAdmission(deps.db, appointment.id, request.params.participantId)
        if (!known) throw new AppError(ErrorCode.notFound, 'No such participant in this appointment.')
        await deps.rooms
          .removeParticipant(roomNameFor(appointment.id), participantIdentity(request.params.participantId))
          .catch(ignoreNotFound)
        await deps.events.publish(
          { type: 'participant-changed', appointmentId: appointment.id, participantId: request.params.participantId },
          staff.organisationId,
        )
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/api/staff/appointments/:id/end',
      { schema: { params: AppointmentIdParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        const staff = staffOf(request)
        const appointment = await appointmentForStaff(deps.db, staff, request.params.id)
        // First close the way in, then close the room: nobody can slip back in between.
        await endAppointment(deps.db, appointment.id, deps.now())
        await deps.rooms.deleteRoom(roomNameFor(appointment.id)).catch(ignoreNotFound)
        await announceRoomClosed(deps, appointment.id)
        await deps.events.publish({ type: 'appointment-changed', appointmentId: appointment.id }, staff.organisationId)
        return reply.code(204).send(null)
      },
    )
  }
