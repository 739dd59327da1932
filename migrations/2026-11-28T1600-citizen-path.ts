import { type Kysely, sql } from 'kysely'

// Consent, device checks, waiting room and the anonymous survey (the citizen's path).
export async function up(db: Kysely<any>): Promise<void> {
  // An organisation's own consent texts, versioned; version 0 is the product's default text.
  await db.schema
    .createTable('consent_texts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('consent_texts_version', ['organisation_id', 'version', 'language'])
    .execute()

  await db.schema
    .alterTable('participants')
    .addColumn('consent_version', 'integer')
    .addColumn('consented_at', 'timestamptz')
    .addColumn('consent_withdrawn_at', 'timestamptz')
    .addColumn('waiting_since', 'timestamptz')
    .addColumn('admitted_at', 'timestamptz')
    .addColumn('survey_answered_at', 'timestamptz')
    .execute()

  // Collected only after consent; personal data under the retention rules.
  await db.schema
    .createTable('device_checks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('participant_id', 'uuid', (c) => c.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('overall', 'text', (c) => c.notNull().check(sql`overall in ('green', 'yellow', 'red')`))
    .addColumn('measurement', 'jsonb', (c) => c.notNull())
    .addColumn('browser', 'text')
    .addColumn('os', 'text')
    .addColumn('device_type', 'text')
    .addColumn('ip_address', sql`inet`)
    .execute()
  await db.schema
    .createIndex('device_checks_participant')
    .on('device_checks')
    .columns(['participant_id', 'created_at'])
    .execute()

  // Anonymous by construction: organisation and day only, no link to a person or appointment,
  // not even a timestamp that could be matched against call times.
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('satisfaction', 'smallint', (c) => c.check(sql`satisfaction between 1 and 5`))
    .addColumn('av_quality', 'smallint', (c) => c.check(sql`av_quality between 1 and 5`))
    .addColumn('use_again', 'text', (c) => c.check(sql`use_again in ('yes', 'no', 'unsure')`))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
