import { EMAIL_ATTEMPTS, type EmailJobItem } from '@videotermin/jobs'
import { DelayedError, type Job, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import {
  PermanentSendError,
  recordSendFailure,
  type SendDeps,
  type SendOutcome,
  sendOutboxEmail,
} from './send-outbox-email.job.ts'

/** How long a reminder that came too early (clock skew) waits before it is looked at again. */
const NOT_DUE_RETRY_MS = 60_000

/**
 * The email queue's processor: sends the row's mail, or finds it sent or obsolete. A refusal
 * no retry can fix fails the job at once; everything else is retried with backoff.
 */
export function emailProcessor(deps: SendDeps, log: Logger) {
  return async (job: Job<EmailJobItem['data']>, token?: string): Promise<SendOutcome> => {
    let outcome: SendOutcome
    try {
      outcome = await sendOutboxEmail(deps, job.data.outboxId)
    } catch (error) {
      if (error instanceof PermanentSendError) throw new UnrecoverableError(error.code)
      throw error
    }
    if (outcome === 'not-due') {
      await job.moveToDelayed(Date.now() + NOT_DUE_RETRY_MS, token)
      throw new DelayedError()
    }
    // A line per mail sent cost a write per mail; sent_at in the outbox and
    // videotermin_emails_sent_total tell the same. The rarer outcomes stay visible at info.
    if (outcome === 'sent') log.debug({ jobId: job.id, outcome }, 'email job done')
    else log.info({ jobId: job.id, outcome }, 'email job done')
    return outcome
  }
}

/**
 * Records a failed attempt; after the last one (or a permanent refusal) the row is marked
 * failed, which the advisor sees as the participant's delivery status.
 */
export function recordFailedAttempt(
  deps: Pick<SendDeps, 'db' | 'announce'>,
  log: Logger,
  job: Job<EmailJobItem['data']> | undefined,
  error: Error,
) {
  const permanent = error instanceof UnrecoverableError || error.name === 'UnrecoverableError'
  const code = permanent ? error.message : ((error as { code?: string }).code ?? error.name)
  const final = permanent || (job?.attemptsMade ?? 0) >= (job?.opts.attempts ?? EMAIL_ATTEMPTS)
  log.warn({ jobId: job?.id, attempt: job?.attemptsMade, code, final }, 'email job failed')
  if (!job) return
  recordSendFailure(deps.db, job.data.outboxId, code, { final })
    .then((owner) => owner && deps.announce?.(owner))
    .catch(() => {})
}
