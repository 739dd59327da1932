import { type Static, Type } from 'typebox'
import { AppointmentStatus, LanguageCode } from './appointments.ts'
import { ConsentState, ParticipantRole, WaitingStatus } from './citizen-path.ts'
import { DeviceCheckResult } from './device-check.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** Contact details citizens see on every page and in e-mails. */
export const OrganisationContact = Type.Object({
  name: Type.String(),
  address: Type.String(),
  website: Nullable(Type.String()),
  supportPhone: Nullable(Type.String()),
  supportHours: Nullable(Type.String()),
  supportEmail: Nullable(Type.String()),
  timeZone: Type.String(),
  /** Shown in the page header; null when the organisation has none. */
  logoUrl: Nullable(Type.String()),
})
export type OrganisationContact = Static<typeof OrganisationContact>

/** What the holder of a personal link learns about their appointment. */
export const ParticipantView = Type.Object({
  participant: Type.Object({
    firstName: Type.String(),
    lastName: Type.String(),
    language: LanguageCode,
    role: ParticipantRole,
  }),
  appointment: Type.Object({
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    durationMinutes: Type.Integer(),
    status: AppointmentStatus,
    /** From this instant the call can be entered (lobby lead time before the start). */
    joinOpensAt: Type.String({ format: 'date-time' }),
  }),
  advisor: Type.Object({ displayName: Type.String() }),
  organisation: OrganisationContact,
  consent: ConsentState,
  /** Roles of the further participants agreed for this appointment (no names). */
  otherParticipants: Type.Array(ParticipantRole),
  waiting: WaitingStatus,
  deviceCheck: Type.Union([DeviceCheckResult, Type.Null()]),
  surveyAnswered: Type.Boolean(),
})
export type ParticipantView = Static<typeof ParticipantView>

/**
 * A LiveKit token the API signed itself: three base64url parts joined by dots, nothing a JSON
 * string must escape. `format: 'unsafe'` tells Fastify's response serializer
 * (fast-json-stringify) to skip its escape scan, which over a token's 600 characters was
 * 1.5 % of a room-token request's CPU.
 */
const SignedToken = Type.String({ format: 'unsafe' })

/** Credentials to connect to one appointment's LiveKit room. */
export const RoomAccess = Type.Object({
  serverUrl: Type.String(),
  token: SignedToken,
})
export type RoomAccess = Static<typeof RoomAccess>

/**
 * The device check's way into its throw-away room: `token` for the sending side (the probe),
 * `receiverToken` for a second identity in the same room that may only subscribe. It takes the
 * probe back from the media server, so the download is measured on the path a call uses.
 */
export const CheckAccess = Type.Object({
  serverUrl: Type.String(),
  token: SignedToken,
  receiverToken: SignedToken,
})
export type CheckAccess = Static<typeof CheckAccess>

/** A short-lived link (for a QR code) that continues the participant's session on another device. */
export const HandoffLink = Type.Object({
  url: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type HandoffLink = Static<typeof HandoffLink>
