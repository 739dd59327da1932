/**
 * Change notifications between processes over Redis pub/sub: the API's replicas and the
 * worker publish, the API's SSE streams listen (EventBus in apps/api). What changed, by id
 * only, never personal data; listeners re-read the state from the database.
 */
export type AppEvent =
  | { type: 'participant-changed'; appointmentId: string; participantId: string }
  | { type: 'appointment-changed'; appointmentId: string }
  /** The advisor is told on its own: the participant's name is already gone when the view re-reads. */
  | { type: 'consent-withdrawn'; appointmentId: string; participantId: string }

export const channels = {
  appointment: (appointmentId: string) => `vt:events:appointment:${appointmentId}`,
  organisation: (organisationId: string) => `vt:events:organisation:${organisationId}`,
  /** Every API process listens here (onRoomClosed): an appointment's LiveKit room closed. */
  roomClosed: 'vt:events:room-closed',
}

/** What publishing needs of a Redis client (ioredis' `publish`). */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>
}

/**
 * Publishes an event on the channels its listeners follow: the appointment's (the citizen's
 * page) and the organisation's (the staff's live views).
 */
export async function publishAppEvent(publisher: Publisher, event: AppEvent, organisationId: string): Promise<void> {
  const message = JSON.stringify(event)
  await Promise.all([
    publisher.publish(channels.appointment(event.appointmentId), message),
    publisher.publish(channels.organisation(organisationId), message),
  ])
}
