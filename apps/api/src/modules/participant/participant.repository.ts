import { randomBytes } from 'node:crypto'
import { type Db, organisationContactColumns, preparedQuery } from '@videotermin/db'
import { hashToken, hashTokenHex } from '@videotermin/links'
import { type InferResult, sql } from 'kysely'

/** What opening a link needs to know about its participant. */
function linkTargetQuery(db: Db) {
  return db
    .selectFrom('participants as p')
    .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
    .select([
      'p.id',
      'p.link_opened_at',
      'a.id as appointment_id',
      'a.organisation_id',
      'a.starts_at',
      'a.duration_minutes',
    ])
}

/** The participant a personal link belongs to, or undefined (unknown or replaced link). */
export async function findParticipantByLinkHash(db: Db, linkTokenHash: Buffer) {
  return linkTargetQuery(db).where('p.link_token_hash', '=', linkTokenHash).executeTakeFirst()
}

/** The same by id (for hand-over links); not for someone who withdrew consent. */
export async function findParticipantById(db: Db, participantId: string) {
  return linkTargetQuery(db)
    .where('p.id', '=', participantId)
    .where('p.consent_withdrawn_at', 'is', null)
    .executeTakeFirst()
}

export async function markLinkOpened(db: Db, participantId: string, now: Date) {
  await db
    .updateTable('participants')
    .set({ link_opened_at: now })
    .where('id', '=', participantId)
    .where('link_opened_at', 'is', null)
    .execute()
}

/** Starts a browser session for a participant; returns the cookie value (only its hash is stored). */
export async function createParticipantSession(db: Db, participantId: string, expiresAt: Date): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url')
  await db
    .insertInto('participant_sessions')
    .values({ id_hash: hashToken(sessionId), participant_id: participantId, expires_at: expiresAt })
    .execute()
  return sessionId
}

/**
 * Every request of a link holder starts with this lookup: built once, prepared once per
 * connection (building it per request cost the API a tenth of a millisecond, planning the
 * five-table join cost Postgres more than the whole request cost the API). Parameter: the
 * hashes of the session ids looked up together (see findParticipantBySession), in hex.
 *
 * Each hash finds its row in a lateral subquery that LIMIT keeps from being merged into a
 * join: one primary-key probe per hash once the table has grown, where a join (`= any(…)`,
 * `in (select unnest …)`) made the planner read a small table whole and compare or hash every
 * row (thirty hashes against a thousand sessions: 0.3–0.6 ms of Postgres CPU a query, this
 * 0.2 ms). The hashes arrive as bytea's own hex form (`\x…`) and are cast once, so while the
 * table is still small enough to be read whole the rows are compared byte for byte, not
 * decoded again for every row.
 */
const sessionLookup = preparedQuery('vt_participants_by_sessions', (db) => {
  const found = participantQuery(db)
    .select('ps.expires_at as session_expires_at')
    .where('ps.id_hash', '=', sql<Buffer>`wanted.hash`)
    .limit(sql.lit(1))
  return sql<InferResult<typeof found>[number] & { session_hash: string }>`
    select encode(wanted.hash, 'hex') as session_hash, found.*
    from unnest(${['']}::text[]::bytea[]) as wanted(hash)
    cross join lateral (${found}) as found`.compile(db)
})

type SessionRow = Awaited<ReturnType<typeof sessionLookup>>[number]
interface Waiting {
  hash: string
  resolve: (row: SessionRow | undefined) => void
  reject: (error: unknown) => void
}
/** Lookups asked for in this turn of the event loop, per database handle. */
const gathering = new WeakMap<Db, Waiting[]>()

/** One query for every lookup gathered in this turn of the event loop. */
async function lookUpGathered(db: Db) {
  const waiting = gathering.get(db) ?? []
  gathering.delete(db)
  try {
    const hashes = [...new Set(waiting.map((w) => w.hash))]
    const rows = await sessionLookup(db, [hashes.map((hash) => `\\x${hash}`)])
    const byHash = new Map(rows.map((row) => [row.session_hash, row]))
    for (const w of waiting) w.resolve(byHash.get(w.hash))
  } catch (error) {
    for (const w of waiting) w.reject(error)
  }
}

/**
 * Everything the participant's pages show, resolved from the session cookie. Under load many
 * requests arrive in one turn of the event loop; their lookups go to Postgres as one query
 * (one round trip, one execution), sent after every one of them arrived, so each still sees
 * the database as it is after its own arrival. Expiry is checked against each request's now.
 */
export async function findParticipantBySession(db: Db, sessionId: string, now: Date) {
  const hash = hashTokenHex(sessionId)
  let waiting = gathering.get(db)
  if (!waiting) {
    waiting = []
    gathering.set(db, waiting)
    setImmediate(() => void lookUpGathered(db))
  }
  const row = await new Promise<SessionRow | undefined>((resolve, reject) => waiting.push({ hash, resolve, reject }))
  return row && row.session_expires_at > now ? row : undefined
}

export type ParticipantContext = NonNullable<Awaited<ReturnType<typeof findParticipantBySession>>>

/**
 * What every request of a link holder needs: who it is, the appointment's state and times,
 * and the organisation's rules. What only the citizen's page shows (contact details, logo,
 * the advisor's name) is read by that page (appointmentHosts): each column here is read,
 * sent and parsed on every request.
 */
function participantQuery(db: Db) {
  return db
    .selectFrom('participant_sessions as ps')
    .innerJoin('participants as p', 'p.id', 'ps.participant_id')
    .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select([
      'p.id as participant_id',
      'p.first_name',
      'p.last_name',
      'p.language',
      'p.role',
      'p.consent_version',
      'p.consented_at',
      'p.consent_withdrawn_at',
      'p.waiting_since',
      'p.admitted_at',
      'p.survey_answered_at',
      'a.id as appointment_id',
      'a.organisation_id',
      'a.starts_at',
      'a.duration_minutes',
      'a.status',
      'a.ended_at',
      'o.lobby_lead_minutes',
      'o.time_zone',
    ])
}

/**
 * Who the citizen meets, as their page shows it: the organisation's contact details and logo,
 * the advisor's name. Undefined when the appointment went (purged) after the session lookup.
 */
export async function appointmentHosts(db: Db, appointmentId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .innerJoin('staff_users as s', 's.id', 'a.advisor_id')
    .select([...organisationContactColumns, 'o.id', 'o.logo_updated_at', 's.display_name as advisor_name'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst()
}

/** How many people are invited to the appointment. */
export async function countParticipants(db: Db, appointmentId: string): Promise<number> {
  const row = await db
    .selectFrom('participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('appointment_id', '=', appointmentId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Roles of the other people invited to the same appointment. */
export async function otherParticipantRoles(db: Db, appointmentId: string, participantId: string) {
  const rows = await db
    .selectFrom('participants')
    .select('role')
    .where('appointment_id', '=', appointmentId)
    .where('id', '!=', participantId)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => r.role)
}

/**
 * Consent withdrawn: the participant's personal data goes at once (names, address, customer
 * number, device checks). The row stays, empty, so the link still shows what happened.
 */
export async function eraseParticipantPersonalData(db: Db, participantId: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('device_checks').where('participant_id', '=', participantId).execute()
    await trx.deleteFrom('outbox').where('participant_id', '=', participantId).execute()
    await trx
      .updateTable('participants')
      .set({
        first_name: '',
        last_name: '',
        email: '',
        customer_number: null,
        // The sealed link for later mails is personal data too.
        link_token_sealed: null,
        consent_withdrawn_at: now,
        waiting_since: null,
        admitted_at: null,
      })
      .where('id', '=', participantId)
      .execute()
  })
}
