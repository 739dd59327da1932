import type { Database, Db, ParticipantRole } from '@videotermin/db'
import type { Kysely, Transaction } from 'kysely'

type Executor = Db | Transaction<Database>

export async function insertAppointment(
  trx: Executor,
  values: { organisationId: string; advisorId: string; startsAt: Date; durationMinutes: number },
) {
  return trx
    .insertInto('appointments')
    .values({
      organisation_id: values.organisationId,
      advisor_id: values.advisorId,
      starts_at: values.startsAt,
      duration_minutes: values.durationMinutes,
    })
    .returning(['id', 'starts_at', 'duration_minutes', 'status', 'sequence'])
    .executeTakeFirstOrThrow()
}

export async function insertParticipant(
  trx: Executor,
  values: {
    appointmentId: string
    role: ParticipantRole
    firstName: string
    lastName: string
    email: string
    customerNumber: string | null
    language: string
    linkTokenHash: Buffer
    /** The token sealed (AES-256-GCM) for the mails that carry the link; erased with the participant's data. */
    linkTokenSealed: Buffer
  },
) {
  return trx
    .insertInto('participants')
    .values({
      appointment_id: values.appointmentId,
      role: values.role,
      first_name: values.firstName,
      last_name: values.lastName,
      email: values.email,
      customer_number: values.customerNumber,
      language: values.language,
      link_token_hash: values.linkTokenHash,
      link_token_sealed: values.linkTokenSealed,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
}

/** Active staff user of an organisation, used to check the advisor named in a booking. */
export async function findActiveStaffInOrganisation(db: Executor, organisationId: string, staffUserId: string) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name'])
    .where('id', '=', staffUserId)
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .executeTakeFirst()
}

/** Appointments of one organisation in a time range, with the citizen's name, for staff lists. */
export async function listAppointments(
  db: Kysely<Database>,
  filter: { organisationId: string; advisorId?: string; from: Date; to: Date },
) {
  let query = db
    .selectFrom('appointments as a')
    .innerJoin('staff_users as s', 's.id', 'a.advisor_id')
    .leftJoin('participants as p', (join) => join.onRef('p.appointment_id', '=', 'a.id').on('p.role', '=', 'citizen'))
    .select([
      'a.id',
      'a.starts_at',
      'a.duration_minutes',
      'a.status',
      's.id as advisor_id',
      's.display_name as advisor_name',
      'p.first_name',
      'p.last_name',
    ])
    .where('a.organisation_id', '=', filter.organisationId)
    .where('a.starts_at', '>=', filter.from)
    .where('a.starts_at', '<', filter.to)
    .orderBy('a.starts_at')
    .limit(500)
  if (filter.advisorId) query = query.where('a.advisor_id', '=', filter.advisorId)
  return query.execute()
}

/** One appointment with the number of people invited, scoped to an organisation. */
export async function findAppointmentForStaff(db: Db, organisationId: string, appointmentId: string) {
  return db
    .selectFrom('appointments as a')
    .select((eb) => [
      'a.id',
      'a.advisor_id',
      'a.starts_at',
      'a.duration_minutes',
      'a.status',
      'a.ended_at',
      eb
        .selectFrom('participants as p')
        .whereRef('p.appointment_id', '=', 'a.id')
        .select((c) => c.fn.countAll<string>().as('n'))
        .as('participant_count'),
    ])
    .where('a.id', '=', appointmentId)
    .where('a.organisation_id', '=', organisationId)
    .executeTakeFirst()
}

/** Locks an appointment of an organisation for a change (reschedule, cancel) until the transaction ends. */
export async function lockAppointment(trx: Executor, organisationId: string, appointmentId: string) {
  return trx
    .selectFrom('appointments')
    .select(['id', 'advisor_id', 'starts_at', 'duration_minutes', 'status', 'ended_at', 'sequence'])
    .where('id', '=', appointmentId)
    .where('organisation_id', '=', organisationId)
    .forUpdate()
    .executeTakeFirst()
}

/** Writes a change and raises the sequence when the time changed or it was cancelled; returns the new row. */
export async function updateAppointment(
  trx: Executor,
  appointmentId: string,
  values: {
    startsAt?: Date
    durationMinutes?: number
    advisorId?: string
    status?: 'cancelled'
    raiseSequence: boolean
    now: Date
  },
) {
  return trx
    .updateTable('appointments')
    .set((eb) => ({
      ...(values.startsAt ? { starts_at: values.startsAt } : {}),
      ...(values.durationMinutes ? { duration_minutes: values.durationMinutes } : {}),
      ...(values.advisorId ? { advisor_id: values.advisorId } : {}),
      ...(values.status ? { status: values.status } : {}),
      ...(values.raiseSequence ? { sequence: eb('sequence', '+', 1) } : {}),
      updated_at: values.now,
    }))
    .where('id', '=', appointmentId)
    .returning(['id', 'advisor_id', 'starts_at', 'duration_minutes', 'status', 'sequence'])
    .executeTakeFirstOrThrow()
}

/** The appointment's participants who still get mail (not withdrawn), with the citizen's name. */
export async function mailableParticipants(trx: Executor, appointmentId: string) {
  return trx
    .selectFrom('participants')
    .select(['id', 'role', 'first_name', 'last_name'])
    .where('appointment_id', '=', appointmentId)
    .where('consent_withdrawn_at', 'is', null)
    .orderBy('created_at')
    .execute()
}

/** The citizen's name and the advisor's, for the StaffAppointment answer. */
export async function staffAppointmentNames(trx: Executor, appointmentId: string) {
  return trx
    .selectFrom('appointments as a')
    .innerJoin('staff_users as s', 's.id', 'a.advisor_id')
    .leftJoin('participants as p', (join) => join.onRef('p.appointment_id', '=', 'a.id').on('p.role', '=', 'citizen'))
    .select(['s.id as advisor_id', 's.display_name as advisor_name', 'p.first_name', 'p.last_name'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirstOrThrow()
}
