import type { StaffUserView } from '@videotermin/contracts'
import type { Db, StaffRole, StaffUser } from '@videotermin/db'

type StaffRow = Pick<StaffUser, 'id' | 'email' | 'display_name' | 'role' | 'active' | 'password_hash' | 'sso_subject'>

const COLUMNS = ['id', 'email', 'display_name', 'role', 'active', 'password_hash', 'sso_subject'] as const

export function toStaffUserView(row: StaffRow): StaffUserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    signIn: row.sso_subject ? 'sso' : row.password_hash ? 'password' : 'invited',
  }
}

export async function listStaff(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom('staff_users')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .orderBy('active', 'desc')
    .orderBy('display_name')
    .execute()
  return rows.map(toStaffUserView)
}

export async function listActiveAdvisors(db: Db, organisationId: string) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name as displayName'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('display_name')
    .execute()
}

export async function findStaffInOrganisation(db: Db, organisationId: string, userId: string) {
  return db
    .selectFrom('staff_users')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .executeTakeFirst()
}

export async function insertInvitedStaff(
  db: Db,
  input: {
    organisationId: string
    email: string
    displayName: string
    role: StaffRole
    tokenHash: Buffer
    expiresAt: Date
  },
) {
  return db
    .insertInto('staff_users')
    .values({
      organisation_id: input.organisationId,
      email: input.email.toLowerCase(),
      display_name: input.displayName.trim(),
      password_hash: null,
      role: input.role,
      invitation_token_hash: input.tokenHash,
      invitation_expires_at: input.expiresAt,
    })
    .onConflict((c) => c.column('email').doNothing())
    .returning(COLUMNS)
    .executeTakeFirst()
}

/**
 * Changes role, name or active flag. Deactivating or demoting an admin is refused when no
 * other active admin would be left: an organisation must never lock itself out. The check
 * and the change run under a lock on the organisation's staff, so two admins demoting each
 * other at once cannot both succeed.
 */
export async function updateStaff(
  db: Db,
  organisationId: string,
  userId: string,
  change: { role?: StaffRole; active?: boolean; displayName?: string },
): Promise<'ok' | 'not-found' | 'last-admin'> {
  return db.transaction().execute(async (trx) => {
    const staff = await trx
      .selectFrom('staff_users')
      .select(['id', 'role', 'active'])
      .where('organisation_id', '=', organisationId)
      .forUpdate()
      .execute()
    const target = staff.find((s) => s.id === userId)
    if (!target) return 'not-found'
    const remainsAdmin = (change.role ?? target.role) === 'admin' && (change.active ?? target.active)
    const otherAdmins = staff.filter((s) => s.id !== userId && s.role === 'admin' && s.active).length
    if (target.role === 'admin' && target.active && !remainsAdmin && otherAdmins === 0) return 'last-admin'
    await trx
      .updateTable('staff_users')
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
        ...(change.displayName ? { display_name: change.displayName.trim() } : {}),
      })
      .where('id', '=', userId)
      .execute()
    // Sessions end at once, not at their next timeout: a deactivated or demoted colleague
    // signs in again (or cannot).
    if (change.active === false || (change.role && change.role !== target.role)) {
      await trx.deleteFrom('staff_sessions').where('staff_user_id', '=', userId).execute()
    }
    return 'ok'
  })
}

/** Sets the password of an invited account and spends the invitation; false when invalid or expired. */
export async function acceptInvitation(db: Db, tokenHash: Buffer, passwordHash: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, invitation_token_hash: null, invitation_expires_at: null })
    .where('invitation_token_hash', '=', tokenHash)
    .where('invitation_expires_at', '>', now)
    .where('active', '=', true)
    .returning('id')
    .executeTakeFirst()
  return updated !== undefined
}

export async function renewInvitation(
  db: Db,
  organisationId: string,
  userId: string,
  tokenHash: Buffer,
  expiresAt: Date,
) {
  return db
    .updateTable('staff_users')
    .set({ invitation_token_hash: tokenHash, invitation_expires_at: expiresAt })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .where('password_hash', 'is', null)
    .where('sso_subject', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst()
}
