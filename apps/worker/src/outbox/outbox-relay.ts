import type { Db } from '@videotermin/db'
import { type EmailJobItem, emailJobId } from '@videotermin/jobs'
import type { Queue } from 'bullmq'
import pg from 'pg'
import type { Logger } from 'pino'

const BATCH = 200

/**
 * Moves new outbox rows into BullMQ. Each row becomes one job whose id is derived from the
 * row id, so a crash between "added" and "marked" only re-adds a job BullMQ already has.
 * Rows are claimed with SKIP LOCKED, so several workers can relay side by side.
 */
export async function relayOutboxBatch(db: Db, queue: Queue<EmailJobItem['data']>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id'])
      .where('enqueued_at', 'is', null)
      .orderBy('created_at')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return 0
    await queue.addBulk(
      rows.map((row) => ({
        name: 'send-outbox-email' as const,
        data: { outboxId: row.id },
        opts: { jobId: emailJobId(row.id) },
      })),
    )
    await trx
      .updateTable('outbox')
      .set({ enqueued_at: new Date() })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    return rows.length
  })
}

/** Runs the relay on every NOTIFY outbox and on a fallback timer; returns a stop function. */
export function startOutboxRelay(options: {
  db: Db
  databaseUrl: string
  queue: Queue<EmailJobItem['data']>
  pollMs: number
  log: Logger
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
    await running
    await listener?.end().catch(() => {})
  }
}
