import { createServer, type Socket, connect as tcpConnect } from 'node:net'

export interface Upstream {
  host: string
  port: number
  /** Polled with GET; an upstream counts as healthy while it answers 200 (LiveKit: `/`). */
  healthUrl?: string
}

export interface TcpBalancer {
  port: number
  /** Connections handed to each upstream so far, by `host:port`. */
  readonly connections: ReadonlyMap<string, number>
  /** Upstreams whose last health check passed, by `host:port`. */
  healthy(): string[]
  close(): Promise<void>
}

const key = (upstream: Upstream) => `${upstream.host}:${upstream.port}`

/**
 * A TCP load balancer on loopback, as a Kubernetes Service or a cloud load balancer stands in
 * front of several LiveKit nodes: clients and the API know one address only. Each new
 * connection goes to the next healthy upstream in turn (round robin); one that refuses the
 * connection is marked down and the next is tried, so a dead upstream costs no client more
 * than a refused connect. Established connections are piped as they are: when an upstream
 * dies, its connections are closed on the client's side too (as a client sees a reset).
 * Health checks (every `healthIntervalMs`) take an upstream out of and back into the turn.
 */
export async function startTcpBalancer(
  upstreams: Upstream[],
  options: { port?: number; healthIntervalMs?: number } = {},
): Promise<TcpBalancer> {
  const healthy = new Set(upstreams.map(key))
  const connections = new Map(upstreams.map((u) => [key(u), 0]))
  const open = new Set<Socket>()
  let next = 0

  const checkHealth = async (upstream: Upstream) => {
    if (!upstream.healthUrl) return
    const ok = await fetch(upstream.healthUrl, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) healthy.add(key(upstream))
    else healthy.delete(key(upstream))
  }
  const healthTimer = setInterval(() => {
    for (const upstream of upstreams) void checkHealth(upstream)
  }, options.healthIntervalMs ?? 500)
  await Promise.all(upstreams.map(checkHealth))

  /** Connects to the healthy upstreams in round-robin order until one accepts. */
  const connectUpstream = (candidates: Upstream[], onConnected: (socket: Socket) => void, onNone: () => void) => {
    const [upstream, ...rest] = candidates
    if (!upstream) return onNone()
    const socket = tcpConnect({ host: upstream.host, port: upstream.port })
    const refused = () => {
      healthy.delete(key(upstream))
      socket.destroy()
      connectUpstream(rest, onConnected, onNone)
    }
    socket.once('error', refused)
    socket.once('connect', () => {
      socket.off('error', refused)
      connections.set(key(upstream), (connections.get(key(upstream)) ?? 0) + 1)
      onConnected(socket)
    })
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client)
    client.once('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    const start = next++
    const ordered = upstreams.map((_, i) => upstreams[(start + i) % upstreams.length] as Upstream)
    const up = ordered.filter((u) => healthy.has(key(u)))
    // With none passing its health check (all busy for a moment) every one is tried, as nginx does.
    connectUpstream(
      up.length > 0 ? up : ordered,
      (upstream) => {
        open.add(upstream)
        upstream.once('close', () => open.delete(upstream))
        upstream.on('error', () => upstream.destroy())
        // Either side closing or failing ends both, as a proxied connection does.
        upstream.once('close', () => client.destroy())
        client.once('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      },
      () => client.destroy(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    connections,
    healthy: () => [...healthy],
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(healthTimer)
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
