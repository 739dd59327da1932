import { type Kysely, sql } from 'kysely'

// Organisation settings admins edit (languages offered, logo) and staff invitations: an
// admin creates an account, the new colleague sets their own password through a one-time
// link. Only the link's hash is stored, like every other secret link.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{de,en}'`))
    .addColumn('logo', 'bytea')
    .addColumn('logo_content_type', 'text')
    .addColumn('logo_updated_at', 'timestamptz')
    .execute()
  await sql`alter table organisations
    add constraint organisations_languages_known check (cardinality(languages) >= 1 and languages <@ '{de,en}'),
    add constraint organisations_logo_complete check ((logo is null) = (logo_content_type is null))`.execute(db)
  await db.schema
    .alterTable('staff_users')
    .addColumn('invitation_token_hash', 'bytea', (c) => c.unique())
    .addColumn('invitation_expires_at', 'timestamptz')
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
