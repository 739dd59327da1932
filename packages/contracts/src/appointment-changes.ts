import { type Static, Type } from 'typebox'

/**
 * `PATCH /api/staff/appointments/:id`: move an appointment (and optionally hand it to another
 * advisor). Same rules as booking: not over already, 5–240 minutes, an active advisor of the
 * organisation, only admins for others. Answers 200 with the updated StaffAppointment; 409
 * `appointment_cancelled` or `appointment_over` when it can no longer be changed. Everyone
 * invited gets an update mail with the new time; reminders move along.
 */
export const RescheduleAppointmentBody = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time' }),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
    /** Defaults to the appointment's current advisor. */
    advisorId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type RescheduleAppointmentBody = Static<typeof RescheduleAppointmentBody>

/**
 * Whether a participant's mails have reached the mail server: `pending` while one that is due
 * waits or is retried, `failed` when one was given up (wrong address, server refuses), else `sent`.
 * Reminders count only once they are due.
 */
export const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])
export type DeliveryStatus = Static<typeof DeliveryStatus>

/**
 * `POST /api/staff/appointments/:id/participants/:participantId/invitation`: the invitation
 * went astray (spam folder, a typo in the address). Sends a new one with a fresh personal
 * link, to the corrected address when one is given. The old link stops working at once, any
 * session opened with it ends, and its consent and device check are undone (whoever got the
 * misdirected mail is out; the person consents and checks themselves). Answers 204;
 * 409 `appointment_closed` for a cancelled or finished appointment, `conflict` when the
 * person withdrew consent (their data is gone: book anew).
 */
export const ResendInvitationBody = Type.Object(
  { email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })) },
  { additionalProperties: false },
)
export type ResendInvitationBody = Static<typeof ResendInvitationBody>
