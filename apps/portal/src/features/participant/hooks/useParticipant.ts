import type {
  CheckAccess,
  DeviceCheckMeasurement,
  DeviceCheckResult,
  ParticipantView,
  RoomAccess,
  SurveyBody,
  WaitingRoomState,
} from '@videotermin/contracts'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, api } from '../../../api/client.ts'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; view: ParticipantView }
  | { state: 'no-session' }
  | { state: 'session-ended' }
  | { state: 'error' }

/**
 * Loads what the personal link's holder may see: `no-session` when the link was never opened
 * here, `session-ended` when the page had its appointment and the session went since (the
 * link was sent anew, or the page stood open past the session's end).
 */
export function useParticipant() {
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const reload = useCallback(async () => {
    try {
      const view = await api<ParticipantView>('GET', '/api/p/me')
      setLoad({ state: 'ready', view })
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) return setLoad({ state: 'error' })
      setLoad((before) => ({ state: before.state === 'loading' ? 'no-session' : 'session-ended' }))
    }
  }, [])
  useEffect(() => {
    void reload()
  }, [reload])
  return { load, reload }
}

/** The participant's actions; each is checked again by the server. */
export const participantApi = {
  giveConsent: (version: number) => api<void>('POST', '/api/p/consent', { version }),
  withdrawConsent: () => api<void>('POST', '/api/p/consent/withdraw'),
  checkAccess: () => api<CheckAccess>('POST', '/api/p/device-check/token'),
  saveDeviceCheck: (measurement: DeviceCheckMeasurement) =>
    api<DeviceCheckResult>('POST', '/api/p/device-check/result', measurement),
  enterWaitingRoom: () => api<WaitingRoomState>('POST', '/api/p/waiting-room'),
  roomAccess: () => api<RoomAccess>('POST', '/api/p/room-token'),
  answerSurvey: (answer: SurveyBody) => api<void>('POST', '/api/p/survey', answer),
}

/** Re-renders every `intervalMs` so countdown-like UI stays current. */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}

/** Whether this browser can take part at all: WebRTC, camera/microphone access and SSE. */
export function browserSupported(): boolean {
  return (
    typeof window.RTCPeerConnection === 'function' &&
    typeof navigator.mediaDevices?.getUserMedia === 'function' &&
    typeof window.EventSource === 'function'
  )
}
