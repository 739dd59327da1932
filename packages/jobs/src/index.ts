/**
 * Queue and job names with their payloads, shared by producers and consumers.
 * Payloads carry ids only: personal data stays in Postgres, where the purge can reach it.
 */
export const QUEUES = { email: 'email' } as const

export type EmailJob = { name: 'send-outbox-email'; data: { outboxId: string } }

/** Every job of the email queue. */
export type EmailJobItem = EmailJob

/**
 * Deterministic job id: re-adding the same outbox row never creates a second job. Every mail
 * (invitation, update, reminder, cancellation) is its own outbox row, so its own job.
 */
export function emailJobId(outboxId: string): string {
  return `outbox-${outboxId}`
}

/** Attempts per mail before it counts as failed; with the backoff below that spans about 17 minutes. */
export const EMAIL_ATTEMPTS = 10

/** Retry schedule of a mail: 2 s, 4 s, 8 s … doubling. */
export const EMAIL_BACKOFF = { type: 'exponential', delay: 2000 } as const

/**
 * A mail job holds its lock this long (renewed while it runs). Short, because sending takes
 * well under a second: a job of a worker that died comes back to another within about
 * lock + stalled check, instead of BullMQ's default 30 + 30 s.
 */
export const EMAIL_LOCK_MS = 10_000
export const EMAIL_STALLED_CHECK_MS = 5_000

export { type AppEvent, channels, type Publisher, publishAppEvent } from './events.ts'
