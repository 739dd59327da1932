import { type Static, Type } from 'typebox'
import { DeliveryStatus } from './appointment-changes.ts'

export const LanguageCode = Type.Union([Type.Literal('de'), Type.Literal('en')])

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })

export const BookAppointmentBody = Type.Object(
  {
    citizen: Type.Object(
      {
        firstName: Name,
        lastName: Name,
        email: Type.String({ format: 'email', maxLength: 254 }),
        customerNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9 ./-]+$' })),
        language: Type.Optional(LanguageCode),
      },
      { additionalProperties: false },
    ),
    /** People agreed beforehand (interpreter, trusted person, second advisor), each with their own link. */
    furtherParticipants: Type.Optional(
      Type.Array(
        Type.Object(
          {
            role: Type.Union([
              Type.Literal('interpreter'),
              Type.Literal('trusted_person'),
              Type.Literal('second_advisor'),
            ]),
            firstName: Name,
            lastName: Name,
            email: Type.String({ format: 'email', maxLength: 254 }),
            language: Type.Optional(LanguageCode),
          },
          { additionalProperties: false },
        ),
        { maxItems: 4 },
      ),
    ),
    startsAt: Type.String({ format: 'date-time' }),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
    /** Defaults to the signed-in advisor. */
    advisorId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type BookAppointmentBody = Static<typeof BookAppointmentBody>

export const AppointmentStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')])

/** What staff see of an appointment in lists. */
export const StaffAppointment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startsAt: Type.String({ format: 'date-time' }),
  durationMinutes: Type.Integer(),
  status: AppointmentStatus,
  advisor: Type.Object({ id: Type.String(), displayName: Type.String() }),
  citizen: Type.Object({ firstName: Type.String(), lastName: Type.String() }),
  /** The worst delivery status over all participants: failed, else pending, else sent. */
  delivery: Type.Optional(DeliveryStatus),
})
export type StaffAppointment = Static<typeof StaffAppointment>

export const StaffAppointmentList = Type.Object({ appointments: Type.Array(StaffAppointment) })
export type StaffAppointmentList = Static<typeof StaffAppointmentList>

export const AppointmentIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export const AppointmentListQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)
