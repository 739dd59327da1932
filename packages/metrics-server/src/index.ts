import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What is served: a prom-client Registry (typed by shape, so this package needs no prom-client). */
export interface MetricsSource {
  metrics(): Promise<string>
  readonly contentType: string
}

/**
 * A listener of its own for Prometheus, used by the api and the worker: `/metrics` and
 * `/healthz` (the worker's container health check) on METRICS_PORT. Kept off the public
 * port, so the ingress never exposes it; only the cluster network reaches it.
 */
export async function startMetricsServer(options: { host: string; port: number; registry: MetricsSource }) {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'GET' && path === '/metrics') {
      options.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': options.registry.contentType })
          res.end(body)
        },
        () => {
          res.writeHead(500).end()
        },
      )
      return
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
