import { type Static, Type } from 'typebox'
import { LanguageCode } from './appointments.ts'

export const StaffRole = Type.Union([Type.Literal('advisor'), Type.Literal('admin')])

export const LoginBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const StaffMe = Type.Object({
  id: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  role: StaffRole,
  organisation: Type.Object({
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    timeZone: Type.String(),
    /** Languages citizens can be invited in. */
    languages: Type.Array(LanguageCode),
  }),
})
export type StaffMe = Static<typeof StaffMe>

/** Returned by sign-in and by `GET /api/staff/me`; the CSRF token goes into `x-csrf-token`. */
export const StaffSession = Type.Object({ user: StaffMe, csrfToken: Type.String() })
export type StaffSession = Static<typeof StaffSession>
