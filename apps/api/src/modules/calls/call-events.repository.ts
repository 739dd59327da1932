import type { Db } from '@videotermin/db'

/** Keeps the appointment's call start and end from LiveKit's room events. */
export async function recordCallEvent(db: Db, appointmentId: string, event: string, at: Date): Promise<void> {
  if (event === 'room_started') {
    await db
      .updateTable('appointments')
      .set({ call_started_at: at, call_ended_at: null })
      .where('id', '=', appointmentId)
      .where('call_started_at', 'is', null)
      .execute()
  } else if (event === 'room_finished') {
    await db.updateTable('appointments').set({ call_ended_at: at }).where('id', '=', appointmentId).execute()
  }
}
