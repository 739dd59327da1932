// Benchmark D: e-mails per second from outbox rows to "250 accepted" by a local SMTP server,
// through one real worker process with its own Redis. Two servers, one run each: a Mailpit
// keeping every message (parses, indexes and stores each one, as the test stack uses it), and
// a lean sink that accepts and counts (`smtp-sink.ts`: about what a relay MTA's acceptance
// costs), so the worker's own rate shows apart from what Mailpit takes of the two cores.
import { type ChildProcess, fork } from 'node:child_process'
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
} from '../../tests/support/mail-pipeline.ts'

export type SmtpServerKind = 'mailpit' | 'sink'

export interface EmailThroughputResult {
  smtpServer: SmtpServerKind
  mails: number
  seconds: number
  perSecond: number
  concurrency: number
  /** CPU time (user + system) the worker process spent per mail: what one core can do, whatever else runs. */
  workerCpuMsPerMail: number
  /** The same for the SMTP server, which shares the machine. */
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
  /** With measureEmailThroughputMedian: the rate of every run, in order (this result is the median one). */
  ratesOfRuns?: number[]
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

/** A local SMTP server of the benchmark's own, and what it has accepted for a domain. */
interface SmtpTarget {
  smtpUrl: string
  pid: number | undefined
  accepted(domain: string): Promise<{ messages: number; recipients: number }>
  stop(): Promise<void>
}

async function startMailpitTarget(): Promise<SmtpTarget> {
  const mailpit = await startOwnMailpit()
  return {
    smtpUrl: mailpit.smtpUrl,
    pid: mailpit.pid,
    accepted: async (domain) => {
      const mails = await mailsTo(mailpit.inboxUrl, domain)
      return { messages: mails.length, recipients: new Set(mails.map((m) => m.to)).size }
    },
    stop: mailpit.stop,
  }
}

async function startSinkTarget(): Promise<SmtpTarget> {
  const child: ChildProcess = fork(new URL('./smtp-sink.ts', import.meta.url), { stdio: 'inherit' })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code}) before it listened`)))
  })
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    pid: child.pid,
    accepted: (domain) =>
      new Promise((resolve) => {
        const onMessage = (message: { domain?: string; messages: number; recipients: number }) => {
          if (message.domain !== domain) return
          child.off('message', onMessage)
          resolve({ messages: message.messages, recipients: message.recipients })
        }
        child.on('message', onMessage)
        child.send({ domain })
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
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
  smtpServer: SmtpServerKind = 'mailpit',
): Promise<EmailThroughputResult> {
  const database = await freshDatabase(env.DATABASE_URL, `videotermin_mailbench_${randomUUID().slice(0, 8)}`)
  const redis = await startOwnRedis({ fsync: 'everysec' })
  const smtp = smtpServer === 'sink' ? await startSinkTarget() : await startMailpitTarget()
  const workerDatabaseUrl = new URL(database.url)
  workerDatabaseUrl.searchParams.set('application_name', WORKER_APPLICATION)
  const worker = await startWorker({
    DATABASE_URL: workerDatabaseUrl.toString(),
    REDIS_URL: redis.url,
    PUBLIC_URL: env.PUBLIC_URL,
    LINK_ENCRYPTION_KEY: env.LINK_ENCRYPTION_KEY,
    SMTP_URL: smtp.smtpUrl,
    EMAIL_CONCURRENCY: String(concurrency),
  })
  try {
    // Warm-up: the worker is up, its SMTP and database pools are open.
    const warmUp = `warm-${randomUUID().slice(0, 8)}.example`
    await seedMails(database.db, { count: 20, domain: warmUp, linkEncryptionKey: env.LINK_ENCRYPTION_KEY })
    const warmUpDeadline = Date.now() + 30_000
    while ((await smtp.accepted(warmUp)).messages < 20) {
      if (Date.now() > warmUpDeadline) throw new Error('the warm-up mails did not arrive within 30 s')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    const domain = `bench-${randomUUID().slice(0, 8)}.example`
    const backends = async () => {
      const rows = await sql<{ pid: number }>`
        select pid from pg_stat_activity where application_name = ${WORKER_APPLICATION}`.execute(database.db)
      return rows.rows.map((r) => r.pid)
    }
    // Connections the worker opens later start from zero.
    const backendsBefore = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]))
    const cpuBefore = { worker: cpuMs(worker.child.pid), smtp: cpuMs(smtp.pid), redis: cpuMs(redis.pid()) }
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
        const received = await smtp.accepted(domain)
        if (received.messages !== count || received.recipients !== count) {
          throw new Error(
            `the SMTP server (${smtpServer}) accepted ${received.messages} mails to ${received.recipients} of ${count} recipients`,
          )
        }
        const seconds = (last.getTime() - committedAt) / 1000
        let postgres = 0
        for (const pid of await backends()) postgres += cpuMs(pid) - (backendsBefore.get(pid) ?? 0)
        const perMail = {
          worker: (cpuMs(worker.child.pid) - cpuBefore.worker) / count,
          smtp: (cpuMs(smtp.pid) - cpuBefore.smtp) / count,
          postgres: postgres / count,
          redis: (cpuMs(redis.pid()) - cpuBefore.redis) / count,
        }
        return {
          smtpServer,
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
    await smtp.stop()
    await database.drop()
  }
}

/**
 * Runs the benchmark `runs` times and returns the run with the median rate, with every run's
 * rate: this machine's speed changes by a fifth or more from one minute to the next (the CPU
 * per mail of every process moves together), so one run says little.
 */
export async function measureEmailThroughputMedian(
  env: MailStackEnv,
  runs: number,
  count: number,
  concurrency: number,
  smtpServer: SmtpServerKind,
): Promise<EmailThroughputResult> {
  const results: EmailThroughputResult[] = []
  for (let i = 0; i < runs; i++) results.push(await measureEmailThroughput(env, count, concurrency, smtpServer))
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond)
  const median = sorted[Math.floor(sorted.length / 2)]
  if (!median) throw new Error('no runs')
  return { ...median, ratesOfRuns: results.map((r) => r.perSecond) }
}

// Run alone against a running test stack:
// node scripts/bench/email-throughput.ts [count] [concurrency] [mailpit|sink]
if (import.meta.main) {
  const { testEnv } = await import('../../tests/support/test-env.ts')
  const result = await measureEmailThroughput(
    testEnv,
    Number(process.argv[2] ?? 2000),
    Number(process.argv[3] ?? 10),
    process.argv[4] === 'sink' ? 'sink' : 'mailpit',
  )
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
