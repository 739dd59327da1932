import { type Static, Type } from 'typebox'
import { DeliveryStatus } from './appointment-changes.ts'
import { DeviceCheckResult } from './device-check.ts'

export const ParticipantRole = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('interpreter'),
  Type.Literal('trusted_person'),
  Type.Literal('second_advisor'),
])
export type ParticipantRole = Static<typeof ParticipantRole>

/** Where a participant stands on the way into the call. */
export const WaitingStatus = Type.Union([
  Type.Literal('not_waiting'),
  Type.Literal('waiting'),
  Type.Literal('admitted'),
])
export type WaitingStatus = Static<typeof WaitingStatus>

export const ConsentState = Type.Object({
  /** The version the participant is asked to agree to; 0 is the product's default text. */
  version: Type.Integer({ minimum: 0 }),
  /** The organisation's own text, or null to show the product's default text in the page language. */
  text: Type.Union([Type.String(), Type.Null()]),
  given: Type.Boolean(),
  withdrawn: Type.Boolean(),
})
export type ConsentState = Static<typeof ConsentState>

export const GiveConsentBody = Type.Object({ version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })
export type GiveConsentBody = Static<typeof GiveConsentBody>

export const WaitingRoomState = Type.Object({ status: WaitingStatus })
export type WaitingRoomState = Static<typeof WaitingRoomState>

/** Three voluntary questions; any of them may be left out. */
export const SurveyBody = Type.Object(
  {
    satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    avQuality: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    useAgain: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unsure')])),
  },
  { additionalProperties: false },
)
export type SurveyBody = Static<typeof SurveyBody>

/** A participant as the advisor sees them in the appointment's live view. */
export const StaffParticipant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  role: ParticipantRole,
  firstName: Type.String(),
  lastName: Type.String(),
  /** Where their mails go; empty once erased (consent withdrawn). */
  email: Type.String(),
  status: Type.Union([
    Type.Literal('invited'),
    Type.Literal('link_opened'),
    Type.Literal('consented'),
    Type.Literal('waiting'),
    Type.Literal('admitted'),
    Type.Literal('withdrawn'),
  ]),
  waitingSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** From LiveKit's webhooks: in the call since (null when not in it now) … */
  inCallSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** … and when they last left it (null when they never did, or are back in). */
  leftCallAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  deviceCheck: Type.Union([DeviceCheckResult, Type.Null()]),
  /** Whether their mails reached the mail server (see DeliveryStatus). */
  delivery: DeliveryStatus,
})
export type StaffParticipant = Static<typeof StaffParticipant>

export const StaffAppointmentDetail = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startsAt: Type.String({ format: 'date-time' }),
  durationMinutes: Type.Integer(),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  /** The host ended it for everybody. */
  ended: Type.Boolean(),
  participants: Type.Array(StaffParticipant),
})
export type StaffAppointmentDetail = Static<typeof StaffAppointmentDetail>

export const ParticipantParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  participantId: Type.String({ format: 'uuid' }),
})
