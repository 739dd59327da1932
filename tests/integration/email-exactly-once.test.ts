import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freshDatabase,
  mailsTo,
  seedMails,
  startOwnRedis,
  startWorker,
  waitForMails,
} from '../support/mail-pipeline.ts'
import { testEnv } from '../support/test-env.ts'

/**
 * Every recipient got exactly one distinct mail. A worker killed between the SMTP server's
 * "250 accepted" and its own commit can hand the same mail over again: it then carries the
 * same Message-ID (one per outbox row), which mail systems and this check treat as one.
 */
function expectExactlyOnce(mails: { messageId: string; to: string }[], expected: number) {
  const idsByRecipient = new Map<string, Set<string>>()
  for (const mail of mails) {
    const ids = idsByRecipient.get(mail.to) ?? new Set()
    ids.add(mail.messageId)
    idsByRecipient.set(mail.to, ids)
  }
  const distinct = new Set(mails.map((m) => m.messageId))
  expect(distinct.size).toBe(expected)
  return { raw: mails.length, distinct: distinct.size, idsByRecipient }
}

describe('e-mails arrive exactly once through worker and Redis restarts (real worker process, Redis, Postgres, SMTP)', () => {
  const name = `videotermin_once_${randomUUID().slice(0, 8)}`
  let database: Awaited<ReturnType<typeof freshDatabase>>
  beforeAll(async () => {
    database = await freshDatabase(testEnv.DATABASE_URL, name)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const workerEnv = (redisUrl: string) => ({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    PUBLIC_URL: testEnv.PUBLIC_URL,
    LINK_ENCRYPTION_KEY: testEnv.LINK_ENCRYPTION_KEY,
    SMTP_URL: testEnv.SMTP_URL,
  })

  it('a worker killed (SIGKILL) in the middle of 400 invitations: after its restart each arrives once', async () => {
    const redis = await startOwnRedis()
    const domain = `kill-${randomUUID().slice(0, 8)}.example`
    try {
      const { expected } = await seedMails(database.db, {
        count: 400,
        domain,
        linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
      })
      const first = await startWorker(workerEnv(redis.url))
      await waitForMails(testEnv.INBOX_URL, domain, 20, 20_000)
      await first.kill('SIGKILL')
      const atKill = (await mailsTo(testEnv.INBOX_URL, domain)).length
      expect(atKill).toBeLessThan(expected)

      const second = await startWorker(workerEnv(redis.url))
      try {
        // Jobs the killed worker held come back once their lock expires (EMAIL_LOCK_MS).
        await waitForMails(testEnv.INBOX_URL, domain, expected, 45_000)
        await new Promise((resolve) => setTimeout(resolve, 1000))
        const result = expectExactlyOnce(await mailsTo(testEnv.INBOX_URL, domain), expected)
        for (const ids of result.idsByRecipient.values()) expect(ids.size).toBe(1)
        // Only mails in flight at the kill (at most the worker's concurrency) may have been handed over twice.
        expect(result.raw - result.distinct).toBeLessThanOrEqual(10)
        process.stderr.write(
          `[exactly-once] kill after ${atKill}/${expected}; raw ${result.raw}, distinct ${result.distinct}\n`,
        )
      } finally {
        await second.kill('SIGTERM')
      }
      const open = await database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('sent_at', 'is', null)
        .executeTakeFirstOrThrow()
      expect(Number(open.n)).toBe(0)
    } finally {
      await redis.stop()
    }
  }, 60_000)

  it('Redis restarted while jobs wait and reminders are delayed: every mail still arrives once', async () => {
    const redis = await startOwnRedis()
    const domain = `redis-${randomUUID().slice(0, 8)}.example`
    try {
      const { expected } = await seedMails(database.db, {
        count: 150,
        domain,
        linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
        reminderInMs: 8_000,
      })
      const worker = await startWorker(workerEnv(redis.url))
      try {
        // Once the relay has handed every row to Redis (reminders as delayed jobs) …
        const deadline = Date.now() + 15_000
        for (;;) {
          const row = await database.db
            .selectFrom('outbox as o')
            .innerJoin('participants as p', 'p.id', 'o.participant_id')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('p.email', 'like', `%@${domain}`)
            .where('o.enqueued_at', 'is', null)
            .executeTakeFirstOrThrow()
          if (Number(row.n) === 0) break
          if (Date.now() > deadline) throw new Error('relay did not finish')
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        // … freeze the worker, so jobs are waiting in Redis, and restart Redis under it.
        worker.child.kill('SIGSTOP')
        const before = (await mailsTo(testEnv.INBOX_URL, domain)).length
        await redis.restart()
        worker.child.kill('SIGCONT')
        expect(before).toBeLessThan(expected)

        const mails = await waitForMails(testEnv.INBOX_URL, domain, expected, 45_000)
        await new Promise((resolve) => setTimeout(resolve, 1000))
        const result = expectExactlyOnce(await mailsTo(testEnv.INBOX_URL, domain), expected)
        // Every participant: one invitation and one reminder.
        for (const ids of result.idsByRecipient.values()) expect(ids.size).toBe(2)
        expect(mails.filter((m) => /^(Erinnerung|Reminder)/.test(m.subject)).length).toBeGreaterThanOrEqual(150)
        process.stderr.write(
          `[exactly-once] redis restart after ${before}/${expected}; raw ${result.raw}, distinct ${result.distinct}\n`,
        )
      } finally {
        worker.child.kill('SIGCONT')
        await worker.kill('SIGTERM')
      }
    } finally {
      await redis.stop()
    }
  }, 60_000)
})
