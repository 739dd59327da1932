import type { StaffParticipant, WaitingStatus } from '@videotermin/contracts'
import type { Db } from '@videotermin/db'

/** Puts a participant into the waiting room, unless already admitted (then they go straight back in). */
export async function enterWaitingRoom(db: Db, participantId: string, now: Date): Promise<'waiting' | 'admitted'> {
  const row = await db
    .updateTable('participants')
    .set((eb) => ({ waiting_since: eb.fn.coalesce('waiting_since', eb.val(now)) }))
    .where('id', '=', participantId)
    .returning(['admitted_at'])
    .executeTakeFirstOrThrow()
  return row.admitted_at ? 'admitted' : 'waiting'
}

/**
 * Admits one participant of one appointment, if they consented and did not withdraw. Says
 * whether they were admitted and since when they had been waiting (for the wait-time metric;
 * null when they were not in the waiting room).
 */
export async function admitParticipant(db: Db, appointmentId: string, participantId: string, now: Date) {
  const row = await db
    .updateTable('participants as p')
    // The FROM subquery reads the row as it was before this update.
    .from(db.selectFrom('participants').select(['id', 'waiting_since']).as('before'))
    .set({ admitted_at: now, waiting_since: null })
    .whereRef('before.id', '=', 'p.id')
    .where('p.id', '=', participantId)
    .where('p.appointment_id', '=', appointmentId)
    .where('p.consented_at', 'is not', null)
    .where('p.consent_withdrawn_at', 'is', null)
    .returning('before.waiting_since as waiting_since')
    .executeTakeFirst()
  return { admitted: row !== undefined, waitingSince: row?.waiting_since ?? null }
}

export function waitingStatus(row: { waiting_since: Date | null; admitted_at: Date | null }): WaitingStatus {
  return row.admitted_at ? 'admitted' : row.waiting_since ? 'waiting' : 'not_waiting'
}

/** The participants of an appointment with what the advisor's view shows about each. */
export async function participantsForStaff(db: Db, appointmentId: string) {
  return db
    .selectFrom('participants')
    .select([
      'id',
      'role',
      'first_name',
      'last_name',
      'email',
      'link_opened_at',
      'consented_at',
      'consent_withdrawn_at',
      'waiting_since',
      'admitted_at',
    ])
    .where('appointment_id', '=', appointmentId)
    .orderBy('created_at')
    .execute()
}

type StaffRow = Awaited<ReturnType<typeof participantsForStaff>>[number]

/** The furthest step a participant has reached, as the live view names it. */
export function participantStatus(row: StaffRow): StaffParticipant['status'] {
  if (row.consent_withdrawn_at) return 'withdrawn'
  if (row.admitted_at) return 'admitted'
  if (row.waiting_since) return 'waiting'
  if (row.consented_at) return 'consented'
  if (row.link_opened_at) return 'link_opened'
  return 'invited'
}
