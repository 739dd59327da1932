import type { Kysely } from 'kysely'

// The host can end an appointment for everybody; afterwards nobody enters its call again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('appointments').addColumn('ended_at', 'timestamptz').execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
