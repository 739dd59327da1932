import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CheckAccess,
  classifyDeviceCheck,
  DeviceCheckMeasurement,
  DeviceCheckResult,
  ErrorBody,
  ErrorCode,
} from '@videotermin/contracts'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { appointmentEnd, createCheckRoom, mintCheckToken } from '../calls/room.service.ts'
import { assertConsented, participantOf, requireParticipant } from '../participant/require-participant.ts'
import { insertDeviceCheck } from './device-check.repository.ts'
import { describeDevice } from './user-agent.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 410: ErrorBody, 429: ErrorBody }

/**
 * The device check against the real media server: a throw-away room per check, for the
 * holder of a personal link (after consent, until the appointment ends; the result is
 * stored) and for anyone from the start page (rate-limited, nothing stored).
 */
export const deviceCheckRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const checkAccess = async () => {
      const roomName = await createCheckRoom(deps.rooms)
      return {
        serverUrl: deps.config.LIVEKIT_URL,
        token: mintCheckToken(deps.config, roomName, 'sender'),
        receiverToken: mintCheckToken(deps.config, roomName, 'receiver'),
      }
    }

    app.post(
      '/api/check/token',
      {
        schema: { response: { 200: CheckAccess, 429: ErrorBody } },
        config: {
          rateLimit: {
            max: deps.config.PUBLIC_CHECKS_PER_10_MINUTES,
            timeWindow: '10 minutes',
            keyGenerator: (r) => `public-check:${r.ip}`,
          },
        },
      },
      checkAccess,
    )

    app.register(async (scope) => {
      const participantApp = scope.withTypeProvider<TypeBoxTypeProvider>()
      participantApp.addHook('preHandler', requireParticipant(deps))

      participantApp.post(
        '/api/p/device-check/token',
        {
          schema: { response: { 200: CheckAccess, ...errors } },
          config: { rateLimit: { max: 30, timeWindow: '10 minutes' } },
        },
        async (request) => {
          const participant = participantOf(request)
          assertConsented(participant)
          if (participant.status === 'cancelled') {
            throw new AppError(ErrorCode.appointmentCancelled, 'This appointment was cancelled.')
          }
          if (deps.now() >= appointmentEnd(participant)) {
            throw new AppError(ErrorCode.appointmentOver, 'This appointment is over.')
          }
          return checkAccess()
        },
      )

      participantApp.post(
        '/api/p/device-check/result',
        { schema: { body: DeviceCheckMeasurement, response: { 201: DeviceCheckResult, ...errors } } },
        async (request, reply) => {
          const participant = participantOf(request)
          // Device data is personal: nothing is stored without consent.
          assertConsented(participant)
          const overall = classifyDeviceCheck(request.body)
          const device = describeDevice(request.headers)
          const stored = await insertDeviceCheck(deps.db, {
            participantId: participant.participant_id,
            overall,
            measurement: request.body,
            device,
            ipAddress: request.ip,
          })
          await deps.events.publish(
            {
              type: 'participant-changed',
              appointmentId: participant.appointment_id,
              participantId: participant.participant_id,
            },
            participant.organisation_id,
          )
          return reply.code(201).send({
            overall,
            measurement: request.body,
            ...device,
            checkedAt: stored.created_at.toISOString(),
          })
        },
      )
    })
  }
