import { type Kysely, sql } from 'kysely'

// The calls the database has running (started, not ended): the calls-in-progress gauge reads
// them at every scrape and the API's lost-call sweep every few minutes. Without this index
// both read the whole appointments table, which holds every appointment ever booked. The
// index holds only the few running calls; the updates that start and end a call are the
// only ones it makes non-HOT.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index appointments_call_open on appointments (call_started_at)
    where call_started_at is not null and call_ended_at is null`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
