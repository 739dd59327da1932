import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'

const CHECK_TIMEOUT_MS = 2000

const Check = Type.Union([Type.Literal('ok'), Type.Literal('failed')])
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({ postgres: Check, redis: Check, livekit: Check }),
})

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)
  })
  try {
    await Promise.race([check(), timeout])
    return 'ok'
  } catch {
    return 'failed'
  } finally {
    clearTimeout(timer)
  }
}

/** `/healthz`: the process answers. `/readyz`: Postgres, Redis and LiveKit answer too. */
export const healthRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/healthz', { schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
      status: 'ok' as const,
    }))

    app.get('/readyz', { schema: { response: { 200: Readiness, 503: Readiness } } }, async (_request, reply) => {
      const [postgres, redis, livekit] = await Promise.all([
        probe(() => sql`select 1`.execute(deps.db)),
        probe(() => deps.redis.ping()),
        probe(() => deps.rooms.listRooms(['readiness-probe'])),
      ])
      const checks = { postgres, redis, livekit }
      const ready = Object.values(checks).every((c) => c === 'ok')
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
    })
  }
