import type { Db } from '@videotermin/db'

/** Takes a participant out of the call: admission and waiting are reset, so coming back needs a new admission. */
export async function revokeAdmission(db: Db, appointmentId: string, participantId: string): Promise<boolean> {
  const result = await db
    .updateTable('participants')
    .set({ admitted_at: null, waiting_since: null })
    .where('id', '=', participantId)
    .where('appointment_id', '=', appointmentId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Ends the appointment for everybody; nobody is admitted any more. */
export async function endAppointment(db: Db, appointmentId: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ ended_at: now, updated_at: now })
      .where('id', '=', appointmentId)
      .where('ended_at', 'is', null)
      .execute()
    await trx
      .updateTable('participants')
      .set({ admitted_at: null, waiting_since: null })
      .where('appointment_id', '=', appointmentId)
      .execute()
  })
}
