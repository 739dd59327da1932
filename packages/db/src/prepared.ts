import type { CompiledQuery } from 'kysely'
import type pg from 'pg'
import { type Db, poolOf } from './connection.ts'

/**
 * A query that Kysely builds (and type-checks) once per database handle, run as a named
 * statement that Postgres parses and plans once per connection: for the lookups every request
 * starts with (the session behind a cookie), where planning a join cost Postgres more CPU than
 * the rest of the request. The values the builder was given only stand for the parameters;
 * each call supplies them, in the same order.
 *
 * Named statements live on the connection, so a connection pooler in front of Postgres must
 * keep sessions (docs/operations.md); migrations that change these tables run before new
 * processes start.
 */
export function preparedQuery<Row extends pg.QueryResultRow>(name: string, build: (db: Db) => CompiledQuery<Row>) {
  const compiled = new WeakMap<Db, CompiledQuery<Row>>()
  return async (db: Db, values: readonly unknown[]): Promise<Row[]> => {
    let query = compiled.get(db)
    if (!query) {
      query = build(db)
      compiled.set(db, query)
    }
    if (values.length !== query.parameters.length) {
      throw new Error(`${name}: ${query.parameters.length} values expected, ${values.length} given`)
    }
    const result = await poolOf(db).query<Row>({ name, text: query.sql, values: [...values] })
    return result.rows
  }
}
