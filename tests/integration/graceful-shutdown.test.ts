import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { bookAppointment } from '../../apps/api/src/modules/appointments/booking.service.ts'
import { createDb } from '../../packages/db/src/index.ts'
import { migrateToLatest } from '../../packages/db/src/migrate.ts'
import { openEventStream, startApiReplica } from '../support/api-process.ts'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { waitForMail } from '../support/inbox.ts'
import { waitFor } from '../support/scenario.ts'
import { apiEnv, testEnv } from '../support/test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
// Ports and the Redis database of these tests' own processes (outside every stack's).
const API_PORT = 3401
const WORKER_METRICS_PORT = 3402
const WORKER_REDIS_DB = 13

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

/** What a TCP connect to the port gives: 'open' or the error code (ECONNREFUSED once nothing listens). */
const connectOutcome = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve('open')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })

describe('graceful shutdown on SIGTERM (real processes)', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it('the api ends SSE streams, refuses new connections, finishes the request in flight, exits 0', async () => {
    const replica = await startApiReplica(apiEnv(), API_PORT)
    try {
      const { advisor } = await createOrganisationWithAdvisor(db)
      const staff = await signIn(replica.url, advisor.email, advisor.password)
      const stream = await openEventStream(`${replica.url}/api/staff/events`, staff.cookie)
      await stream.next('ready')

      // A sign-in whose body is still on its way when the signal arrives.
      const body = JSON.stringify({ email: advisor.email, password: advisor.password })
      const request = http.request({
        host: '127.0.0.1',
        port: API_PORT,
        method: 'POST',
        path: '/api/staff/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      })
      const answered = new Promise<{ status: number; text: string; connection?: string }>((resolve, reject) => {
        request.once('error', reject)
        request.once('response', (response) => {
          let text = ''
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString()
          })
          response.once('end', () =>
            resolve({ status: response.statusCode ?? 0, text, connection: response.headers.connection }),
          )
        })
      })
      request.write(body.slice(0, 10))
      await new Promise((resolve) => setTimeout(resolve, 200))

      const exited = exitOf(replica.child)
      replica.child.kill('SIGTERM')
      // The stream is ended by the server (the client then reconnects, elsewhere).
      await expect(stream.next('change', 5000)).rejects.toThrow('stream ended')
      await waitFor(
        () => connectOutcome(API_PORT),
        (outcome) => outcome === 'ECONNREFUSED',
        'new connections refused',
        5000,
      )
      expect(replica.child.exitCode).toBeNull() // still finishing the sign-in

      request.end(body.slice(10))
      const answer = await answered
      expect(answer.status, answer.text).toBe(200)
      expect(JSON.parse(answer.text)).toHaveProperty('csrfToken')
      // …and tells the client not to reuse the connection, so nothing holds the process open.
      expect(answer.connection).toBe('close')
      expect(await exited).toBe(0)
    } finally {
      await replica.stop()
    }
  })

  describe('the worker', () => {
    // A database and a Redis database of its own: the stack's worker must not take this job.
    const dbName = `${new URL(testEnv.DATABASE_URL).pathname.slice(1)}_shutdown`
    const adminUrl = Object.assign(new URL(testEnv.DATABASE_URL), { pathname: '/postgres' }).toString()
    const databaseUrl = Object.assign(new URL(testEnv.DATABASE_URL), { pathname: `/${dbName}` }).toString()
    const redisUrl = Object.assign(new URL(testEnv.REDIS_URL), { pathname: `/${WORKER_REDIS_DB}` }).toString()

    async function resetDatabase(create: boolean) {
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      try {
        await admin.query(`drop database if exists ${dbName} with (force)`)
        if (create) await admin.query(`create database ${dbName}`)
      } finally {
        await admin.end()
      }
    }
    async function clearQueues() {
      const redis = new Redis(redisUrl)
      const keys = await redis.keys('bull:*')
      if (keys.length) await redis.del(...keys)
      redis.disconnect()
    }
    afterAll(async () => {
      await resetDatabase(false)
      await clearQueues()
    })

    it('finishes the e-mail it is sending (exactly one arrives) and exits 0', async () => {
      await Promise.all([resetDatabase(true), clearQueues()])
      const ownDb = createDb(databaseUrl, { max: 2 })
      // SMTP through a proxy that holds the server's greeting back: the job is mid-send when the signal comes.
      let reachedSmtp: () => void = () => {}
      const sending = new Promise<void>((resolve) => {
        reachedSmtp = resolve
      })
      const smtpPort = Number(new URL(testEnv.SMTP_URL).port)
      const proxy = net.createServer((client) => {
        reachedSmtp()
        setTimeout(() => {
          const upstream = net.connect(smtpPort, '127.0.0.1')
          client.pipe(upstream).pipe(client)
          upstream.on('error', () => client.destroy())
          client.on('error', () => upstream.destroy())
        }, 1500)
      })
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
      const proxyPort = (proxy.address() as net.AddressInfo).port
      let worker: ChildProcess | undefined
      try {
        await migrateToLatest(ownDb)
        const { organisation, advisor } = await createOrganisationWithAdvisor(ownDb)
        const email = `shutdown-${randomUUID()}@test.example`
        worker = spawn(process.execPath, ['apps/worker/src/main.ts'], {
          cwd: ROOT,
          env: {
            DATABASE_URL: databaseUrl,
            REDIS_URL: redisUrl,
            PUBLIC_URL: testEnv.PUBLIC_URL,
            LINK_ENCRYPTION_KEY: testEnv.LINK_ENCRYPTION_KEY,
            SMTP_URL: `smtp://127.0.0.1:${proxyPort}`,
            MAIL_FROM: 'Videotermin <noreply@videotermin.example>',
            OUTBOX_POLL_MS: '200',
            METRICS_PORT: String(WORKER_METRICS_PORT),
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        await waitFor(
          () =>
            fetch(`http://127.0.0.1:${WORKER_METRICS_PORT}/healthz`).then(
              (r) => r.ok,
              () => false,
            ),
          Boolean,
          'the worker to be up',
          15_000,
        )
        await bookAppointment(
          { db: ownDb, linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY, publicUrl: testEnv.PUBLIC_URL, now: new Date() },
          { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
          {
            citizen: { firstName: 'Ende', lastName: 'Gut', email },
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            durationMinutes: 30,
          },
        )
        await sending
        const exited = exitOf(worker)
        worker.kill('SIGTERM')
        expect(await exited).toBe(0)

        expect(await waitForMail(email)).toHaveLength(1)
        const sent = await ownDb.selectFrom('outbox').select('id').where('sent_at', 'is not', null).execute()
        expect(sent).toHaveLength(1)
        await new Promise((resolve) => setTimeout(resolve, 500))
        expect(await waitForMail(email)).toHaveLength(1)
      } finally {
        if (worker && worker.exitCode === null) worker.kill('SIGKILL')
        proxy.close()
        await ownDb.destroy()
      }
    })
  })
})
