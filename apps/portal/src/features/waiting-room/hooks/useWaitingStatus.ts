import type { WaitingStatus } from '@videotermin/contracts'
import { useEffect, useState } from 'react'
import { followEventStream } from '../../../api/event-stream.ts'

interface StatusEvent {
  status: WaitingStatus
  cancelled: boolean
  withdrawn: boolean
  ended: boolean
}

/**
 * Follows the participant's status over Server-Sent Events while the page waits. The stream
 * reconnects by itself (also to another API replica, or to the same one restarted); `connected`
 * says whether it is up right now, so the page can say when it is not. `sessionEnded`: the
 * server ended the stream because this page's session is gone (the link was sent anew).
 */
export function useWaitingStatus(enabled: boolean) {
  const [latest, setLatest] = useState<StatusEvent>()
  const [connected, setConnected] = useState(true)
  const [sessionEnded, setSessionEnded] = useState(false)
  useEffect(() => {
    if (!enabled) return
    return followEventStream(
      '/api/p/events',
      {
        status: (data) => setLatest(JSON.parse(data) as StatusEvent),
        'session-ended': () => setSessionEnded(true),
      },
      setConnected,
    )
  }, [enabled])
  return { latest, connected, sessionEnded }
}
