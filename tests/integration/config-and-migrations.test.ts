import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createDb, migrateToLatest } from '../../packages/db/src/index.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const run = (file: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [file], { cwd: ROOT, env, encoding: 'utf8' })

describe('configuration is validated at start-up', () => {
  it.each([
    ['api', 'apps/api/src/server.ts'],
    ['worker', 'apps/worker/src/main.ts'],
  ])('%s exits naming the missing and the invalid variables', (_name, file) => {
    const result = run(file, { REDIS_URL: 'http://wrong-scheme', LOG_LEVEL: 'chatty' })
    expect(result.status).toBe(78)
    expect(result.stderr).toMatch(/DATABASE_URL is required/)
    expect(result.stderr).toMatch(/REDIS_URL must match pattern/)
    expect(result.stderr).toMatch(/LOG_LEVEL/)
  })
})

describe('migrations', () => {
  async function withScratchDatabase(use: (url: string) => Promise<void>) {
    const name = `videotermin_scratch_${process.pid}_${Date.now()}`
    const admin = new pg.Client({ connectionString: testEnv.DATABASE_URL })
    await admin.connect()
    await admin.query(`create database ${name}`)
    try {
      await use(testEnv.DATABASE_URL.replace(/\/[^/]+$/, `/${name}`))
    } finally {
      await admin.query(`drop database ${name} with (force)`)
      await admin.end()
    }
  }

  it('build the schema on an empty database, and a second run changes nothing', async () => {
    await withScratchDatabase(async (url) => {
      const db = createDb(url, { max: 1 })
      try {
        expect((await migrateToLatest(db)).length).toBeGreaterThan(0)
        expect(await migrateToLatest(db)).toEqual([])
        const tables = await sql<{ table_name: string }>`
          select table_name from information_schema.tables where table_schema = 'public'`.execute(db)
        expect(tables.rows.map((r) => r.table_name)).toEqual(
          expect.arrayContaining(['organisations', 'staff_users', 'appointments', 'participants', 'outbox']),
        )
      } finally {
        await db.destroy()
      }
    })
  })

  it('a failing migration makes the runner exit non-zero', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'vt-migrations-'))
    writeFileSync(
      path.join(folder, '0001-broken.ts'),
      "export async function up(db) { await db.schema.createTable('x').addColumn('id', 'no_such_type').execute() }\n",
    )
    await withScratchDatabase(async (url) => {
      const db = createDb(url, { max: 1 })
      try {
        await expect(migrateToLatest(db, folder)).rejects.toThrow(/Migration failed in 0001-broken/)
      } finally {
        await db.destroy()
      }
      const cli = run('packages/db/src/migrate.cli.ts', { DATABASE_URL: url.replace(/:\d+\//, ':9/') })
      expect(cli.status).toBe(1)
    })
  })
})
