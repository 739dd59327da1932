import { createDb } from '@videotermin/db'
import {
  EMAIL_ATTEMPTS,
  EMAIL_BACKOFF,
  EMAIL_LOCK_MS,
  EMAIL_STALLED_CHECK_MS,
  type EmailJobItem,
  publishAppEvent,
  QUEUES,
} from '@videotermin/jobs'
import { startMetricsServer } from '@videotermin/metrics-server'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { loadWorkerConfig } from './config.ts'
import { emailProcessor, recordFailedAttempt } from './email/email-jobs.ts'
import type { SendDeps } from './email/send-outbox-email.job.ts'
import { createMailSender } from './email/smtp-sender.ts'
import { createLogger } from './logger.ts'
import { countEmails, countJobs, registry, watchQueue } from './metrics/metrics.ts'
import { startOutboxRelay } from './outbox/outbox-relay.ts'
import { startMaintenance } from './purge/maintenance.ts'

const config = loadWorkerConfig()
const log = createLogger(config.LOG_LEVEL)
const db = createDb(config.DATABASE_URL)
// One SMTP connection per concurrent job, so a batch of mails does not pay a TCP + EHLO
// (+ TLS) handshake per message.
const mailer = createMailSender(config.SMTP_URL, { connections: config.EMAIL_CONCURRENCY })

// Separate connections for producer and consumer, as BullMQ's production guide says: the
// queue fails fast when Redis is down (the relay retries), the worker waits for Redis forever.
const queueConnection = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
const workerConnection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null })
for (const connection of [queueConnection, workerConnection]) connection.on('error', () => {})

const emailQueue = new Queue<EmailJobItem['data']>(QUEUES.email, {
  connection: queueConnection,
  defaultJobOptions: {
    attempts: EMAIL_ATTEMPTS,
    backoff: EMAIL_BACKOFF,
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  },
})
emailQueue.on('error', () => {})

const sendDeps: SendDeps = {
  db,
  mailer,
  mailFrom: config.MAIL_FROM,
  publicUrl: config.PUBLIC_URL,
  linkEncryptionKey: config.LINK_ENCRYPTION_KEY,
  // The staff's live view shows each participant's delivery status: it hears at once when a
  // mail went out or was given up on. Best effort: with Redis down, the view shows it on reload.
  announce: ({ organisationId, appointmentId, participantId }) => {
    publishAppEvent(
      queueConnection,
      { type: 'participant-changed', appointmentId, participantId },
      organisationId,
    ).catch(() => {})
  },
}

const emailWorker = new Worker<EmailJobItem['data']>(QUEUES.email, emailProcessor(sendDeps, log), {
  connection: workerConnection,
  concurrency: config.EMAIL_CONCURRENCY,
  lockDuration: EMAIL_LOCK_MS,
  stalledInterval: EMAIL_STALLED_CHECK_MS,
})
emailWorker.on('failed', (job, error) => recordFailedAttempt(sendDeps, log, job, error))
emailWorker.on('error', (error) => log.error({ err: { message: error.message } }, 'worker error'))
watchQueue(emailQueue)
countJobs(emailWorker)
countEmails(emailWorker)
const metrics = await startMetricsServer({ host: config.METRICS_HOST, port: config.METRICS_PORT, registry })

const maintenance = await startMaintenance({ db, queueConnection, workerConnection, log })

const stopRelay = startOutboxRelay({
  db,
  databaseUrl: config.DATABASE_URL,
  queue: emailQueue,
  pollMs: config.OUTBOX_POLL_MS,
  log,
})
log.info({ metricsPort: metrics.port }, 'worker started')

let closing = false
async function shutdown(signal: string) {
  if (closing) return
  closing = true
  log.info({ signal }, 'shutting down: finishing running jobs')
  const timer = setTimeout(() => process.exit(1), 30_000).unref()
  await stopRelay()
  await emailWorker.close() // waits for running jobs; waiting ones stay in Redis
  await maintenance.close()
  await emailQueue.close()
  // BullMQ leaves connections it was given open.
  await Promise.all([queueConnection.quit(), workerConnection.quit()])
  await db.destroy()
  mailer.close()
  await metrics.close()
  clearTimeout(timer)
  log.info('worker stopped')
}
process.once('SIGTERM', () => void shutdown('SIGTERM'))
process.once('SIGINT', () => void shutdown('SIGINT'))
process.on('uncaughtException', (error) => {
  log.fatal({ err: error }, 'uncaught exception')
  process.exit(1)
})
