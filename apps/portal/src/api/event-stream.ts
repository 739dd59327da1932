/**
 * Follows a Server-Sent Events stream and keeps following it. The browser reconnects an
 * EventSource by itself after a dropped connection, but gives up for good when a reconnect is
 * answered with an error status, which is what the proxy in front of the api (nginx, vite
 * preview) answers while the api restarts and no replica is up. Then a new EventSource is
 * opened after `retryMs`, until the returned function closes it.
 */
export function followEventStream(
  url: string,
  handlers: Record<string, (data: string) => void>,
  onConnected: (connected: boolean) => void,
  retryMs = 3000,
): () => void {
  let source: EventSource | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const open = () => {
    const current = new EventSource(url)
    source = current
    for (const [event, handle] of Object.entries(handlers)) {
      current.addEventListener(event, (message) => handle((message as MessageEvent<string>).data))
    }
    current.onopen = () => onConnected(true)
    current.onerror = () => {
      onConnected(false)
      if (current.readyState === EventSource.CLOSED && !closed) retry = setTimeout(open, retryMs)
    }
  }
  open()
  return () => {
    closed = true
    clearTimeout(retry)
    source?.close()
  }
}
