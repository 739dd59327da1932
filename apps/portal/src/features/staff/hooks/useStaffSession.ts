import type { LoginBody, StaffAppointmentList, StaffSession } from '@videotermin/contracts'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, api, setCsrfToken } from '../../../api/client.ts'

type SessionState = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; session: StaffSession }

/** The staff session: who is signed in, sign-in and sign-out. Keeps the CSRF token for the API client. */
export function useStaffSession() {
  const [session, setSession] = useState<SessionState>({ state: 'loading' })

  const adopt = useCallback((next: StaffSession) => {
    setCsrfToken(next.csrfToken)
    setSession({ state: 'signed-in', session: next })
  }, [])

  useEffect(() => {
    api<StaffSession>('GET', '/api/staff/me')
      .then(adopt)
      .catch(() => setSession({ state: 'signed-out' }))
  }, [adopt])

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

  return { session, signIn, signOut }
}

export function fetchAppointments(): Promise<StaffAppointmentList> {
  return api<StaffAppointmentList>('GET', '/api/staff/appointments')
}

export function requestHostAccess(appointmentId: string) {
  return api<{ serverUrl: string; token: string }>('POST', `/api/staff/appointments/${appointmentId}/room-token`)
}
