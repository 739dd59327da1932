import type { Db } from '@videotermin/db'
import { Queue, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { aggregateDailyStatistics } from '../statistics/daily-statistics.ts'
import { type PurgeCounts, purgeExpiredPersonalData } from './purge.ts'

// Only the worker schedules and runs this job, so its name and (empty) payload live here.
export const MAINTENANCE_QUEUE = 'maintenance'
const SCHEDULER_ID = 'hourly-statistics-and-purge'
const JOB_NAME = 'statistics-and-purge'

export interface MaintenanceResult {
  statistics: { days: number; final: number }
  purged: PurgeCounts
  ms: number
}

/** Statistics first, then the purge: a day is aggregated before anything of it is deleted. */
export async function runMaintenance(
  db: Db,
  now: Date,
  options: { batchSize?: number; pauseMs?: number } = {},
): Promise<MaintenanceResult> {
  const started = performance.now()
  const statistics = await aggregateDailyStatistics(db, now)
  const purged = await purgeExpiredPersonalData(db, { now, ...options })
  return { statistics, purged, ms: Math.round(performance.now() - started) }
}

/**
 * Runs statistics and purge every hour through BullMQ's job scheduler: one job per hour
 * however many worker replicas run (upsert keeps a single scheduler), and none pile up while
 * no worker runs. The job carries no data; it logs counts only.
 */
export async function startMaintenance(deps: {
  db: Db
  queueConnection: Redis
  workerConnection: Redis
  log: Logger
  now?: () => Date
  everyMs?: number
}) {
  const now = deps.now ?? (() => new Date())
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: deps.queueConnection })
  queue.on('error', () => {})
  // Redis may not answer yet at boot: keep trying, the worker runs meanwhile.
  let retry: NodeJS.Timeout | undefined
  const schedule = () =>
    queue
      .upsertJobScheduler(
        SCHEDULER_ID,
        { every: deps.everyMs ?? 3600_000 },
        {
          name: JOB_NAME,
          data: {},
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 60_000 },
            removeOnComplete: 48,
            removeOnFail: 48,
          },
        },
      )
      .catch(() => {
        deps.log.warn('could not schedule statistics and purge yet; retrying in a minute')
        retry = setTimeout(schedule, 60_000)
      })
  await schedule()
  const worker = new Worker<Record<string, never>, MaintenanceResult>(
    MAINTENANCE_QUEUE,
    async (job) => {
      const result = await runMaintenance(deps.db, now())
      deps.log.info({ jobId: job.id, ...result }, 'statistics and purge done')
      return result
    },
    { connection: deps.workerConnection, concurrency: 1 },
  )
  worker.on('failed', (job, error) =>
    deps.log.warn(
      { jobId: job?.id, code: (error as { code?: string }).code ?? error.name },
      'statistics and purge failed',
    ),
  )
  worker.on('error', (error) => deps.log.error({ err: { message: error.message } }, 'maintenance worker error'))
  return {
    close: async () => {
      clearTimeout(retry)
      await worker.close()
      await queue.close()
    },
  }
}
