import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'
import { parseTimestamptz } from './timestamps.ts'

export type Db = Kysely<Database>

const pools = new WeakMap<Db, pg.Pool>()

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
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz)
  // An idle client losing its connection (Postgres restart) must not crash the process.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

/**
 * The pg pool beneath a `Db` from createDb, for the rare hot path that needs what Kysely does
 * not offer (prepared statements, several statements in one round trip). Shares the pool's
 * connections and its limit.
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db)
  if (!pool) throw new Error('poolOf: not a Db made by createDb')
  return pool
}
