// Benchmark E: the API under load (autocannon, 100 connections), beside a bare Fastify
// hello-world on the same machine and Node binary, plus the memory of the api and worker
// processes idle and under that load. Two endpoints:
// - `POST /api/p/room-token` for one admitted citizen with a session per connection (the
//   link opened that often): session lookup (one joined query), the join checks, CreateRoom
//   at LiveKit (returns the existing room) and a signed JWT;
// - `POST /api/staff/appointments` as a signed-in advisor, a new citizen e-mail each time:
//   one transaction writing appointment, participant and outbox rows, then NOTIFY. The
//   worker keeps running and sends those invitations meanwhile (as it would in production);
//   the benchmark then waits until every one is sent, so no backlog reaches the next one.
//
// Needs the stack's variables in process.env (tests/support/test-env.ts reads them), and the
// api and worker listening on this machine (their process ids are found by port).
// Alone, against a running test stack (slot 1 by default):
//   node scripts/bench/api-load.ts [.run/test-stack-1.env] [--duration 5] [--connections 100] [--rounds 3] [--api-url URL] [--no-booking]
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { cpuSeconds, mib, pidListeningOn, rssBytes, sampleMaxRss } from './process-stats.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface LoadRun {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  /** Answers other than 2xx, and connection errors and timeouts: all should be 0. */
  non2xx: number
  errors: number
  /** CPU the serving process used: in cores (1 = one core busy), and in milliseconds per answer. */
  serverCores: number
  serverCpuMsPerRequest: number
  /**
   * CPU of the Postgres backends connected to the stack's database, per answer (null for bare
   * Fastify): on two cores Postgres runs on the API's core part of the time, so it costs the
   * API throughput although it is not in the API's own figure.
   */
  postgresCpuMsPerRequest: number | null
}

export interface ApiLoadResult {
  connections: number
  durationSeconds: number
  warmUpSeconds: number
  /** The round whose room-token share of bare Fastify was the median: its two runs. */
  bare: LoadRun
  roomToken: LoadRun
  /** Requests per second of every round, in order: bare Fastify and room token alternate. */
  rounds: { bare: number[]; roomToken: number[] }
  booking: LoadRun
  /** Resident set size in bytes: idle before any load, and the maximum while each load ran. */
  memory: {
    idle: { api: number; worker: number }
    roomTokenMax: { api: number; worker: number }
    /** The worker's maximum includes the time it took to send the booked invitations. */
    bookingMax: { api: number; worker: number }
  }
  mails: { booked: number; drainSeconds: number | null }
}

export interface ApiLoadOptions {
  apiUrl: string
  workerPort: number
  barePort: number
  connections?: number
  durationSeconds?: number
  warmUpSeconds?: number
  /** Rounds of bare Fastify, then room token (the median round is reported); 3 unless told. */
  rounds?: number
  /** Only bare Fastify and the room token (for quick runs while working on the API). */
  skipBooking?: boolean
  /** Asked between the loads: true ends the benchmark early (Ctrl-C). */
  shouldStop?: () => boolean
}

function summarise(result: autocannon.Result, serverCpuSeconds: number, postgresCpuSeconds: number | null): LoadRun {
  const perRequestMs = (seconds: number) => (seconds * 1000) / Math.max(1, result.requests.total)
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    serverCores: serverCpuSeconds / result.duration,
    serverCpuMsPerRequest: perRequestMs(serverCpuSeconds),
    postgresCpuMsPerRequest: postgresCpuSeconds === null ? null : perRequestMs(postgresCpuSeconds),
  }
}

/** CPU seconds used so far by each of these processes; those that have gone are left out. */
function cpuSecondsOf(pids: number[]): Map<number, number> {
  const used = new Map<number, number>()
  for (const pid of pids) {
    try {
      used.set(pid, cpuSeconds(pid))
    } catch {
      // The backend's connection closed.
    }
  }
  return used
}

/**
 * CPU the processes used between two readings, in seconds. One that started in between (the
 * pool opened a connection) counts from its start; one that ended in between is lost.
 */
function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0)
  return total
}

async function fire(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...options, timeout: 10 })
}

/** A warm-up run (JIT, connection pools), then the measured run with the same settings. */
async function measure(
  label: string,
  serverPid: number,
  options: autocannon.Options & { duration: number },
  warmUpSeconds: number,
  /** The Postgres backends the load may use, read before and after it (pools open and close connections). */
  postgresBackends?: () => Promise<number[]>,
): Promise<LoadRun> {
  if (warmUpSeconds > 0) await fire({ ...options, duration: warmUpSeconds })
  const postgresBefore = postgresBackends ? cpuSecondsOf(await postgresBackends()) : null
  const cpuBefore = cpuSeconds(serverPid)
  const result = await fire(options)
  const serverCpu = cpuSeconds(serverPid) - cpuBefore
  const postgresCpu =
    postgresBefore && postgresBackends
      ? cpuSecondsBetween(postgresBefore, cpuSecondsOf(await postgresBackends()))
      : null
  const run = summarise(result, serverCpu, postgresCpu)
  const postgresPart =
    run.postgresCpuMsPerRequest === null
      ? ''
      : `, Postgres ${run.postgresCpuMsPerRequest.toFixed(3)} ms CPU per request`
  process.stderr.write(
    `[api-load] ${label}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms` +
      ` (${run.requests} requests, ${run.non2xx} non-2xx, ${run.errors} errors;` +
      ` server ${run.serverCores.toFixed(2)} cores, ${run.serverCpuMsPerRequest.toFixed(3)} ms CPU per request${postgresPart})\n`,
  )
  return run
}

