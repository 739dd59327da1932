// Benchmark D: e-mails per second from outbox rows to "250 accepted" by a local SMTP server
// (a Mailpit keeping every message), through one real worker process with its own Redis.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import {
  freshDatabase,
  mailsTo,
  seedMails,
  startOwnMailpit,
  startOwnRedis,
  startWorker,
  waitForMails,
} from '../../tests/support/mail-pipeline.ts'

export interface EmailThroughputResult {
  mails: number
  seconds: number
  perSecond: number
  concurrency: number
  /** CPU time (user + system) the worker process spent per mail: what one core can do, whatever else runs. */
  workerCpuMsPerMail: number
  /** The same for the SMTP server (Mailpit), which shares the machine. */
  smtpCpuMsPerMail: number
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export interface MailStackEnv {
  DATABASE_URL: string
  PUBLIC_URL: string
  LINK_ENCRYPTION_KEY: string
}

/**
 * Books `count` invitations in one transaction while one worker waits, and measures from
 * the commit to the last row marked sent (which the worker does only after the SMTP server
 * accepted the mail). Every mail renders its HTML, text and calendar attachment.
 */
export async function measureEmailThroughput(
  env: MailStackEnv,
  count = 2000,
  concurrency = 10,
): Promise<EmailThroughputResult> {
  const database = await freshDatabase(env.DATABASE_URL, `videotermin_mailbench_${randomUUID().slice(0, 8)}`)
  const redis = await startOwnRedis({ fsync: 'everysec' })
  const mailpit = await startOwnMailpit()
  const worker = await startWorker({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    PUBLIC_URL: env.PUBLIC_URL,
    LINK_ENCRYPTION_KEY: env.LINK_ENCRYPTION_KEY,
    SMTP_URL: mailpit.smtpUrl,
    EMAIL_CONCURRENCY: String(concurrency),
  })
  try {
    // Warm-up: the worker is up, its SMTP and database pools are open.
    const warmUp = `warm-${randomUUID().slice(0, 8)}.example`
    await seedMails(database.db, { count: 20, domain: warmUp, linkEncryptionKey: env.LINK_ENCRYPTION_KEY })
    await waitForMails(mailpit.inboxUrl, warmUp, 20, 30_000)

    const domain = `bench-${randomUUID().slice(0, 8)}.example`
    const cpuBefore = { worker: cpuMs(worker.child.pid), smtp: cpuMs(mailpit.pid) }
    await seedMails(database.db, { count, domain, linkEncryptionKey: env.LINK_ENCRYPTION_KEY })
    const committedAt = Date.now()
    const deadline = committedAt + 120_000
    for (;;) {
      const row = await sql<{ open: number; last: Date | null }>`
        select count(*) filter (where sent_at is null)::int as open, max(sent_at) as last from outbox`.execute(
        database.db,
      )
      const { open, last } = row.rows[0] ?? { open: 1, last: null }
      if (open === 0 && last) {
        const received = (await mailsTo(mailpit.inboxUrl, domain)).length
        if (received < count) throw new Error(`Mailpit holds ${received} of ${count} mails`)
        const seconds = (last.getTime() - committedAt) / 1000
        return {
          mails: count,
          seconds,
          perSecond: count / seconds,
          concurrency,
          workerCpuMsPerMail: (cpuMs(worker.child.pid) - cpuBefore.worker) / count,
          smtpCpuMsPerMail: (cpuMs(mailpit.pid) - cpuBefore.smtp) / count,
        }
      }
      if (Date.now() > deadline) throw new Error(`${open} of ${count} mails still unsent after 120 s`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await worker.kill('SIGTERM')
    await redis.stop()
    await mailpit.stop()
    await database.drop()
  }
}

// Run alone against a running test stack: node scripts/bench/email-throughput.ts [count] [concurrency]
if (import.meta.main) {
  const { testEnv } = await import('../../tests/support/test-env.ts')
  const result = await measureEmailThroughput(testEnv, Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 10))
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
