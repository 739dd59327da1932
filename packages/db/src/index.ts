import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'

export type * from './database.ts'
export { migrateToLatest } from './migrate.ts'

export type Db = Kysely<Database>

/** Opens a pooled connection to Postgres. Call `db.destroy()` on shutdown. */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    // Fail fast when Postgres is down instead of hanging requests; readiness reports it.
    connectionTimeoutMillis: 3000,
  })
  // Dates (not timestamps) stay 'YYYY-MM-DD' strings: a Date would invent a time and a zone.
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)
  // An idle client losing its connection (Postgres restart) must not crash the process.
  pool.on('error', () => {})
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
