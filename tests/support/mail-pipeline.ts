import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { createDb, type Db } from '../../packages/db/src/index.ts'
import { migrateToLatest } from '../../packages/db/src/migrate.ts'
import { hashToken, newLinkToken, sealToken } from '../../packages/links/src/index.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A free TCP port on loopback, as the kernel hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * A redis-server of the test's own, on a spare port, persisting to an append-only file in a
 * temporary folder: it can be stopped and started again with its data, without touching the
 * machine's shared Redis.
 */
export async function startOwnRedis(options: { fsync?: 'always' | 'everysec' } = {}) {
  const port = await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'vt-redis-'))
  let child: ChildProcess | undefined
  const ping = () =>
    new Promise<boolean>((resolve) => {
      const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] })
      let out = ''
      probe.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
      })
      probe.once('exit', () => resolve(out.trim() === 'PONG'))
    })
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        options.fsync ?? 'always',
      ],
      { stdio: 'ignore' },
    )
    await waitFor(ping, 'redis-server')
  }
  /** SIGTERM: Redis finishes writing its AOF and exits, as on an orderly restart. */
  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
    })
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** The running redis-server's process id (for CPU time). */
    pid: () => child?.pid,
    restart: async () => {
      await stop()
      await start()
    },
    stop: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A new, migrated database beside the stack's, so the stack's own worker never sees its outbox. */
export async function freshDatabase(
  baseUrl: string,
  name: string,
): Promise<{ url: string; db: Db; drop: () => Promise<void> }> {
  const server = new URL(baseUrl)
  server.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: server.toString() })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const db = createDb(url.toString(), { max: 4 })
  await migrateToLatest(db)
  return {
    url: url.toString(),
    db,
    drop: async () => {
      await db.destroy()
      const again = new pg.Client({ connectionString: server.toString() })
      await again.connect()
      await again.query(`drop database if exists ${name} with (force)`)
      await again.end()
    },
  }
}

/**
 * Books `count` appointments with one participant each, straight into the tables, and their
 * invitations (and, if asked, one reminder each due `reminderInMs` from now) into the
 * outbox, in one transaction: what the API does, minus HTTP. Recipients share `domain`.
 */
export async function seedMails(
  db: Db,
  options: { count: number; domain: string; linkEncryptionKey: string; reminderInMs?: number },
) {
  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .insertInto('organisations')
      .values({ slug: `mail-${randomUUID().slice(0, 8)}`, name: 'Mailamt', address: 'Poststraße 1' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const advisor = await trx
      .insertInto('staff_users')
      .values({
        organisation_id: organisation.id,
        email: `advisor-${randomUUID()}@test.example`,
        display_name: 'Beratung',
        role: 'advisor',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const startsAt = new Date(Date.now() + 2 * 3600_000)
    const appointments = await trx
      .insertInto('appointments')
      .values(
        Array.from({ length: options.count }, () => ({
          organisation_id: organisation.id,
          advisor_id: advisor.id,
          starts_at: startsAt,
          duration_minutes: 30,
        })),
      )
      .returning('id')
      .execute()
    const participants = await trx
      .insertInto('participants')
      .values(
        appointments.map((a, i) => {
          const token = newLinkToken()
          return {
            appointment_id: a.id,
            role: 'citizen' as const,
            first_name: 'Person',
            last_name: String(i),
            email: `p${i}@${options.domain}`,
            language: i % 2 ? 'en' : 'de',
            link_token_hash: hashToken(token),
            link_token_sealed: sealToken(token, options.linkEncryptionKey),
          }
        }),
      )
      .returning('id')
      .execute()
    const dueAt = options.reminderInMs === undefined ? null : new Date(Date.now() + options.reminderInMs)
    await trx
      .insertInto('outbox')
      .values([
        ...participants.map((p) => ({ kind: 'invitation' as const, participant_id: p.id })),
        ...(dueAt ? participants.map((p) => ({ kind: 'reminder' as const, participant_id: p.id, due_at: dueAt })) : []),
      ])
      .execute()
    await sql`notify outbox`.execute(trx)
    return { expected: participants.length * (dueAt ? 2 : 1) }
  })
}

/** Starts the real worker process (`node apps/worker/src/main.ts`) with the given environment. */
export async function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      MAIL_FROM: 'Videotermin <noreply@test.example>',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return {
    child,
    kill: (signal: NodeJS.Signals) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      }),
  }
}

/** What Mailpit holds for recipients at a domain: every message with its recipient and Message-ID. */
export async function mailsTo(inboxUrl: string, domain: string) {
  const response = await fetch(`${inboxUrl}/api/v1/search?query=${encodeURIComponent(`to:${domain}`)}&limit=10000`)
  const body = (await response.json()) as {
    messages: { MessageID: string; To: { Address: string }[]; Subject: string }[]
  }
  return body.messages.map((m) => ({ messageId: m.MessageID, to: m.To[0]?.Address ?? '', subject: m.Subject }))
}

/** Waits until Mailpit holds at least `count` messages for the domain. */
export async function waitForMails(inboxUrl: string, domain: string, count: number, timeoutMs = 40_000) {
  await waitFor(async () => (await mailsTo(inboxUrl, domain)).length >= count, `${count} mails to ${domain}`, timeoutMs)
  return mailsTo(inboxUrl, domain)
}

/**
 * A Mailpit of its own (keeping every message, `--max 0`), for runs larger than the stack's
 * keeps. It still parses, indexes and stores every message; what goes is work a benchmark
 * gains nothing from: reverse DNS per connection, tags, and a garbage collector that runs at
 * every doubling of a small heap (GOGC=400: 12 % less CPU per mail, a few MB more memory).
 */
export async function startOwnMailpit(options: { smtpPort?: number; httpPort?: number; flags?: string[] } = {}) {
  const smtpPort = options.smtpPort ?? (await freePort())
  const httpPort = options.httpPort ?? (await freePort())
  const child = spawn(
    path.join(ROOT, '.tools/mailpit'),
    [
      '--smtp',
      `127.0.0.1:${smtpPort}`,
      '--listen',
      `127.0.0.1:${httpPort}`,
      '--smtp-auth-accept-any',
      '--smtp-auth-allow-insecure',
      '--disable-version-check',
      '--max',
      '0',
      '--smtp-disable-rdns',
      '--tags-disable',
      'plus-addresses,x-tags',
      '--quiet',
      ...(options.flags ?? []),
    ],
    { stdio: 'ignore', env: { GOGC: '400', TMPDIR: tmpdir() } },
  )
  const inboxUrl = `http://127.0.0.1:${httpPort}`
  await waitFor(async () => (await fetch(`${inboxUrl}/livez`)).ok, 'mailpit')
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpPort,
    httpPort,
    inboxUrl,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
