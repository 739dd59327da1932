import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'

const HEARTBEAT_MS = 15_000

export interface SseStream {
  send: (event: string, data: unknown) => void
  /** Ends the stream from this side (the client's EventSource will try to reconnect). */
  end: () => void
  /** Resolves when the client went away or the server shuts down. */
  closed: Promise<void>
}

/**
 * Server-Sent Events streams of one API process. Fastify hands the raw response over
 * (hijack), so the headers the usual hooks add are set here; comments every 15 s keep
 * proxies from closing idle streams; on shutdown every stream is ended so clients
 * reconnect to another replica instead of holding this one open.
 */
export class SseHub {
  private readonly open = new Set<ServerResponse>()

  stream(_request: FastifyRequest, reply: FastifyReply): SseStream {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    })
    res.write('retry: 2000\n\n')
    this.open.add(res)
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    const closed = new Promise<void>((resolve) => {
      res.once('close', () => {
        clearInterval(heartbeat)
        this.open.delete(res)
        resolve()
      })
    })
    return {
      send: (event, data) => {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      },
      end: () => res.end(),
      closed,
    }
  }

  closeAll(): void {
    for (const res of this.open) res.end()
  }
}
