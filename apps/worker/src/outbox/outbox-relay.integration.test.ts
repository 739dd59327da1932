import { randomUUID } from 'node:crypto'
import { EMAIL_ATTEMPTS, type EmailJobItem, QUEUES } from '@videotermin/jobs'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, seedMails, startOwnRedis } from '../../../../tests/support/mail-pipeline.ts'
import { testEnv } from '../../../../tests/support/test-env.ts'
import { RELAY_HORIZON_MS, relayOutboxBatch, requeueLostJobs } from './outbox-relay.ts'

describe('outbox relay (real Postgres and Redis)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>
  let redis: Awaited<ReturnType<typeof startOwnRedis>>
  let queue: Queue<EmailJobItem['data']>
  beforeAll(async () => {
    database = await freshDatabase(testEnv.DATABASE_URL, `videotermin_relay_${randomUUID().slice(0, 8)}`)
    redis = await startOwnRedis()
    queue = new Queue(QUEUES.email, { connection: { url: redis.url }, defaultJobOptions: { attempts: EMAIL_ATTEMPTS } })
  })
  afterAll(async () => {
    await queue?.close()
    await redis?.stop()
    await database?.drop()
  })

  it('queues what is due now at once, near reminders as delayed jobs, later ones not yet; lost jobs come back', async () => {
    const domain = `relay-${randomUUID().slice(0, 8)}.example`
    await seedMails(database.db, {
      count: 3,
      domain,
      linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
      reminderInMs: 600_000,
    })
    await seedMails(database.db, {
      count: 2,
      domain,
      linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
      reminderInMs: RELAY_HORIZON_MS + 3_600_000,
    })
    const now = new Date()
    // 5 invitations and the 3 reminders within the horizon; the 2 far ones wait in Postgres.
    expect(await relayOutboxBatch(database.db, queue, now)).toBe(8)
    expect(await relayOutboxBatch(database.db, queue, now)).toBe(0)
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 5, delayed: 3 })
    const delayed = await queue.getDelayed()
    for (const job of delayed) expect(job.opts.delay).toBeGreaterThan(590_000)
    // Re-adding what Redis still has changes nothing.
    expect(await requeueLostJobs(database.db, queue, new Date(now.getTime() + 180_000))).toBe(8)
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 5, delayed: 3 })

    // Redis loses everything (no persistence, failover): the sweep puts every open job back.
    await queue.obliterate({ force: true })
    expect(await requeueLostJobs(database.db, queue, new Date(now.getTime() + 60_000))).toBe(0)
    expect(await requeueLostJobs(database.db, queue, new Date(now.getTime() + 180_000))).toBe(8)
    const counts = await queue.getJobCounts('waiting', 'delayed')
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(8)
    expect(counts.delayed).toBe(3)
  })
})
