import { randomBytes } from 'node:crypto'
import { type Db, preparedQuery, type StaffRole } from '@videotermin/db'
import { hashToken } from '@videotermin/links'

export interface StaffPrincipal {
  userId: string
  organisationId: string
  role: StaffRole
  displayName: string
  organisationName: string
  organisationTimeZone: string
  organisationLanguages: string[]
  csrfToken: string
  sessionHash: Buffer
  lastSeenAt: Date
}

/** Creates a session and returns the cookie value; only its hash is stored. */
export async function createStaffSession(
  db: Db,
  input: { staffUserId: string; expiresAt: Date },
): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(32).toString('base64url')
  await db
    .insertInto('staff_sessions')
    .values({
      id_hash: hashToken(sessionId),
      staff_user_id: input.staffUserId,
      csrf_token: csrfToken,
      expires_at: input.expiresAt,
    })
    .execute()
  return { sessionId, csrfToken }
}

/**
 * Every staff request starts with this lookup: built once, prepared once per connection
 * (`preparedQuery`). Parameter: the session id's hash.
 */
const staffSessionLookup = preparedQuery('vt_staff_session', (db) =>
  db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      's.id_hash',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.id as user_id',
      'u.organisation_id',
      'u.role',
      'u.display_name',
      'u.active',
      'o.name as organisation_name',
      'o.time_zone',
      'o.languages',
    ])
    .where('s.id_hash', '=', Buffer.alloc(0))
    .compile(),
)

/** The active session for a cookie value, or undefined when unknown, expired, idle or the user is deactivated. */
export async function findStaffSession(
  db: Db,
  sessionId: string,
  now: Date,
  idleMinutes: number,
): Promise<StaffPrincipal | undefined> {
  const [row] = await staffSessionLookup(db, [hashToken(sessionId)])
  if (!row?.active) return undefined
  const idleLimit = new Date(row.last_seen_at.getTime() + idleMinutes * 60_000)
  if (row.expires_at <= now || idleLimit <= now) return undefined
  return {
    userId: row.user_id,
    organisationId: row.organisation_id,
    role: row.role,
    displayName: row.display_name,
    organisationName: row.organisation_name,
    organisationTimeZone: row.time_zone,
    organisationLanguages: row.languages,
    csrfToken: row.csrf_token,
    sessionHash: row.id_hash,
    lastSeenAt: row.last_seen_at,
  }
}

export async function touchStaffSession(db: Db, sessionHash: Buffer, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', sessionHash).execute()
}

export async function deleteStaffSession(db: Db, sessionHash: Buffer): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', sessionHash).execute()
}

export async function findStaffUserForLogin(db: Db, email: string) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'password_hash', 'active'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
}
