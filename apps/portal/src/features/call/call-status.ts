import type { MessageKey } from '@videotermin/i18n'
import { ConnectionQuality, ConnectionState, DisconnectReason, MediaDeviceFailure } from 'livekit-client'
import { ApiError } from '../../api/client.ts'

/**
 * What a disconnect means for the person in the call: they left (hung up), the call was
 * ended for them (removed, room closed), they joined again elsewhere, or the connection
 * broke and they should get the chance to reconnect.
 */
export type DisconnectOutcome = 'left' | 'ended' | 'duplicate' | 'lost'

export function disconnectOutcome(reason: DisconnectReason | undefined): DisconnectOutcome {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return 'left'
    case DisconnectReason.PARTICIPANT_REMOVED:
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'ended'
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'duplicate'
    default:
      return 'lost'
  }
}

/**
 * Pauses before each attempt to rejoin a call whose connection stood and was lost, once the
 * SDK has given up on it (or was told to: a LiveKit node that is stopped closes its rooms).
 * Each attempt asks the API for fresh credentials, which also creates the room again where it
 * is gone. The room may have to move to another node first: LiveKit takes a node for gone
 * about 5 s after its last status report and only then places the room elsewhere. About 40 s
 * in all, then the person is asked.
 */
export const REJOIN_DELAYS_MS: readonly number[] = [0, 1000, 2000, 4000, 8000, 8000, 8000, 8000]

/**
 * Whether trying again is pointless: the API refused the credentials (the appointment is
 * over or cancelled, the person is no longer let in, the session is gone). Network errors,
 * a busy or failing server and LiveKit's own errors are worth another attempt.
 */
export function isFinalRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429
}

/** Whether the SDK is trying to get a broken connection back. */
export function isReconnecting(state: ConnectionState): boolean {
  return state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting
}

/** The accessible text of a connection-quality indicator; none while the quality is unknown. */
export function qualityMessage(quality: ConnectionQuality): MessageKey | undefined {
  switch (quality) {
    case ConnectionQuality.Excellent:
      return 'call.qualityExcellent'
    case ConnectionQuality.Good:
      return 'call.qualityGood'
    case ConnectionQuality.Poor:
      return 'call.qualityPoor'
    case ConnectionQuality.Lost:
      return 'call.qualityLost'
    default:
      return undefined
  }
}

export type DeviceKind = 'audioinput' | 'videoinput' | 'screen'

/**
 * What to tell the user when a camera, microphone or screen could not be used; nothing when
 * there is nothing to say: a refused screen share is most often a closed picker, and an
 * error of unknown kind (the SDK reports screen-share errors without one) is told by the
 * screen-share button itself.
 */
export function deviceProblemMessage(
  failure: MediaDeviceFailure | undefined,
  kind: DeviceKind | MediaDeviceKind | undefined,
): MessageKey | undefined {
  if (kind === 'screen') return failure === MediaDeviceFailure.PermissionDenied ? undefined : 'call.screenShareFailed'
  if (kind !== 'audioinput' && kind !== 'videoinput') return undefined
  const camera = kind === 'videoinput'
  switch (failure) {
    case MediaDeviceFailure.PermissionDenied:
      return camera ? 'call.cameraDenied' : 'call.microphoneDenied'
    case MediaDeviceFailure.NotFound:
      return camera ? 'call.cameraNotFound' : 'call.microphoneNotFound'
    case MediaDeviceFailure.DeviceInUse:
      return camera ? 'call.cameraInUse' : 'call.microphoneInUse'
    default:
      return 'call.deviceFailed'
  }
}

/** One sentence instead of two when the browser refused both camera and microphone. */
export function combineDeviceProblems(messages: readonly MessageKey[]): MessageKey[] {
  if (!messages.includes('call.cameraDenied') || !messages.includes('call.microphoneDenied')) return [...messages]
  const rest = messages.filter((message) => message !== 'call.cameraDenied' && message !== 'call.microphoneDenied')
  return ['call.bothDenied', ...rest]
}

/**
 * Messages from others after the first `readCount` messages. A list shorter than
 * `readCount` was started afresh (the SDK clears it after a reconnect): all of it is new.
 */
export function countUnread(
  messages: readonly { from?: { isLocal: boolean } | undefined }[],
  readCount: number,
): number {
  const start = readCount > messages.length ? 0 : readCount
  return messages.slice(start).filter((message) => !message.from?.isLocal).length
}
