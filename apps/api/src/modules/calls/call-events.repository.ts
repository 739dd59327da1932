import type { Db } from '@videotermin/db'
import { sql } from 'kysely'

/** Who a LiveKit identity is: ids only (see room.service.ts), never a name. */
export type CallIdentity = { kind: 'participant'; id: string } | { kind: 'staff'; id: string }

const IDENTITY = /^(participant|staff)-([0-9a-f-]{36})$/

export function parseIdentity(identity: string): CallIdentity | undefined {
  const match = identity.match(IDENTITY)
  if (!match?.[1] || !match[2]) return undefined
  return { kind: match[1] as CallIdentity['kind'], id: match[2] }
}

/** The appointment's organisation, to address the live view's events; undefined for an unknown room. */
export async function organisationOfAppointment(db: Db, appointmentId: string) {
  const row = await db
    .selectFrom('appointments')
    .select('organisation_id')
    .where('id', '=', appointmentId)
    .executeTakeFirst()
  return row?.organisation_id
}

/**
 * A participant joined or left the call. One row per LiveKit participant session (sid), so
 * a repeated or late delivery updates the same row. The call starts with the first join;
 * it ends when the last one present leaves (or when LiveKit closes the room).
 * Returns false when the identity does not belong to this appointment.
 */
export async function recordPresence(
  db: Db,
  input: { appointmentId: string; identity: CallIdentity; sid: string; event: 'joined' | 'left'; at: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The identity must belong to this appointment (participant) or its organisation (staff).
    const known =
      input.identity.kind === 'participant'
        ? await trx
            .selectFrom('participants')
            .select('id')
            .where('id', '=', input.identity.id)
            .where('appointment_id', '=', input.appointmentId)
            .executeTakeFirst()
        : await trx
            .selectFrom('staff_users as s')
            .innerJoin('appointments as a', 'a.organisation_id', 's.organisation_id')
            .select('s.id')
            .where('s.id', '=', input.identity.id)
            .where('a.id', '=', input.appointmentId)
            .executeTakeFirst()
    if (!known) return false
    const person =
      input.identity.kind === 'participant'
        ? { participant_id: input.identity.id, staff_user_id: null }
        : { participant_id: null, staff_user_id: input.identity.id }
    const times = input.event === 'joined' ? { joined_at: input.at } : { left_at: input.at }
    await trx
      .insertInto('call_presence')
      .values({ appointment_id: input.appointmentId, livekit_sid: input.sid, ...person, ...times })
      .onConflict((oc) => oc.column('livekit_sid').doUpdateSet(times))
      .execute()

    if (input.event === 'joined') {
      // LiveKit lets an identity into a room once: a new session ends every older one of the
      // same person, also one on a LiveKit node that died and never said they left. (A real
      // leave arriving later still sets its own time on its row.)
      await trx
        .updateTable('call_presence')
        .set({ left_at: input.at })
        .where('appointment_id', '=', input.appointmentId)
        .where(input.identity.kind === 'participant' ? 'participant_id' : 'staff_user_id', '=', input.identity.id)
        .where('livekit_sid', '!=', input.sid)
        .where('left_at', 'is', null)
        .where('joined_at', '<=', input.at)
        .execute()
      await trx
        .updateTable('appointments')
        .set((eb) => ({ call_started_at: eb.fn.coalesce('call_started_at', eb.val(input.at)), call_ended_at: null }))
        .where('id', '=', input.appointmentId)
        .execute()
    } else {
      // Ended when nobody is left in the call.
      await trx
        .updateTable('appointments')
        .set({ call_ended_at: input.at })
        .where('id', '=', input.appointmentId)
        .where('call_started_at', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('call_presence')
                .select(sql.lit(1).as('one'))
                .where('appointment_id', '=', input.appointmentId)
                .where('left_at', 'is', null),
            ),
          ),
        )
        .execute()
    }
    return true
  })
}

/** LiveKit closed the room: the call is over (if it had started and no leave has ended it yet). */
export async function recordRoomFinished(db: Db, appointmentId: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('call_presence')
      .set({ left_at: at })
      .where('appointment_id', '=', appointmentId)
      .where('left_at', 'is', null)
      .execute()
    await trx
      .updateTable('appointments')
      .set({ call_ended_at: at })
      .where('id', '=', appointmentId)
      .where('call_started_at', 'is not', null)
      .where('call_ended_at', 'is', null)
      .execute()
  })
}

/**
 * Per participant of an appointment: in the call since when (null when not in it now) and
 * when they last left it (null when they never did, or are back in), for the live view.
 */
export async function presenceOf(db: Db, appointmentId: string) {
  const rows = await db
    .selectFrom('call_presence')
    .select(['participant_id', 'joined_at', 'left_at'])
    .where('appointment_id', '=', appointmentId)
    .where('participant_id', 'is not', null)
    .orderBy('joined_at')
    .execute()
  const presence = new Map<string, { inCallSince: string | null; leftCallAt: string | null }>()
  for (const row of rows) {
    if (!row.participant_id) continue
    const current = presence.get(row.participant_id) ?? { inCallSince: null, leftCallAt: null }
    if (row.joined_at && !row.left_at) current.inCallSince ??= row.joined_at.toISOString()
    if (row.left_at && (!current.leftCallAt || row.left_at.toISOString() > current.leftCallAt)) {
      current.leftCallAt = row.left_at.toISOString()
    }
    presence.set(row.participant_id, current)
  }
  for (const value of presence.values()) if (value.inCallSince) value.leftCallAt = null
  return presence
}
