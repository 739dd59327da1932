import type { Db } from '@videotermin/db'
import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { routeOf } from './logging.ts'

/** The API process's metrics; served on METRICS_PORT (@videotermin/metrics-server), never on the public port. */
export const registry = new Registry()
collectDefaultMetrics({ register: registry })

const httpDuration = new Histogram({
  name: 'videotermin_http_request_duration_seconds',
  help: 'HTTP request latency by route template (never the raw URL) and status.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

const waitingRoomWait = new Histogram({
  name: 'videotermin_waiting_room_wait_seconds',
  help: 'How long a participant waited in the waiting room before an advisor admitted them.',
  buckets: [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
  registers: [registry],
})

/** Records one request's latency when its answer is sent. SSE streams count when they close. */
export function installHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      // Unmatched URLs share one label: anything else would let a scanner grow the series without bound.
      { method: request.method, route: routeOf(request), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })
}

/** Called when an advisor admits someone who was waiting. */
export function observeWaitingRoomWait(waitingSince: Date, admittedAt: Date): void {
  waitingRoomWait.observe(Math.max(0, (admittedAt.getTime() - waitingSince.getTime()) / 1000))
}

let callsGauge: Gauge | undefined

/**
 * Calls in progress, read from the database at scrape time (call start and end come from
 * LiveKit's webhooks, which any replica may receive), so every replica reports the same
 * total: aggregate with max, not sum.
 */
export function registerCallsInProgress(db: Db): void {
  if (callsGauge) return
  callsGauge = new Gauge({
    name: 'videotermin_calls_in_progress',
    help: 'Appointments whose call has started and not ended (same value on every API replica).',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('call_started_at', 'is not', null)
        .where('call_ended_at', 'is', null)
        .executeTakeFirst()
      this.set(Number(row?.count ?? 0))
    },
  })
}
