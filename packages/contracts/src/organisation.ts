import { type Static, Type } from 'typebox'
import { LanguageCode } from './appointments.ts'
import { StaffRole } from './staff.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' })

/** What an admin edits about their organisation; citizens see it on their pages and in e-mails. */
export const OrganisationSettingsBody = Type.Object(
  {
    name: Text(120),
    address: Type.String({ maxLength: 300 }),
    website: Nullable(Type.String({ maxLength: 300, pattern: '^https://[^\\s]+$' })),
    supportPhone: Nullable(Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()/-]+$' })),
    supportHours: Nullable(Text(200)),
    supportEmail: Nullable(Type.String({ format: 'email', maxLength: 254 })),
    /** An IANA zone such as Europe/Berlin; checked against the runtime's zone database. */
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /** How long before the start the waiting room opens. */
    lobbyLeadMinutes: Type.Integer({ minimum: 0, maximum: 60 }),
    /** Languages citizens can be invited in. */
    languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 2, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type OrganisationSettingsBody = Static<typeof OrganisationSettingsBody>

export const OrganisationSettings = Type.Intersect([
  OrganisationSettingsBody,
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    /** Where the logo can be fetched (changes whenever the logo does), or null without one. */
    logoUrl: Nullable(Type.String()),
    /** Days after the appointment until its personal data is deleted (at most 14). */
    retentionDays: Type.Integer(),
  }),
])
export type OrganisationSettings = Static<typeof OrganisationSettings>

/** Logos are shown small in the page header; raster formats only (an SVG could carry script). */
export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
export const LOGO_MAX_BYTES = 200 * 1024

/** One version of the organisation's consent text, in every language it was written in. */
export const ConsentTextVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
  texts: Type.Record(Type.String(), Type.String()),
})
export type ConsentTextVersion = Static<typeof ConsentTextVersion>

export const ConsentTextHistory = Type.Object({
  /** Newest first; empty while the product's default text applies. */
  versions: Type.Array(ConsentTextVersion),
})
export type ConsentTextHistory = Static<typeof ConsentTextHistory>

/** A new version: a text for every language the organisation offers. */
export const NewConsentTextBody = Type.Object(
  {
    texts: Type.Object(
      { de: Type.Optional(Text(20_000)), en: Type.Optional(Text(20_000)) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type NewConsentTextBody = Static<typeof NewConsentTextBody>

/** A colleague as admins see them in staff management. */
export const StaffUserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  active: Type.Boolean(),
  /** How they sign in: a password of their own, the organisation's SSO, or not yet (invited). */
  signIn: Type.Union([Type.Literal('password'), Type.Literal('sso'), Type.Literal('invited')]),
})
export type StaffUserView = Static<typeof StaffUserView>

export const StaffUserList = Type.Object({ users: Type.Array(StaffUserView) })
export type StaffUserList = Static<typeof StaffUserList>

export const StaffUserIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const InviteStaffBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: Text(100),
    role: StaffRole,
  },
  { additionalProperties: false },
)
export type InviteStaffBody = Static<typeof InviteStaffBody>

/** The one-time link is shown to the admin once, to hand on; only its hash is stored. */
export const StaffInvitation = Type.Object({
  user: StaffUserView,
  setupUrl: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type StaffInvitation = Static<typeof StaffInvitation>

export const UpdateStaffUserBody = Type.Object(
  {
    role: Type.Optional(StaffRole),
    active: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(Text(100)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateStaffUserBody = Static<typeof UpdateStaffUserBody>

export const MIN_PASSWORD_LENGTH = 12

export const AcceptInvitationBody = Type.Object(
  {
    token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
    password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }),
  },
  { additionalProperties: false },
)
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>

/** Who appointments can be booked for: the organisation's active staff. */
export const AdvisorList = Type.Object({
  advisors: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String() })),
})
export type AdvisorList = Static<typeof AdvisorList>
