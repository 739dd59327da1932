import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestDb } from '../support/fixtures.ts'

// The Db reads timestamptz with its own parser (packages/db/src/timestamps.ts). Here Postgres
// itself writes them, in zones whose offsets have minutes and, long ago, seconds, and with
// microseconds; each must come out as the instant Postgres meant, to the millisecond.
describe('timestamps read from Postgres', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it.each(['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Europe/Amsterdam'])(
    'are the instants Postgres meant, written in %s',
    async (zone) => {
      const rows = await db.connection().execute(async (connection) => {
        await sql`select set_config('TimeZone', ${zone}, false)`.execute(connection)
        try {
          const { rows } = await sql<{ at: Date; text: string; epoch_ms: string }>`
          select at, at::text as text, floor(extract(epoch from at) * 1000)::bigint as epoch_ms
          from (
            select timestamptz '1890-06-01 12:00:00.5+00' + (n * interval '11 years 37 days 5 hours 7 minutes 3.123456 seconds') as at
            from generate_series(0, 200) as n
          ) as instants`.execute(connection)
          return rows
        } finally {
          await sql`reset "TimeZone"`.execute(connection)
        }
      })
      expect(rows.length).toBe(201)
      for (const row of rows) expect(row.at.getTime(), row.text).toBe(Number(row.epoch_ms))
    },
  )
})
