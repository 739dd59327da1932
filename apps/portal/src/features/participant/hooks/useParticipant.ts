import type { ParticipantView, RoomAccess } from '@videotermin/contracts'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, api } from '../../../api/client.ts'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; view: ParticipantView }
  | { state: 'no-session' }
  | { state: 'error' }

/** Loads what the personal link's holder may see; `no-session` when the link was never opened here. */
export function useParticipant() {
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const reload = useCallback(() => {
    api<ParticipantView>('GET', '/api/p/me')
      .then((view) => setLoad({ state: 'ready', view }))
      .catch((error: unknown) =>
        setLoad(error instanceof ApiError && error.status === 401 ? { state: 'no-session' } : { state: 'error' }),
      )
  }, [])
  useEffect(reload, [reload])
  return { load, reload }
}

/** The server decides whether the call may be entered now; the reason comes back as an error code. */
export function requestRoomAccess(): Promise<RoomAccess> {
  return api<RoomAccess>('POST', '/api/p/room-token')
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
