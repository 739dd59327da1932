import type { Queue, Worker } from 'bullmq'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/** The worker process's metrics, served by @videotermin/metrics-server. */
export const registry = new Registry()
collectDefaultMetrics({ register: registry })

const STATES = ['waiting', 'delayed', 'active', 'failed'] as const
const watchedQueues: Queue[] = []

new Gauge({
  name: 'videotermin_queue_jobs',
  help: 'Jobs in a BullMQ queue by state, read from Redis at scrape time (the same on every worker).',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    for (const queue of watchedQueues) {
      const counts = await queue.getJobCounts(...STATES)
      for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0)
    }
  },
})

const jobs = new Counter({
  name: 'videotermin_jobs_total',
  help: 'Jobs this worker finished, by queue and outcome (a failed attempt may be retried).',
  labelNames: ['queue', 'outcome'] as const,
  registers: [registry],
})

const emailsSent = new Counter({
  name: 'videotermin_emails_sent_total',
  help: 'E-mails handed to the SMTP server.',
  registers: [registry],
})

const emailsFailed = new Counter({
  name: 'videotermin_emails_failed_total',
  help: 'Failed attempts to send an e-mail (retried with backoff until the attempts run out).',
  registers: [registry],
})

/** Reports the queue's depth on every scrape. */
export function watchQueue(queue: Queue): void {
  watchedQueues.push(queue)
}

/** Counts the outcomes of a worker's jobs. */
export function countJobs(worker: Worker): void {
  worker.on('completed', () => jobs.inc({ queue: worker.name, outcome: 'completed' }))
  worker.on('failed', () => jobs.inc({ queue: worker.name, outcome: 'failed' }))
}

/** Counts e-mails of a worker whose jobs return 'sent' when a mail went out (and nothing else then). */
export function countEmails(worker: Worker): void {
  worker.on('completed', (_job, result: unknown) => {
    if (result === 'sent') emailsSent.inc()
  })
  worker.on('failed', () => emailsFailed.inc())
}
