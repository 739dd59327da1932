import type { Db, StaffRole } from '@videotermin/db'

export async function findOrganisationIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst()
  return row?.id
}

export interface SsoIdentity {
  organisationId: string
  /** `<issuer> <sub>`: the IdP's stable key for the person. */
  subject: string
  email: string
  displayName: string
  role: StaffRole
}

export type SsoUserOutcome = { id: string; active: boolean } | 'email_taken'

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505'

/**
 * Finds the staff user of an SSO identity by its subject and brings role and display name up
 * to date, or creates the user on first sign-in. A deactivated user is returned unchanged.
 * An e-mail address that already belongs to another account is refused, never linked: the
 * IdP is trusted with its own users, not with local accounts.
 */
export async function upsertSsoUser(db: Db, identity: SsoIdentity): Promise<SsoUserOutcome> {
  const existing = await db
    .selectFrom('staff_users')
    .select(['id', 'active'])
    .where('sso_subject', '=', identity.subject)
    .executeTakeFirst()
  if (existing) {
    if (!existing.active) return existing
    await db
      .updateTable('staff_users')
      .set({ role: identity.role, display_name: identity.displayName })
      .where('id', '=', existing.id)
      .execute()
    return existing
  }
  try {
    const created = await db
      .insertInto('staff_users')
      .values({
        organisation_id: identity.organisationId,
        email: identity.email.toLowerCase(),
        display_name: identity.displayName,
        password_hash: null,
        role: identity.role,
        sso_subject: identity.subject,
      })
      .onConflict((conflict) => conflict.column('sso_subject').doNothing())
      .returning(['id', 'active'])
      .executeTakeFirst()
    // Nothing returned: a parallel first sign-in of the same person created the row.
    return created ?? upsertSsoUser(db, identity)
  } catch (error) {
    if (isUniqueViolation(error)) return 'email_taken'
    throw error
  }
}
