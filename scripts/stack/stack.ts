import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import pg from 'pg'
import { httpOk, portOpen, Supervisor, sleep } from './processes.ts'

/** The local Mailpit accepts every recipient but those ending in `.invalid` (any case). */
export const LOCAL_MAIL_ACCEPTS =
  '(?i)^(?:.{0,7}|.*(?:[^d]|[^i].|[^l]..|[^a]...|[^v]....|[^n].....|[^i]......|[^.].......))$'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RUN_DIR = path.join(ROOT, '.run')

export interface Profile {
  name: string
  redisDb: number
  apiPort: number
  portalPort: number
  livekitPort: number
  livekitTcpPort: number
  livekitUdp: [number, number]
  smtpPort: number
  inboxPort: number
  /** Only the test profile starts from an empty database and Redis on every run. */
  fresh: boolean
  /**
   * api and worker. Development and tests log at debug, so every request has its line (the
   * logging test searches them all for personal data); benchmarks run what operators run.
   */
  logLevel: 'debug' | 'info'
}

export const PROFILES = {
  dev: {
    name: 'dev',
    redisDb: 0,
    apiPort: 3000,
    portalPort: 5173,
    livekitPort: 7880,
    livekitTcpPort: 7881,
    livekitUdp: [50000, 50099],
    smtpPort: 1025,
    inboxPort: 8025,
    fresh: false,
    logLevel: 'debug',
  },
  test: {
    name: 'test',
    redisDb: 1,
    apiPort: 3100,
    portalPort: 4173,
    livekitPort: 7890,
    livekitTcpPort: 7891,
    livekitUdp: [50100, 50199],
    smtpPort: 1125,
    inboxPort: 8125,
    fresh: true,
    logLevel: 'debug',
  },
  // Benchmarks get their own ports and database, so they can run beside the test stack.
  bench: {
    name: 'bench',
    redisDb: 2,
    apiPort: 3200,
    portalPort: 4273,
    livekitPort: 7990,
    livekitTcpPort: 7991,
    livekitUdp: [50200, 50299],
    smtpPort: 1225,
    inboxPort: 8225,
    fresh: true,
    logLevel: 'info',
  },
} satisfies Record<string, Profile>

/**
 * A test stack in its own slot (1-5): ports, database and Redis database of its own, so
 * several people (or agents) can run the tests on one machine side by side.
 */
export function slotProfile(slot: number): Profile {
  if (!Number.isInteger(slot) || slot < 1 || slot > 5) throw new Error('slot must be 1-5')
  const test = PROFILES.test
  return {
    ...test,
    name: `test${slot}`,
    redisDb: 2 + slot,
    apiPort: test.apiPort + slot * 10,
    portalPort: test.portalPort + slot * 10,
    livekitPort: test.livekitPort + slot * 10,
    livekitTcpPort: test.livekitTcpPort + slot * 10,
    livekitUdp: [50300 + slot * 100, 50399 + slot * 100],
    smtpPort: test.smtpPort + slot * 10,
    inboxPort: test.inboxPort + slot * 10,
  }
}

/** What a running stack exposes; the test profile hands this to the tests as environment. */
export interface StackEnv {
  DATABASE_URL: string
  REDIS_URL: string
  PUBLIC_URL: string
  API_URL: string
  LIVEKIT_URL: string
  LIVEKIT_API_KEY: string
  LIVEKIT_API_SECRET: string
  LINK_ENCRYPTION_KEY: string
  INBOX_URL: string
  SMTP_URL: string
  /** Prometheus endpoints of the api and the worker (METRICS_PORT). */
  API_METRICS_URL: string
  WORKER_METRICS_URL: string
}

// Read once here: the stack scripts are the local equivalent of a deployment's config.
if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
const configured = {
  postgres: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
  redis: process.env.REDIS_BASE_URL ?? 'redis://127.0.0.1:6379',
}

function log(message: string) {
  process.stderr.write(`\x1b[1m[stack]\x1b[0m ${message}\n`)
}

