import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestDb } from '../support/fixtures.ts'

// Appointments and participants get UUIDv7 ids from the database (migration 2210), so rows
// written together sit together in the indexes the purge walks. These are the properties
// that relies on, checked on the real function.
describe('time-ordered ids (uuid_v7)', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it('are version 7, RFC 9562 variant, and carry the current time in milliseconds', async () => {
    const before = Date.now()
    const { rows } = await sql<{ id: string }>`select uuid_v7() as id from generate_series(1, 50)`.execute(db)
    const after = Date.now()
    for (const { id } of rows) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const millis = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)
      expect(millis).toBeGreaterThanOrEqual(before - 1000)
      expect(millis).toBeLessThanOrEqual(after + 1000)
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
  })

  it('sort by creation time when made at different milliseconds', async () => {
    const first = await sql<{ id: string }>`select uuid_v7() as id`.execute(db)
    await sql`select pg_sleep(0.005)`.execute(db)
    const second = await sql<{ id: string }>`select uuid_v7() as id`.execute(db)
    expect((first.rows[0]?.id ?? '') < (second.rows[0]?.id ?? '')).toBe(true)
  })

  it('are the default for appointments and participants', async () => {
    const { rows } = await sql<{ table_name: string; column_default: string }>`
      select table_name, column_default from information_schema.columns
      where table_schema = current_schema() and column_name = 'id'
        and table_name in ('appointments', 'participants')
      order by table_name`.execute(db)
    expect(rows).toEqual([
      { table_name: 'appointments', column_default: 'uuid_v7()' },
      { table_name: 'participants', column_default: 'uuid_v7()' },
    ])
  })
})
