import type { Kysely } from 'kysely'

// Staff signing in through OpenID Connect are found by the IdP's stable identity
// (issuer + subject), never by e-mail address, which people and IdPs change.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff_users')
    .addColumn('sso_subject', 'text', (c) => c.unique())
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