/** Starts the machine's Postgres or Redis if they are local and do not answer. */
async function ensureServer(kind: 'postgres' | 'redis'): Promise<void> {
  const url = new URL(configured[kind])
  const port = Number(url.port || (kind === 'postgres' ? 5432 : 6379))
  if (await portOpen(port, url.hostname)) return
  if (!['127.0.0.1', 'localhost', '::1'].includes(url.hostname)) {
    throw new Error(`${kind} at ${url.host} does not answer; start it or fix the URL in .env`)
  }
  log(`${kind} does not answer on ${url.host}; starting it`)
  if (kind === 'postgres') {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : []
    for (const version of versions) {
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' })
    }
  } else {
    spawnSync(
      'redis-server',
      ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
      { stdio: 'inherit' },
    )
  }
  for (let i = 0; i < 50; i++) {
    if (await portOpen(port, url.hostname)) return
    await sleep(200)
  }
  throw new Error(`could not start ${kind}`)
}

async function prepareDatabase(name: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: `${configured.postgres}/postgres` })
  await admin.connect()
  try {
    if (fresh) await admin.query(`drop database if exists ${name} with (force)`)
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (exists.rowCount === 0) await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  return `${configured.postgres}/${name}`
}

async function prepareRedis(db: number, fresh: boolean): Promise<string> {
  const url = `${configured.redis}/${db}`
  if (fresh) {
    const redis = new Redis(url)
    await redis.flushdb()
    redis.disconnect()
  }
  return url
}

/** Dev secrets survive restarts (so e-mailed links keep working); test secrets are new each run. */
function secretsFor(profile: Profile) {
  const generate = () => ({
    livekitKey: `vt${randomBytes(6).toString('hex')}`,
    livekitSecret: randomBytes(32).toString('base64url'),
    linkKey: randomBytes(32).toString('base64'),
  })
  if (profile.fresh) return generate()
  const file = path.join(RUN_DIR, `${profile.name}-secrets.json`)
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof generate>
  const secrets = generate()
  mkdirSync(RUN_DIR, { recursive: true })
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 })
  return secrets
}

function livekitConfigFile(profile: Profile, apiKey: string): string {
  const base = readFileSync(path.join(ROOT, 'infra/livekit.yaml'), 'utf8')
  const webhook = `\nwebhook:\n  api_key: ${apiKey}\n  urls:\n    - http://127.0.0.1:${profile.apiPort}/api/livekit/webhook\n`
  const file = path.join(RUN_DIR, `livekit-${profile.name}.yaml`)
  mkdirSync(RUN_DIR, { recursive: true })
  writeFileSync(file, base + webhook)
  return file
}

export interface RunningStack {
  env: StackEnv
  supervisor: Supervisor
  stop: () => Promise<void>
}

/**
 * Brings up everything the product needs on this machine: Postgres and Redis (started
 * if down), migrations, Mailpit (SMTP + web inbox), LiveKit, api, worker and portal.
 */
