import type { LoginBody, StaffAppointmentDetail, StaffAppointmentList, StaffSession } from '@videotermin/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, api, setCsrfToken } from '../../../api/client.ts'
import { followEventStream } from '../../../api/event-stream.ts'

type SessionState = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; session: StaffSession }

/** The staff session: who is signed in, sign-in and sign-out. Keeps the CSRF token for the API client. */
export function useStaffSession() {
  const [session, setSession] = useState<SessionState>({ state: 'loading' })

  const adopt = useCallback((next: StaffSession) => {
    setCsrfToken(next.csrfToken)
    setSession({ state: 'signed-in', session: next })
  }, [])

  const reload = useCallback(() => {
    api<StaffSession>('GET', '/api/staff/me')
      .then(adopt)
      .catch(() => setSession({ state: 'signed-out' }))
  }, [adopt])
  useEffect(reload, [reload])

  const signIn = useCallback(
    async (credentials: LoginBody): Promise<'ok' | 'invalid' | 'rate-limited'> => {
      try {
        adopt(await api<StaffSession>('POST', '/api/staff/login', credentials))
        return 'ok'
      } catch (error) {
        if (error instanceof ApiError && error.status === 429) return 'rate-limited'
        return 'invalid'
      }
    },
    [adopt],
  )

  const signOut = useCallback(async () => {
    await api('POST', '/api/staff/logout').catch(() => {})
    setCsrfToken(undefined)
    setSession({ state: 'signed-out' })
  }, [])

  return { session, signIn, signOut, reload }
}

export function fetchAppointments(): Promise<StaffAppointmentList> {
  return api<StaffAppointmentList>('GET', '/api/staff/appointments')
}

export function requestHostAccess(appointmentId: string) {
  return api<{ serverUrl: string; token: string }>('POST', `/api/staff/appointments/${appointmentId}/room-token`)
}

export function fetchAppointment(appointmentId: string): Promise<StaffAppointmentDetail> {
  return api<StaffAppointmentDetail>('GET', `/api/staff/appointments/${appointmentId}`)
}

export function removeParticipant(appointmentId: string, participantId: string) {
  return api<void>('POST', `/api/staff/appointments/${appointmentId}/participants/${participantId}/remove`)
}

export function endForEverybody(appointmentId: string) {
  return api<void>('POST', `/api/staff/appointments/${appointmentId}/end`)
}

export function admit(appointmentId: string, participantId: string) {
  return api<void>('POST', `/api/staff/appointments/${appointmentId}/participants/${participantId}/admit`)
}

/**
 * Keeps one appointment's detail current: loads it, then reloads whenever the staff event
 * stream says it changed (the stream carries ids only). Calls `onWaiting` when someone
 * newly starts waiting, for the sound and the notification.
 */
export function useLiveAppointment(appointmentId: string, onWaiting: (name: string) => void) {
  const [detail, setDetail] = useState<StaffAppointmentDetail>()
  const [connected, setConnected] = useState(true)
  const waitingBefore = useRef(new Set<string>())
  const onWaitingRef = useRef(onWaiting)
  onWaitingRef.current = onWaiting

  const refresh = useCallback(async () => {
    const next = await fetchAppointment(appointmentId)
    for (const participant of next.participants) {
      const isWaiting = participant.status === 'waiting'
      if (isWaiting && !waitingBefore.current.has(participant.id)) {
        onWaitingRef.current(`${participant.firstName} ${participant.lastName}`)
      }
      if (isWaiting) waitingBefore.current.add(participant.id)
      else waitingBefore.current.delete(participant.id)
    }
    setDetail(next)
  }, [appointmentId])

  useEffect(() => {
    void refresh().catch(() => {})
    return followEventStream(
      '/api/staff/events',
      {
        change: (data) => {
          const { appointmentId: changed } = JSON.parse(data) as { appointmentId: string }
          if (changed === appointmentId) void refresh().catch(() => {})
        },
        // After a reconnect, events may have been missed: reload once.
        ready: () => void refresh().catch(() => {}),
      },
      setConnected,
    )
  }, [appointmentId, refresh])

  return { detail, connected, refresh }
}
