import { randomBytes } from 'node:crypto'
import { ErrorCode } from '@videotermin/contracts'
import { AccessToken, type RoomServiceClient, TrackSource } from 'livekit-server-sdk'
import type { ApiConfig } from '../../config.ts'
import { AppError } from '../../errors.ts'

/** The HTTP base URL of LiveKit's server API. */
export function livekitApiUrl(config: Pick<ApiConfig, 'LIVEKIT_URL' | 'LIVEKIT_API_URL'>): string {
  return config.LIVEKIT_API_URL ?? config.LIVEKIT_URL.replace(/^ws/, 'http')
}

/** LiveKit names carry ids only, never personal data. */
export const roomNameFor = (appointmentId: string) => `appointment-${appointmentId}`
export const participantIdentity = (participantId: string) => `participant-${participantId}`
export const staffIdentity = (staffUserId: string) => `staff-${staffUserId}`

export interface JoinableAppointment {
  starts_at: Date
  duration_minutes: number
  status: 'scheduled' | 'cancelled'
  ended_at: Date | null
}

/** Staff may open the room well before the citizen to get ready. */
export const STAFF_LEAD_MINUTES = 30

export function appointmentEnd(appointment: Pick<JoinableAppointment, 'starts_at' | 'duration_minutes'>): Date {
  return new Date(appointment.starts_at.getTime() + appointment.duration_minutes * 60_000)
}

/**
 * The call may be entered from `leadMinutes` before the start until the end; anything
 * else is refused with the reason, so the page can say what to do.
 */
export function assertJoinable(appointment: JoinableAppointment, now: Date, leadMinutes: number): void {
  if (appointment.status === 'cancelled') {
    throw new AppError(ErrorCode.appointmentCancelled, 'This appointment was cancelled.')
  }
  const opensAt = appointment.starts_at.getTime() - leadMinutes * 60_000
  if (now.getTime() < opensAt) {
    throw new AppError(ErrorCode.tooEarly, `The call opens ${leadMinutes} minutes before the start.`)
  }
  if (appointment.ended_at || now >= appointmentEnd(appointment)) {
    throw new AppError(ErrorCode.appointmentOver, 'This appointment is over.')
  }
}

/** CreateRoom calls under way, per LiveKit client and room name (see ensureRoom). */
const roomsBeingEnsured = new WeakMap<RoomServiceClient, Map<string, Promise<unknown>>>()

/**
 * Creates the appointment's room (LiveKit runs with auto_create off, so only this path
 * can make one). CreateRoom returns the existing room when it is already there.
 * Requests for the same room while a CreateRoom for it is under way share that call:
 * LiveKit handles CreateRoom for one room one at a time anyway (a few ms each, and a few
 * ms of this process's CPU for the RPC), so a burst of token requests for one room (a
 * reconnecting call, several devices) would otherwise queue behind each other. Its answer
 * says no less than a call of one's own: the room exists.
 */
export async function ensureRoom(
  rooms: RoomServiceClient,
  options: { appointmentId: string; maxParticipants: number; departureTimeoutSeconds: number },
): Promise<string> {
  const name = roomNameFor(options.appointmentId)
  let pending = roomsBeingEnsured.get(rooms)
  if (!pending) {
    pending = new Map()
    roomsBeingEnsured.set(rooms, pending)
  }
  let call = pending.get(name)
  if (!call) {
    const calls = pending
    call = rooms
      .createRoom({
        name,
        maxParticipants: options.maxParticipants,
        emptyTimeout: 5 * 60,
        departureTimeout: options.departureTimeoutSeconds,
      })
      .finally(() => calls.delete(name))
    calls.set(name, call)
  }
  await call
  return name
}

/**
 * A throw-away room for one device check: random name, room for one, gone shortly after
 * the check ends. The check connects several times in a row (signalling, WebRTC, publish
 * audio, publish video), so the room must outlive the short gaps between them. Nothing
 * about it is stored.
 */
export async function createCheckRoom(rooms: RoomServiceClient): Promise<string> {
  const name = `check-${randomBytes(12).toString('hex')}`
  await rooms.createRoom({ name, maxParticipants: 1, emptyTimeout: 60, departureTimeout: 20 })
  return name
}

/** A short-lived token for a device-check room: publish and subscribe, no data channel. */
export async function mintCheckToken(
  config: Pick<ApiConfig, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET'>,
  roomName: string,
): Promise<string> {
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: `check-${randomBytes(8).toString('hex')}`,
    ttl: 120,
  })
  token.addGrant({
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: false,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
  })
  return token.toJwt()
}

/**
 * A token for one identity in one room, with only what a call needs: join, publish
 * camera/microphone/screen, subscribe, chat. No admin, create, list, record or hidden
 * grants. Short-lived: it only has to last until the connection is up.
 */
export async function mintRoomToken(
  config: Pick<ApiConfig, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET' | 'LIVEKIT_TOKEN_TTL_SECONDS'>,
  options: { roomName: string; identity: string; displayName: string },
): Promise<string> {
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: options.identity,
    name: options.displayName,
    ttl: config.LIVEKIT_TOKEN_TTL_SECONDS,
  })
  token.addGrant({
    room: options.roomName,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    canPublishSources: [
      TrackSource.CAMERA,
      TrackSource.MICROPHONE,
      TrackSource.SCREEN_SHARE,
      TrackSource.SCREEN_SHARE_AUDIO,
    ],
  })
  return token.toJwt()
}
