import type { Db } from '@videotermin/db'
import { type EmailJobItem, emailJobId } from '@videotermin/jobs'
import type { Queue } from 'bullmq'
import { sql } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'

const BATCH = 500

/**
 * Rows due within this horizon go to the queue, later ones as delayed jobs; rows due later
 * (reminders days ahead) wait in Postgres, so a reschedule rarely leaves a stale job in Redis.
 */
export const RELAY_HORIZON_MS = 15 * 60_000

/** A job that should have finished this long ago but whose row is still open counts as lost. */
const LOST_AFTER_MS = 2 * 60_000

const due = sql<Date>`coalesce(due_at, created_at)`

/**
 * Moves outbox rows that are (nearly) due into BullMQ. Each row becomes one job whose id is
 * derived from the row id, so a crash between "added" and "marked" only re-adds a job BullMQ
 * already has. Rows are claimed with SKIP LOCKED, so several workers can relay side by side.
 */
export async function relayOutboxBatch(db: Db, queue: Queue<EmailJobItem['data']>, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'due_at'])
      .where('enqueued_at', 'is', null)
      .where('obsolete_at', 'is', null)
      .where(due, '<=', new Date(now.getTime() + RELAY_HORIZON_MS))
      .orderBy(due)
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return 0
    await queue.addBulk(rows.map((row) => jobFor(row, now)))
    await trx
      .updateTable('outbox')
      .set({ enqueued_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    return rows.length
  })
}

function jobFor(row: { id: string; due_at: Date | null }, now: Date) {
  return {
    name: 'send-outbox-email' as const,
    data: { outboxId: row.id },
    opts: { jobId: emailJobId(row.id), delay: row.due_at ? Math.max(0, row.due_at.getTime() - now.getTime()) : 0 },
  }
}

/**
 * Adds the jobs of rows that were handed to the queue a while ago and are still open again,
 * reminders with their remaining delay. With Redis persisting its data this changes nothing:
 * jobs still in Redis keep their id, so adding them is a no-op. Should Redis lose its data
 * (restart without AOF, failover), nothing is lost.
 */
export async function requeueLostJobs(db: Db, queue: Queue<EmailJobItem['data']>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - LOST_AFTER_MS)
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'due_at'])
    .where('enqueued_at', '<', before)
    .where('sent_at', 'is', null)
    .where('obsolete_at', 'is', null)
    .where('failed_at', 'is', null)
    .orderBy('enqueued_at')
    .limit(BATCH)
    .execute()
  if (rows.length === 0) return 0
  await queue.addBulk(rows.map((row) => jobFor(row, now)))
  return rows.length
}

/** Runs the relay on every NOTIFY outbox and on a fallback timer; returns a stop function. */
export function startOutboxRelay(options: {
  db: Db
  databaseUrl: string
  queue: Queue<EmailJobItem['data']>
  pollMs: number
  log: Logger
  /** How often lost jobs are looked for (default one minute). */
  sweepMs?: number
}): () => Promise<void> {
  const { db, queue, log } = options
  let stopped = false
  let running: Promise<void> | undefined
  let again = false

  const run = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          while ((await relayOutboxBatch(db, queue)) === BATCH && !stopped) {}
        } catch (error) {
          log.warn({ err: { message: (error as Error).message } }, 'outbox relay failed; will retry')
        }
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
  }

  const timer = setInterval(run, options.pollMs)
  const sweeper = setInterval(() => {
    requeueLostJobs(db, queue)
      .then((count) => {
        if (count > 0) log.warn({ count }, 'outbox: re-added jobs missing from the queue')
      })
      .catch(() => {})
  }, options.sweepMs ?? 60_000)
  let listener: pg.Client | undefined
  const listen = async () => {
    if (stopped) return
    const client = new pg.Client({ connectionString: options.databaseUrl })
    client.on('notification', run)
    client.on('error', () => {
      // Postgres went away: reconnect; the timer keeps relaying meanwhile.
      client.end().catch(() => {})
      if (!stopped) setTimeout(() => void listen(), 1000)
    })
    try {
      await client.connect()
      await client.query('listen outbox')
      listener = client
      run()
    } catch {
      client.end().catch(() => {})
      if (!stopped) setTimeout(() => void listen(), 1000)
    }
  }
  void listen()

  return async () => {
    stopped = true
    clearInterval(timer)
    clearInterval(sweeper)
    await running
    await listener?.end().catch(() => {})
  }
}
