import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../packages/db/src/index.ts'
import { sparePort, startApiReplica } from '../support/api-process.ts'
import { createOrganisationWithAdvisor, type StaffClient, signIn } from '../support/fixtures.ts'
import { waitFor } from '../support/scenario.ts'
import { apiEnv } from '../support/test-env.ts'

/*
 * Postgres goes away and comes back while the api runs. Not the machine's shared Postgres
 * (other stacks use it): an instance of this test's own, from the Debian binaries, run as the
 * `postgres` system user (initdb refuses root), on a spare port from 5499 on, thrown away afterwards.
 */

const ROOT = path.resolve(import.meta.dirname, '../..')

function postgresBin(): string {
  const versions = spawnSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n')
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  return `/usr/lib/postgresql/${newest}/bin`
}

/** Runs a Postgres tool as the `postgres` user (we are root here, or already that user). */
function asPostgres(tool: string, args: string[]) {
  const command = path.join(postgresBin(), tool)
  const root = process.getuid?.() === 0
  const result = spawnSync(root ? 'runuser' : command, root ? ['-u', 'postgres', '--', command, ...args] : args, {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`)
}

describe('Postgres restarts under a running api (a private Postgres instance)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'videotermin-pg-'))
  const dataDir = path.join(dir, 'data')
  let port = 0
  const databaseUrl = () => `postgres://postgres@127.0.0.1:${port}/videotermin`
  const pgStart = () =>
    asPostgres('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      path.join(dir, 'postgres.log'),
      '-w',
      'start',
    ])
  const pgStop = (mode: 'fast' | 'immediate') => asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop'])
  let db: Db | undefined
  let api: Awaited<ReturnType<typeof startApiReplica>> | undefined
  let started = false

  beforeAll(async () => {
    const postgresUser = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    if (process.getuid?.() === 0) chownSync(dir, postgresUser, -1)
    asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync'])
    port = await sparePort(5499)
    pgStart()
    started = true
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
    await admin.connect()
    await admin.query('create database videotermin')
    await admin.end()
    // Migrated the way an operator does it.
    const migrated = spawnSync(process.execPath, ['packages/db/src/migrate.cli.ts'], {
      cwd: ROOT,
      env: { DATABASE_URL: databaseUrl() },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stderr}`)
    db = createDb(databaseUrl(), { max: 2 })
  }, 120_000)

  afterAll(async () => {
    await api?.stop()
    await db?.destroy()
    if (started) {
      try {
        pgStop('immediate')
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it('answers 503 with the error body while Postgres is down, not ready; recovers by itself when it is back', async () => {
    if (!db) throw new Error('no database')
    api = await startApiReplica({ ...apiEnv(), DATABASE_URL: databaseUrl() }, await sparePort(3500), {
      readyTimeoutMs: 60_000,
    })
    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff: StaffClient = await signIn(api.url, advisor.email, advisor.password)
    expect((await staff.request('GET', '/api/staff/appointments')).status).toBe(200)
    const pid = api.child.pid

    pgStop('fast')
    const unavailable = {
      error: { code: 'unavailable', message: 'The service is temporarily unavailable. Please try again shortly.' },
    }
    const list = await staff.request('GET', '/api/staff/appointments')
    expect(list.status).toBe(503)
    expect(await list.json()).toEqual(unavailable)
    // Also where no session is involved yet: signing in.
    const login = await fetch(`${api.url}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: advisor.email, password: advisor.password }),
    })
    expect(login.status).toBe(503)
    expect(await login.json()).toEqual(unavailable)
    const ready = await fetch(`${api.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { postgres: 'failed' } })
    // Alive all the same: nothing for a supervisor to restart.
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200)

    pgStart()
    await waitFor(
      () => staff.request('GET', '/api/staff/appointments').then((r) => r.status),
      (status) => status === 200,
      'the api to answer again',
      30_000,
    )
    await waitFor(
      () => fetch(`${api?.url}/readyz`).then((r) => r.status),
      (status) => status === 200,
      'the api to be ready again',
      30_000,
    )
    // The same process throughout, and the session made before the outage still holds.
    expect(api.child.pid).toBe(pid)
    expect(api.child.exitCode).toBeNull()
    const again = await staff.request('GET', '/api/staff/me')
    expect(again.status).toBe(200)
  }, 180_000)
})
