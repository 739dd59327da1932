/**
 * Queue and job names with their payloads, shared by producers and consumers.
 * Payloads carry ids only: personal data stays in Postgres, where the purge can reach it.
 */
export const QUEUES = { email: 'email' } as const

export type EmailJob = { name: 'send-outbox-email'; data: { outboxId: string } }

/** Every job of the email queue. */
export type EmailJobItem = EmailJob

/** Deterministic job id: re-adding the same outbox row never creates a second job. */
export function emailJobId(outboxId: string): string {
  return `outbox-${outboxId}`
}
