// `pnpm migrate`: applies pending migrations to DATABASE_URL; exits non-zero on failure.
import { Env, loadConfigOrExit } from '@videotermin/config'
import { Type } from 'typebox'
import { createDb } from './index.ts'
import { migrateToLatest } from './migrate.ts'

const config = loadConfigOrExit(Type.Object({ DATABASE_URL: Env.databaseUrl() }))
const db = createDb(config.DATABASE_URL, { max: 1 })
try {
  const applied = await migrateToLatest(db)
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n')
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  await db.destroy()
}
