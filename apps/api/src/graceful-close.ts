import type { FastifyInstance } from 'fastify'

/**
 * While the server closes, answers still in flight end their connection: a client keeping it
 * alive would otherwise hold the process open until its keep-alive timeout (Node closes idle
 * connections only once, when closing starts) and the supervisor's grace period ran out.
 */
export function installGracefulClose(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
}
