import { type Kysely, sql } from 'kysely'

// Presence from LiveKit's webhooks, the purge's bookkeeping, and the daily statistics the
// worker computes before anything of a day is purged.
export async function up(db: Kysely<any>): Promise<void> {
  // Who was in the call when: one row per LiveKit participant session (its sid), so a
  // webhook delivered twice or out of order lands on the same row. Ids only.
  await db.schema
    .createTable('call_presence')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('appointment_id', 'uuid', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
    .addColumn('participant_id', 'uuid', (c) => c.references('participants.id').onDelete('cascade'))
    .addColumn('staff_user_id', 'uuid', (c) => c.references('staff_users.id').onDelete('cascade'))
    .addColumn('livekit_sid', 'text', (c) => c.notNull().unique())
    .addColumn('joined_at', 'timestamptz')
    .addColumn('left_at', 'timestamptz')
    .addCheckConstraint('call_presence_one_person', sql`(participant_id is null) <> (staff_user_id is null)`)
    .execute()
  await db.schema.createIndex('call_presence_appointment').on('call_presence').column('appointment_id').execute()
  await db.schema.createIndex('call_presence_participant').on('call_presence').column('participant_id').execute()

  // Set when the purge has removed the appointment's personal data; the row itself stays
  // (time, duration, status, organisation) for the statistics.
  await db.schema.alterTable('appointments').addColumn('purged_at', 'timestamptz').execute()
  await db.schema
    .createIndex('appointments_unpurged')
    .on('appointments')
    .column('id')
    .where(sql.ref('purged_at'), 'is', null)
    .execute()
  // The purge deletes participants in batches; the cascade to the outbox needs this index
  // (the mail-lifecycle migration adds it too).
  await sql`create index if not exists outbox_participant on outbox (participant_id)`.execute(db)

  // Counts only, per organisation and day (the organisation's time zone). `final` rows are
  // never recomputed: the purge only touches a day whose row is final.
  await db.schema
    .createTable('daily_statistics')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('appointments_held', 'integer', (c) => c.notNull())
    .addColumn('no_shows', 'integer', (c) => c.notNull())
    .addColumn('cancellations', 'integer', (c) => c.notNull())
    .addColumn('duration_median_minutes', 'real')
    .addColumn('checks_green', 'integer', (c) => c.notNull())
    .addColumn('checks_yellow', 'integer', (c) => c.notNull())
    .addColumn('checks_red', 'integer', (c) => c.notNull())
    // { family: count } for a fixed list of families (see statistics/families.ts), never free text.
    .addColumn('browsers', 'jsonb', (c) => c.notNull())
    .addColumn('operating_systems', 'jsonb', (c) => c.notNull())
    // Device-check connection: { udp, tcp, none } counts.
    .addColumn('connections', 'jsonb', (c) => c.notNull())
    .addColumn('survey_count', 'integer', (c) => c.notNull())
    .addColumn('satisfaction_sum', 'integer', (c) => c.notNull())
    .addColumn('satisfaction_count', 'integer', (c) => c.notNull())
    .addColumn('av_quality_sum', 'integer', (c) => c.notNull())
    .addColumn('av_quality_count', 'integer', (c) => c.notNull())
    .addColumn('use_again', 'jsonb', (c) => c.notNull())
    .addColumn('final', 'boolean', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_statistics_pk', ['organisation_id', 'day'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