function startBareFastify(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/bench/bare-fastify.ts', String(port)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`bare Fastify exited (${code})`)))
    child.stdout?.once('data', () => resolve(child))
  })
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function measureApiLoad(options: ApiLoadOptions): Promise<ApiLoadResult> {
  // Loaded here, not at the top: they read the stack's variables from process.env when loaded.
  const { createOrganisationWithAdvisor, openTestDb, signIn } = await import('../../tests/support/fixtures.ts')
  const { personalLinkIn, waitForMail } = await import('../../tests/support/inbox.ts')
  const connections = options.connections ?? 100
  const duration = options.durationSeconds ?? 10
  const warmUpSeconds = options.warmUpSeconds ?? 2
  const pids = { api: pidListeningOn(Number(new URL(options.apiUrl).port)), worker: pidListeningOn(options.workerPort) }
  const db = openTestDb()
  // Every backend of the stack's database but the benchmark's own: the api's and the worker's.
  const postgresBackends = async () => {
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(db)
    return rows.map((row) => row.pid)
  }
  const bare = await startBareFastify(options.barePort)
  try {
    // An advisor, and a citizen who has opened the link, consented, waited and been let in.
    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff = await signIn(options.apiUrl, advisor.email, advisor.password)
    const citizenEmail = `load-citizen-${randomUUID()}@bench.example`
    const booked = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Last', lastName: 'Probe', email: citizenEmail },
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      durationMinutes: 60,
    })
    if (booked.status !== 201) throw new Error(`booking failed: ${booked.status} ${await booked.text()}`)
    const appointmentId = ((await booked.json()) as { id: string }).id
    const [mail] = await waitForMail(citizenEmail, { timeoutMs: 60_000 })
    const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
    const opened = await fetch(`${options.apiUrl}/t/${token}`, { redirect: 'manual' })
    const participantCookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const asCitizen = (apiPath: string, body?: unknown) =>
      fetch(`${options.apiUrl}${apiPath}`, {
        method: 'POST',
        headers: { cookie: participantCookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    for (const [step, response] of [
      ['consent', await asCitizen('/api/p/consent', { version: 0 })],
      ['waiting room', await asCitizen('/api/p/waiting-room')],
    ] as const) {
      if (!response.ok) throw new Error(`${step} refused: ${response.status} ${await response.text()}`)
    }
    const detail = await staff.request('GET', `/api/staff/appointments/${appointmentId}`)
    if (detail.status !== 200) throw new Error(`appointment detail: ${detail.status} ${await detail.text()}`)
    const participantId = ((await detail.json()) as { participants: { id: string }[] }).participants[0]?.id
    const admitted = await staff.request(
      'POST',
      `/api/staff/appointments/${appointmentId}/participants/${participantId}/admit`,
    )
    if (admitted.status !== 204) throw new Error(`admission refused: ${admitted.status}`)
    const probe = await asCitizen('/api/p/room-token')
    if (probe.status !== 200) throw new Error(`room token refused: ${probe.status} ${await probe.text()}`)
    // A session per connection, each from opening the link again (as on several devices), so
    // the requests look up as many different sessions as there are connections rather than
    // one row again and again, as a crowd of citizens would.
    const cookies = [participantCookie]
    while (cookies.length < connections) {
      const again = await fetch(`${options.apiUrl}/t/${token}`, { redirect: 'manual' })
      const cookie = (again.headers.get('set-cookie') ?? '').split(';')[0]
      if (!cookie) throw new Error(`opening the link again gave no session: ${again.status}`)
      cookies.push(cookie)
    }
    let nextCookie = 0

    // Idle: the stack has settled after the preparation.
    await sleep(2000)
    const idle = { api: rssBytes(pids.api), worker: rssBytes(pids.worker) }
    process.stderr.write(`[api-load] idle RSS: api ${mib(idle.api)}, worker ${mib(idle.worker)}\n`)

    const common = { connections, duration }
    const stopped = () => {
      if (options.shouldStop?.()) throw new Error('interrupted')
    }
    const roomTokenLoad: autocannon.Options & { duration: number } = {
      ...common,
      url: options.apiUrl,
      requests: [
        {
          method: 'POST',
          path: '/api/p/room-token',
          setupRequest: (request) => {
            nextCookie = (nextCookie + 1) % cookies.length
            return { ...request, headers: { ...request.headers, cookie: cookies[nextCookie] ?? '' } }
          },
        },
      ],
    }
    // Bare Fastify and the room token take turns, so both meet the same moments of a machine
    // whose speed drifts (a VM beside others): single pairs of runs of the same code gave shares
    // from 18 to 25 %.
    // Reported: the round with the median share, and every round's figures.
    const roundCount = options.rounds ?? 3
    const pairs: { bare: LoadRun; roomToken: LoadRun }[] = []
    let sampler = sampleMaxRss(pids)
    for (let round = 1; round <= roundCount; round++) {
      const warmUp = round === 1 ? warmUpSeconds : 0
      const bareUrl = `http://127.0.0.1:${options.barePort}/`
      const bareRun = await measure(`bare Fastify, round ${round}`, bare.pid ?? 0, { ...common, url: bareUrl }, warmUp)
      stopped()
      const tokenRun = await measure(`room token, round ${round}`, pids.api, roomTokenLoad, warmUp, postgresBackends)
      stopped()
      pairs.push({ bare: bareRun, roomToken: tokenRun })
    }
    const shareOf = (pair: (typeof pairs)[number]) => pair.roomToken.requestsPerSecond / pair.bare.requestsPerSecond
    const median = [...pairs].sort((a, b) => shareOf(a) - shareOf(b))[Math.floor(pairs.length / 2)]
    if (!median) throw new Error('no rounds were run')
    const { bare: bareRun, roomToken } = median
    const rounds = {
      bare: pairs.map((pair) => pair.bare.requestsPerSecond),
      roomToken: pairs.map((pair) => pair.roomToken.requestsPerSecond),
    }
    const roomTokenMax = sampler.stop() as { api: number; worker: number }

    if (options.skipBooking) {
      const none = { api: 0, worker: 0 }
      const skipped = { ...roomToken, requestsPerSecond: 0, requests: 0 }
      return {
        connections,
        durationSeconds: duration,
        warmUpSeconds,
        bare: bareRun,
        roomToken,
        rounds,
        booking: skipped,
        memory: { idle, roomTokenMax, bookingMax: none },
        mails: { booked: 0, drainSeconds: null },
      }
    }
    // Unique citizens, appointments days ahead (so no reminder falls due during the run).
    const runId = randomUUID().slice(0, 8)
    let counter = 0
    const bookingBody = () => {
      counter += 1
      return JSON.stringify({
        citizen: { firstName: 'Last', lastName: `Load${counter}`, email: `load-${runId}-${counter}@bench.example` },
        startsAt: new Date(Date.now() + 2 * 86_400_000 + (counter % 500) * 1_800_000).toISOString(),
        durationMinutes: 30,
      })
    }
    sampler = sampleMaxRss(pids)
    const booking = await measure(
      'booking',
      pids.api,
      {
        ...common,
        url: options.apiUrl,
        requests: [
          {
            method: 'POST',
            path: '/api/staff/appointments',
            headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrfToken, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: bookingBody() }),
          },
        ],
      },
      warmUpSeconds,
      postgresBackends,
    )
    const bookingEnded = performance.now()
    // Every invitation (warm-up included) must leave before the next benchmark starts.
    let drainSeconds: number | null = null
    const drainDeadline = Date.now() + 180_000
    while (Date.now() < drainDeadline && !options.shouldStop?.()) {
      const { count } = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('obsolete_at', 'is', null)
        .where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '<=', sql<Date>`now()`)]))
        .executeTakeFirstOrThrow()
      if (Number(count) === 0) {
        drainSeconds = (performance.now() - bookingEnded) / 1000
        break
      }
      await sleep(500)
    }
    const bookingMax = sampler.stop() as { api: number; worker: number }
    process.stderr.write(
      `[api-load] ${counter} bookings; invitations all sent ${drainSeconds === null ? 'NOT within 180 s' : `${drainSeconds.toFixed(1)} s after the load`}\n`,
    )
    return {
      connections,
      durationSeconds: duration,
      warmUpSeconds,
      bare: bareRun,
      roomToken,
      rounds,
      booking,
      memory: { idle, roomTokenMax, bookingMax },
      mails: { booked: counter, drainSeconds },
    }
  } finally {
    await stopChild(bare)
    await db.destroy()
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const index = args.indexOf(`--${name}`)
    return index >= 0 ? args.splice(index, 2)[1] : undefined
  }
  const duration = Number(flag('duration') ?? 5)
  const connections = Number(flag('connections') ?? 100)
  const rounds = Number(flag('rounds') ?? 3)
  const apiUrlFlag = flag('api-url')
  const skipBooking = args.includes('--no-booking')
  if (skipBooking) args.splice(args.indexOf('--no-booking'), 1)
  process.loadEnvFile(args[0] ?? path.join(ROOT, '.run/test-stack-1.env'))
  const { testEnv } = await import('../../tests/support/test-env.ts')
  const apiUrl = apiUrlFlag ?? testEnv.API_URL
  const workerPort = Number(new URL(testEnv.WORKER_METRICS_URL ?? '').port)
  const result = await measureApiLoad({
    apiUrl,
    workerPort,
    barePort: Number(new URL(apiUrl).port) + 60,
    connections,
    durationSeconds: duration,
    rounds,
    skipBooking,
  })
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
