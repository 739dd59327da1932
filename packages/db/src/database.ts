import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

type CreatedAt = ColumnType<Date, never, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface OrganisationTable {
  id: Generated<string>
  slug: string
  name: string
  address: Generated<string>
  website: string | null
  support_phone: string | null
  support_hours: string | null
  support_email: string | null
  time_zone: Generated<string>
  lobby_lead_minutes: Generated<number>
  retention_days: Generated<number>
  /** Reminder mails go out this many minutes before the start (default 24 h and 1 h). */
  reminder_offsets_minutes: ColumnType<number[], number[] | undefined, number[]>
  /** Languages citizens can be invited in; at least one of the product's languages. */
  languages: ColumnType<string[], string[] | undefined, string[]>
  logo: Buffer | null
  logo_content_type: string | null
  logo_updated_at: Timestamp | null
  created_at: CreatedAt
}

export type StaffRole = 'advisor' | 'admin'

export interface StaffUserTable {
  id: Generated<string>
  organisation_id: string
  email: string
  display_name: string
  password_hash: string | null
  role: StaffRole
  active: Generated<boolean>
  /** `<issuer> <sub>` of a user who signs in through OpenID Connect; null for local accounts. */
  sso_subject: ColumnType<string | null, string | null | undefined, string | null>
  /** SHA-256 of the one-time link with which an invited colleague sets their password. */
  invitation_token_hash: Buffer | null
  invitation_expires_at: Timestamp | null
  created_at: CreatedAt
}

export interface StaffSessionTable {
  id_hash: Buffer
  staff_user_id: string
  csrf_token: string
  created_at: ColumnType<Date, never, never>
  last_seen_at: ColumnType<Date, never, Date | string>
  expires_at: Timestamp
}

export type AppointmentStatus = 'scheduled' | 'cancelled'

export interface AppointmentTable {
  id: Generated<string>
  organisation_id: string
  advisor_id: string
  starts_at: Timestamp
  duration_minutes: number
  /** iCalendar SEQUENCE: raised by every reschedule and by the cancellation. */
  sequence: ColumnType<number, number | undefined, number>
  status: ColumnType<AppointmentStatus, AppointmentStatus | undefined, AppointmentStatus>
  call_started_at: Timestamp | null
  call_ended_at: Timestamp | null
  /** Set when the host ended the appointment for everybody. */
  ended_at: Timestamp | null
  /** Set when the purge removed the appointment's personal data (the row stays for statistics). */
  purged_at: ColumnType<Date | null, never, Date | string>
  created_at: CreatedAt
  updated_at: ColumnType<Date, never, Date | string>
}

export type ParticipantRole = 'citizen' | 'interpreter' | 'trusted_person' | 'second_advisor'

export interface ParticipantTable {
  id: Generated<string>
  appointment_id: string
  role: ParticipantRole
  first_name: string
  last_name: string
  email: string
  customer_number: string | null
  language: Generated<string>
  link_token_hash: Buffer
  link_issued_at: ColumnType<Date, never, Date | string>
  link_opened_at: Timestamp | null
  consent_version: number | null
  consented_at: Timestamp | null
  consent_withdrawn_at: Timestamp | null
  waiting_since: Timestamp | null
  admitted_at: Timestamp | null
  survey_answered_at: Timestamp | null
  /**
   * Personal data: the link token sealed with AES-256-GCM, for the mails after the invitation
   * (update, reminder). Kept only as long as the participant's other data; the purge erases it.
   */
  link_token_sealed: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>
  created_at: CreatedAt
}

export interface ConsentTextTable {
  id: Generated<string>
  organisation_id: string
  version: number
  language: string
  body: string
  created_at: CreatedAt
}

export type TrafficLight = 'green' | 'yellow' | 'red'

export interface DeviceCheckTable {
  id: Generated<string>
  participant_id: string
  created_at: CreatedAt
  overall: TrafficLight
  /** The browser's measurement (DeviceCheckMeasurement from contracts), validated before storing. */
  measurement: ColumnType<unknown, string, string>
  browser: string | null
  os: string | null
  device_type: string | null
  ip_address: string | null
}

export interface SurveyResponseTable {
  id: Generated<string>
  organisation_id: string
  /** Day only (organisation's time zone), never a time. */
  day: ColumnType<string, string, string>
  satisfaction: number | null
  av_quality: number | null
  use_again: 'yes' | 'no' | 'unsure' | null
}

export interface ParticipantSessionTable {
  id_hash: Buffer
  participant_id: string
  created_at: CreatedAt
  expires_at: Timestamp
}

export type OutboxKind = 'invitation' | 'update' | 'reminder' | 'cancellation'

export interface OutboxTable {
  id: Generated<string>
  kind: OutboxKind
  participant_id: string
  link_token_sealed: Buffer | null
  created_at: CreatedAt
  enqueued_at: Timestamp | null
  sent_at: Timestamp | null
  attempts: Generated<number>
  last_error: string | null
  /** The appointment's sequence this mail describes; a higher one on the appointment makes it obsolete. */
  sequence: ColumnType<number, number | undefined, number>
  /** Not before this time (reminders); null: at once. */
  due_at: Timestamp | null
  /** Superseded before it went out (rescheduled, cancelled, over): it never will. */
  obsolete_at: Timestamp | null
  /** Given up after the last attempt or a permanent refusal. */
  failed_at: Timestamp | null
}

/** One LiveKit participant session in an appointment's call (from webhooks); ids only. */
export interface CallPresenceTable {
  id: Generated<string>
  appointment_id: string
  participant_id: string | null
  staff_user_id: string | null
  livekit_sid: string
  joined_at: Timestamp | null
  left_at: Timestamp | null
}

type Counts = ColumnType<Record<string, number>, string, string>

/** Anonymous daily aggregates per organisation (counts and sums only); `final` rows are never recomputed. */
export interface DailyStatisticsTable {
  organisation_id: string
  day: ColumnType<string, string, string>
  appointments_held: number
  no_shows: number
  cancellations: number
  duration_median_minutes: number | null
  checks_green: number
  checks_yellow: number
  checks_red: number
  browsers: Counts
  operating_systems: Counts
  connections: Counts
  survey_count: number
  satisfaction_sum: number
  satisfaction_count: number
  av_quality_sum: number
  av_quality_count: number
  use_again: Counts
  final: boolean
  computed_at: Timestamp
}

/** The typed shape of the whole database; every query is checked against it. */
export interface Database {
  organisations: OrganisationTable
  staff_users: StaffUserTable
  staff_sessions: StaffSessionTable
  appointments: AppointmentTable
  participants: ParticipantTable
  participant_sessions: ParticipantSessionTable
  outbox: OutboxTable
  consent_texts: ConsentTextTable
  device_checks: DeviceCheckTable
  survey_responses: SurveyResponseTable
  call_presence: CallPresenceTable
  daily_statistics: DailyStatisticsTable
}

export type Organisation = Selectable<OrganisationTable>
export type NewOrganisation = Insertable<OrganisationTable>
export type StaffUser = Selectable<StaffUserTable>
export type Appointment = Selectable<AppointmentTable>
export type AppointmentUpdate = Updateable<AppointmentTable>
export type Participant = Selectable<ParticipantTable>
export type OutboxRow = Selectable<OutboxTable>
