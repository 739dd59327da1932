import { randomBytes } from 'node:crypto'
import { ErrorCode } from '@videotermin/contracts'
import { type RoomServiceClient, TrackSource } from 'livekit-server-sdk'
import type { ApiConfig } from '../../config.ts'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { signLiveKitToken } from './livekit-jwt.ts'

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

/**
 * How long a room LiveKit has confirmed is taken to still exist without asking again. Rooms
 * close on their own (empty for `emptyTimeout`, or `departureTimeout` after the last one
 * left); this process forgets a room at once when it deletes one or hears that one closed
 * (announceRoomClosed, also for LiveKit's room_finished webhook on whichever replica receives
 * it). What is left is a room lost without a webhook (its LiveKit node died): a token minted
 * from the memo then fails to connect, and the page asks again; short, so that costs seconds.
 */
export const ROOM_CONFIRMATION_MS = 3_000

interface RoomMemo {
  /** CreateRoom calls under way, by room name. */
  pending: Map<string, Promise<unknown>>
  /** When LiveKit last confirmed the room, by room name. */
  confirmedAt: Map<string, number>
}

/** Per LiveKit client (tests run several apps in one process, each with its own). */
const memos = new WeakMap<RoomServiceClient, RoomMemo>()

function memoOf(rooms: RoomServiceClient): RoomMemo {
  let memo = memos.get(rooms)
  if (!memo) {
    memo = { pending: new Map(), confirmedAt: new Map() }
    memos.set(rooms, memo)
  }
  return memo
}

/**
 * Creates the appointment's room (LiveKit runs with auto_create off, so only this path
 * can make one). CreateRoom returns the existing room when it is already there.
 *
 * A token request costs one CreateRoom RPC otherwise, and that RPC (signing its own admin
 * token, HTTP, decoding the room) costs more CPU than everything else the request does;
 * bursts for one room (a reconnecting call, several devices, everybody let in at once) are
 * the common case. So a room confirmed within ROOM_CONFIRMATION_MS is not asked for again,
 * and requests while a CreateRoom for the room is under way share that call (LiveKit handles
 * CreateRoom for one room one at a time anyway). The memo runs on the monotonic clock, not
 * the app's (injectable, business) clock: it is about LiveKit's real time.
 */
export async function ensureRoom(
  rooms: RoomServiceClient,
  options: {
    appointmentId: string
    /** How many people are invited; asked only when LiveKit is asked, so mostly never. */
    participantCount: () => number | Promise<number>
    departureTimeoutSeconds: number
  },
): Promise<string> {
  const now = performance.now()
  const name = roomNameFor(options.appointmentId)
  const memo = memoOf(rooms)
  const confirmedAt = memo.confirmedAt.get(name)
  if (confirmedAt !== undefined && now - confirmedAt < ROOM_CONFIRMATION_MS) return name
  let call = memo.pending.get(name)
  if (!call) {
    call = Promise.resolve(options.participantCount())
      .then((invited) =>
        rooms.createRoom({
          name,
          // Everyone invited plus the advisor.
          maxParticipants: invited + 1,
          emptyTimeout: 5 * 60,
          departureTimeout: options.departureTimeoutSeconds,
        }),
      )
      .then(() => {
        // Not when the room was forgotten while the call was under way: that answer may
        // predate the deletion.
        if (memo.pending.get(name) === call) memo.confirmedAt.set(name, now)
      })
      .finally(() => {
        if (memo.pending.get(name) === call) memo.pending.delete(name)
      })
    memo.pending.set(name, call)
  }
  await call
  // The memo holds only rooms confirmed recently; drop the stale ones now and then.
  if (memo.confirmedAt.size > 1000) {
    for (const [room, at] of memo.confirmedAt) if (now - at >= ROOM_CONFIRMATION_MS) memo.confirmedAt.delete(room)
  }
  return name
}

/**
 * The appointment's room was deleted here or LiveKit said it finished: this process and
 * every other replica (EventBus) ask LiveKit again next time.
 */
export async function announceRoomClosed(deps: Pick<AppDeps, 'rooms' | 'events'>, appointmentId: string) {
  forgetRoom(deps.rooms, appointmentId)
  await deps.events.announceRoomClosed(appointmentId)
}

/** The room is gone or going: ask LiveKit next time. */
export function forgetRoom(rooms: RoomServiceClient, appointmentId: string): void {
  const memo = memos.get(rooms)
  if (!memo) return
  const name = roomNameFor(appointmentId)
  memo.confirmedAt.delete(name)
  memo.pending.delete(name)
}

/**
 * A throw-away room for one device check: random name, room for one, gone shortly after
 * the check ends. The check connects several times in a row (signalling, WebRTC, publish
 * audio, publish video), so the room must outlive the short gaps between them. Nothing
 * about it is stored.
 */
export async function createCheckRoom(rooms: RoomServiceClient): Promise<string> {
  const name = `check-${randomBytes(12).toString('hex')}`
  // The browser's sending side and its receiving side (see mintCheckToken).
  await rooms.createRoom({ name, maxParticipants: 2, emptyTimeout: 60, departureTimeout: 20 })
  return name
}

/**
 * A short-lived token for a device-check room, no data channel, a random identity. The
 * sender publishes camera and microphone (the probe); the receiver, the same browser's second
 * connection, may only subscribe: what reaches it is the download through the media server.
 */
export function mintCheckToken(
  config: Pick<ApiConfig, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET'>,
  roomName: string,
  side: 'sender' | 'receiver',
): string {
  return signLiveKitToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: `check-${randomBytes(8).toString('hex')}`,
    ttlSeconds: 120,
    video: {
      room: roomName,
      roomJoin: true,
      canPublish: side === 'sender',
      canSubscribe: true,
      canPublishData: false,
      canPublishSources: side === 'sender' ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [],
    },
  })
}

/**
 * A token for one identity in one room, with only what a call needs: join, publish
 * camera/microphone/screen, subscribe, chat. No admin, create, list, record or hidden
 * grants. Short-lived: it only has to last until the connection is up.
 */
export function mintRoomToken(
  config: Pick<ApiConfig, 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET' | 'LIVEKIT_TOKEN_TTL_SECONDS'>,
  options: { roomName: string; identity: string; displayName: string },
): string {
  return signLiveKitToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: options.identity,
    name: options.displayName,
    ttlSeconds: config.LIVEKIT_TOKEN_TTL_SECONDS,
    video: {
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
    },
  })
}
