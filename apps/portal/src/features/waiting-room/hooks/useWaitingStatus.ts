import type { WaitingStatus } from '@videotermin/contracts'
import { useEffect, useState } from 'react'

interface StatusEvent {
  status: WaitingStatus
  cancelled: boolean
  withdrawn: boolean
  ended: boolean
}

/**
 * Follows the participant's status over Server-Sent Events while the page waits. The
 * browser reconnects by itself (also to another API replica); `connected` says whether the
 * stream is up right now, so the page can say when it is not.
 */
export function useWaitingStatus(enabled: boolean) {
  const [latest, setLatest] = useState<StatusEvent>()
  const [connected, setConnected] = useState(true)
  useEffect(() => {
    if (!enabled) return
    const source = new EventSource('/api/p/events')
    const onStatus = (event: MessageEvent<string>) => setLatest(JSON.parse(event.data) as StatusEvent)
    source.addEventListener('status', onStatus)
    source.onopen = () => setConnected(true)
    source.onerror = () => setConnected(false)
    return () => {
      source.removeEventListener('status', onStatus)
      source.close()
    }
  }, [enabled])
  return { latest, connected }
}
