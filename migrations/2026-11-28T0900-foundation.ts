import { type Kysely, sql } from 'kysely'

// Frozen in time: typed Kysely<any> so later schema changes never break this file.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('website', 'text')
    .addColumn('support_phone', 'text')
    .addColumn('support_hours', 'text')
    .addColumn('support_email', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Berlin'))
    .addColumn('lobby_lead_minutes', 'integer', (c) =>
      c.notNull().defaultTo(5).check(sql`lobby_lead_minutes between 0 and 60`),
    )
    .addColumn('retention_days', 'integer', (c) =>
      c.notNull().defaultTo(14).check(sql`retention_days between 1 and 14`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique().check(sql`email = lower(email)`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('advisor', 'admin')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('staff_user_id', 'uuid', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('staff_sessions_user').on('staff_sessions').column('staff_user_id').execute()

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('advisor_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes between 5 and 240`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('call_started_at', 'timestamptz')
    .addColumn('call_ended_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('appointments_org_start')
    .on('appointments')
    .columns(['organisation_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('participants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('appointment_id', 'uuid', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('citizen', 'interpreter', 'trusted_person', 'second_advisor')`),
    )
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('customer_number', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('de'))
    // Only the SHA-256 of the personal link token is stored, never the token.
    .addColumn('link_token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('link_issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('link_opened_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('participants_appointment').on('participants').column('appointment_id').execute()

  await db.schema
    .createTable('participant_sessions')
    .addColumn('id_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('participant_id', 'uuid', (c) => c.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('participant_sessions_participant')
    .on('participant_sessions')
    .column('participant_id')
    .execute()

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invitation')`))
    .addColumn('participant_id', 'uuid', (c) => c.notNull().references('participants.id').onDelete('cascade'))
    // The worker needs the plain link for the e-mail but the database keeps only its hash:
    // the token waits here encrypted (AES-256-GCM) and is erased once the mail is sent.
    .addColumn('link_token_sealed', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('enqueued_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute()
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .column('created_at')
    .where(sql.ref('enqueued_at'), 'is', null)
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
