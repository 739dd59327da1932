// Benchmark D: e-mails per second from outbox rows to "250 accepted" by a local SMTP server
// (a Mailpit keeping every message), through one real worker process with its own Redis.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
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
  /** Postgres: the backends of the worker's connections. */
  postgresCpuMsPerMail: number
  /** The benchmark's own redis-server (the queue). */
  redisCpuMsPerMail: number
  /**
   * Mails per second this machine could carry at most if every core did nothing but this:
   * cores × 1000 ms ÷ the CPU all four processes spend on one mail.
   */
  machineCeilingPerSecond: number
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms); 0 once it is gone. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return 0
  }
  const fields = stat.split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** The worker's connections name themselves, so their Postgres backends can be told apart. */
const WORKER_APPLICATION = 'videotermin-worker-mailbench'

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
  const workerDatabaseUrl = new URL(database.url)
  workerDatabaseUrl.searchParams.set('application_name', WORKER_APPLICATION)
  const worker = await startWorker({
    DATABASE_URL: workerDatabaseUrl.toString(),
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
    const backends = async () => {
      const rows = await sql<{ pid: number }>`
        select pid from pg_stat_activity where application_name = ${WORKER_APPLICATION}`.execute(database.db)
      return rows.rows.map((r) => r.pid)
    }
    // Connections the worker opens later start from zero.
    const backendsBefore = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]))
    const cpuBefore = { worker: cpuMs(worker.child.pid), smtp: cpuMs(mailpit.pid), redis: cpuMs(redis.pid()) }
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
        let postgres = 0
        for (const pid of await backends()) postgres += cpuMs(pid) - (backendsBefore.get(pid) ?? 0)
        const perMail = {
          worker: (cpuMs(worker.child.pid) - cpuBefore.worker) / count,
          smtp: (cpuMs(mailpit.pid) - cpuBefore.smtp) / count,
          postgres: postgres / count,
          redis: (cpuMs(redis.pid()) - cpuBefore.redis) / count,
        }
        return {
          mails: count,
          seconds,
          perSecond: count / seconds,
          concurrency,
          workerCpuMsPerMail: perMail.worker,
          smtpCpuMsPerMail: perMail.smtp,
          postgresCpuMsPerMail: perMail.postgres,
          redisCpuMsPerMail: perMail.redis,
          machineCeilingPerSecond:
            (availableParallelism() * 1000) / (perMail.worker + perMail.smtp + perMail.postgres + perMail.redis),
        }
      }
      if (Date.now() > deadline) throw new Error(`${open} of ${count} mails still unsent after 120 s`)
      // The time comes from the rows (max sent_at), not from when this poll notices: polling
      // often would only take CPU from the processes measured.
      await new Promise((resolve) => setTimeout(resolve, 100))
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
