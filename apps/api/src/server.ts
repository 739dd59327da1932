import { createDb } from '@videotermin/db'
import { startMetricsServer } from '@videotermin/metrics-server'
import { Redis } from 'ioredis'
import { RoomServiceClient } from 'livekit-server-sdk'
import { buildApp } from './app.ts'
import { loadApiConfig } from './config.ts'
import { startLostCallSweep } from './modules/calls/lost-calls.ts'
import { livekitApiUrl } from './modules/calls/room.service.ts'
import { EventBus } from './modules/events/event-bus.ts'
import { registerCallsInProgress, registry } from './observability/metrics.ts'

const config = loadApiConfig()
const db = createDb(config.DATABASE_URL)
// Commands fail fast while Redis is down (readiness reports it) instead of queueing forever.
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
redis.on('error', () => {})
// Pub/sub needs a connection of its own; it must queue commands while reconnecting.
const subscriber = new Redis(config.REDIS_URL)
subscriber.on('error', () => {})
const events = new EventBus(redis, subscriber)
const rooms = new RoomServiceClient(livekitApiUrl(config), config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET)

const deps = { config, db, redis, rooms, events, now: () => new Date() }
const app = await buildApp(deps)
registerCallsInProgress(db)
const lostCallSweep = startLostCallSweep(deps, app.log)
const metrics = await startMetricsServer({ host: config.METRICS_HOST, port: config.METRICS_PORT, registry })

let closing = false
async function shutdown(signal: string) {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down')
  const timer = setTimeout(() => process.exit(1), 10_000).unref()
  try {
    // Ends the SSE streams (clients reconnect to another replica), stops accepting
    // connections, answers requests on open connections with 503 and waits for the
    // requests in flight; only then go the pools they use.
    await app.close()
    await lostCallSweep.stop()
    await metrics.close()
    await db.destroy()
    redis.disconnect()
    subscriber.disconnect()
    app.log.info('stopped')
  } finally {
    clearTimeout(timer)
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'))
process.once('SIGINT', () => void shutdown('SIGINT'))
// An unexpected exception leaves unknown state: log it and exit, the supervisor restarts us.
process.on('uncaughtException', (error) => {
  app.log.fatal({ err: error }, 'uncaught exception')
  process.exit(1)
})

await app.listen({ host: config.API_HOST, port: config.API_PORT })
