import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTcpBalancer, type TcpBalancer } from '../support/tcp-balancer.ts'

/** A loopback HTTP server that answers with its name, and 200 or 503 on `/`. */
async function upstream(name: string) {
  let status = 200
  const server: HttpServer = createHttpServer((_req, res) => res.writeHead(status).end(name))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    healthUrl: `http://127.0.0.1:${port}/`,
    setStatus: (next: number) => {
      status = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** One request over a fresh connection to the balancer: the answering upstream's name, or an error. */
async function whoAnswers(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } })
  return response.text()
}

describe('startTcpBalancer', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setUp(healthIntervalMs = 100) {
    const a = await upstream('a')
    const b = await upstream('b')
    const balancer: TcpBalancer = await startTcpBalancer(
      [a, b].map(({ port, healthUrl }) => ({ host: '127.0.0.1', port, healthUrl })),
      { healthIntervalMs },
    )
    cleanups.push(a.close, b.close, balancer.close)
    return { a, b, balancer }
  }

  it('hands new connections to the upstreams in turn', async () => {
    const { balancer } = await setUp()
    const answers = [] as string[]
    for (let i = 0; i < 4; i++) answers.push(await whoAnswers(balancer.port))
    expect(answers.sort()).toEqual(['a', 'a', 'b', 'b'])
  })

  it('skips an upstream that refuses connections, at once and without a failed request', async () => {
    const { a, balancer } = await setUp(60_000)
    await a.close()
    const answers = [] as string[]
    for (let i = 0; i < 4; i++) answers.push(await whoAnswers(balancer.port))
    expect(answers).toEqual(['b', 'b', 'b', 'b'])
    expect(balancer.healthy()).not.toContain(`127.0.0.1:${a.port}`)
  })

  it('takes an upstream out while its health check fails and back once it passes', async () => {
    const { a, b, balancer } = await setUp()
    a.setStatus(503)
    await expect.poll(() => balancer.healthy()).toEqual([`127.0.0.1:${b.port}`])
    for (let i = 0; i < 3; i++) expect(await whoAnswers(balancer.port)).toBe('b')
    a.setStatus(200)
    await expect.poll(() => balancer.healthy().sort()).toEqual([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`].sort())
  })

  it('closes the client’s connection when its upstream goes away', async () => {
    const { a, b, balancer } = await setUp(60_000)
    const client = connect({ host: '127.0.0.1', port: balancer.port })
    await new Promise<void>((resolve) => client.once('connect', () => resolve()))
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.on('error', () => {})
    // Whichever upstream took it: both go, the client must learn of it.
    await Promise.all([a.close(), b.close()])
    await closed
  })
})