export async function startStack(
  profile: Profile,
  /** portalDist: the built portal to serve instead of apps/portal/dist (not for dev, which serves the sources). */
  options: { logDir?: string; portalDist?: string } = {},
): Promise<RunningStack> {
  await Promise.all([ensureServer('postgres'), ensureServer('redis')])
  const dbName = profile.name === 'dev' ? 'videotermin' : `videotermin_${profile.name}`
  const secrets = secretsFor(profile)
  const env: StackEnv = {
    DATABASE_URL: await prepareDatabase(dbName, profile.fresh),
    REDIS_URL: await prepareRedis(profile.redisDb, profile.fresh),
    PUBLIC_URL: `http://localhost:${profile.portalPort}`,
    API_URL: `http://127.0.0.1:${profile.apiPort}`,
    LIVEKIT_URL: `ws://127.0.0.1:${profile.livekitPort}`,
    LIVEKIT_API_KEY: secrets.livekitKey,
    LIVEKIT_API_SECRET: secrets.livekitSecret,
    LINK_ENCRYPTION_KEY: secrets.linkKey,
    INBOX_URL: `http://127.0.0.1:${profile.inboxPort}`,
    SMTP_URL: `smtp://127.0.0.1:${profile.smtpPort}`,
    // Beside the API's port: 3008/3009, 3108/3109, …, one pair per profile and slot.
    API_METRICS_URL: `http://127.0.0.1:${profile.apiPort + 8}`,
    WORKER_METRICS_URL: `http://127.0.0.1:${profile.apiPort + 9}`,
  }

  log('migrating the database')
  execFileSync(process.execPath, ['packages/db/src/migrate.cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
    stdio: 'inherit',
  })

  const supervisor = new Supervisor(options.logDir)
  const stop = () => supervisor.stopAll()
  try {
    const tools = path.join(ROOT, '.tools')
    await supervisor.start({
      name: 'mailpit',
      command: path.join(tools, 'mailpit'),
      args: [
        '--smtp',
        `127.0.0.1:${profile.smtpPort}`,
        '--listen',
        `127.0.0.1:${profile.inboxPort}`,
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
        // Refuses (550) every recipient in the reserved `.invalid` domain, as a mail server
        // refuses a mistyped address: the way to try a bounced invitation, in the demo and in
        // the e2e tests. RE2 has no lookahead, hence "shorter than 8, or a different last 8".
        '--smtp-allowed-recipients',
        LOCAL_MAIL_ACCEPTS,
        '--disable-version-check',
        '--quiet',
      ],
      ready: () => httpOk(`${env.INBOX_URL}/livez`),
    })
    await supervisor.start({
      name: 'livekit',
      command: path.join(tools, 'livekit-server'),
      args: [
        '--config',
        livekitConfigFile(profile, env.LIVEKIT_API_KEY),
        '--port',
        String(profile.livekitPort),
        '--rtc.tcp_port',
        String(profile.livekitTcpPort),
        '--rtc.port_range_start',
        String(profile.livekitUdp[0]),
        '--rtc.port_range_end',
        String(profile.livekitUdp[1]),
      ],
      env: { LIVEKIT_KEYS: `${env.LIVEKIT_API_KEY}: ${env.LIVEKIT_API_SECRET}` },
      ready: () => httpOk(`http://127.0.0.1:${profile.livekitPort}/`),
    })
    const appEnv = {
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      PUBLIC_URL: env.PUBLIC_URL,
      LINK_ENCRYPTION_KEY: env.LINK_ENCRYPTION_KEY,
      LOG_LEVEL: profile.logLevel,
    }
    await supervisor.start({
      name: 'api',
      command: process.execPath,
      args: ['apps/api/src/server.ts'],
      cwd: ROOT,
      env: {
        ...appEnv,
        API_PORT: String(profile.apiPort),
        METRICS_PORT: String(profile.apiPort + 8),
        LIVEKIT_URL: env.LIVEKIT_URL,
        LIVEKIT_API_KEY: env.LIVEKIT_API_KEY,
        LIVEKIT_API_SECRET: env.LIVEKIT_API_SECRET,
        LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS: profile.fresh ? '2' : '20',
        // Tests and benchmarks open links from one address far faster than people do.
        ...(profile.fresh ? { LINK_OPENS_PER_MINUTE: '1000', PUBLIC_CHECKS_PER_10_MINUTES: '1000' } : {}),
      },
      ready: () => httpOk(`${env.API_URL}/readyz`),
    })
    await supervisor.start({
      name: 'worker',
      command: process.execPath,
      args: ['apps/worker/src/main.ts'],
      cwd: ROOT,
      env: {
        ...appEnv,
        SMTP_URL: env.SMTP_URL,
        MAIL_FROM: 'Videotermin <noreply@videotermin.example>',
        OUTBOX_POLL_MS: '1000',
        METRICS_PORT: String(profile.apiPort + 9),
      },
      ready: () => httpOk(`${env.WORKER_METRICS_URL}/healthz`),
    })
    const vite = path.join(ROOT, 'apps/portal/node_modules/vite/bin/vite.js')
    const built = options.portalDist ? ['--outDir', options.portalDist] : []
    const portalMode = profile.name === 'dev' ? [] : ['preview', ...built]
    await supervisor.start({
      name: 'portal',
      command: process.execPath,
      args: [vite, ...portalMode, '--port', String(profile.portalPort), '--strictPort', '--host', 'localhost'],
      cwd: path.join(ROOT, 'apps/portal'),
      env: { API_ORIGIN: env.API_URL, LIVEKIT_URL: env.LIVEKIT_URL },
      ready: () => httpOk(env.PUBLIC_URL),
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { env, supervisor, stop }
}
