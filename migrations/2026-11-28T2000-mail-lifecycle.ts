import { type Kysely, sql } from 'kysely'

// Reschedule, cancel and reminders: every mail after the invitation needs the personal link
// again, the calendar entry needs a version, and the worker must be able to tell a mail for
// an outdated state from a current one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('reminder_offsets_minutes', sql`integer[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{1440,60}'`)
        .check(sql`cardinality(reminder_offsets_minutes) <= 5 and 0 < all(reminder_offsets_minutes)`),
    )
    .execute()

  // The iCalendar SEQUENCE of the appointment: raised by every reschedule and the cancellation.
  await db.schema
    .alterTable('appointments')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  // The link token, sealed with AES-256-GCM, for the mails after the invitation (update,
  // reminder). Personal data: it lives as long as the participant's other data and the purge
  // erases it with them.
  await db.schema.alterTable('participants').addColumn('link_token_sealed', 'bytea').execute()

  await sql`alter table outbox drop constraint if exists outbox_kind_check`.execute(db)
  await db.schema
    .alterTable('outbox')
    .addCheckConstraint('outbox_kind_check', sql`kind in ('invitation', 'update', 'reminder', 'cancellation')`)
    .execute()
  await db.schema
    .alterTable('outbox')
    // The appointment's sequence this mail describes; a higher one on the appointment makes it obsolete.
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    // Reminders wait until then; null means at once.
    .addColumn('due_at', 'timestamptz')
    // Superseded (rescheduled, cancelled, over) before it went out: it never will.
    .addColumn('obsolete_at', 'timestamptz')
    // Given up after the last attempt or a permanent refusal; the advisor sees it.
    .addColumn('failed_at', 'timestamptz')
    .execute()
  await db.schema.dropIndex('outbox_pending').ifExists().execute()
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .expression(sql`coalesce(due_at, created_at)`)
    .where(sql<boolean>`enqueued_at is null and obsolete_at is null`)
    .execute()
  // Rows handed to the queue but not finished: re-enqueued should Redis lose them.
  await db.schema
    .createIndex('outbox_unfinished')
    .on('outbox')
    .column('enqueued_at')
    .where(sql<boolean>`enqueued_at is not null and sent_at is null and obsolete_at is null and failed_at is null`)
    .execute()
  await db.schema.createIndex('outbox_participant').on('outbox').column('participant_id').execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
