// Seeds the demo organisation, an advisor and an appointment a few minutes from now.
// Safe to run again: it updates what is there, moves the appointment and issues a fresh
// link (only the link's hash is stored, so the old one cannot be printed again).
import { Env, loadConfigOrExit } from '@videotermin/config'
import { createDb } from '@videotermin/db'
import { hashToken, newLinkToken, personalLinkUrl, sealToken } from '@videotermin/links'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { insertOutboxRows } from '../modules/appointments/appointment-mail.repository.ts'
import { bookAppointment } from '../modules/appointments/booking.service.ts'
import { hashPassword } from '../modules/staff-auth/passwords.ts'

const config = loadConfigOrExit(
  Type.Object({
    DATABASE_URL: Env.databaseUrl(),
    PUBLIC_URL: Env.publicUrl(),
    LINK_ENCRYPTION_KEY: Env.linkEncryptionKey(),
  }),
)

// Fictional organisation, people and numbers.
export const DEMO = {
  organisation: {
    slug: 'demo',
    name: 'Jobcenter Musterstadt',
    address: 'Beispielweg 1, 12345 Musterstadt',
    website: 'https://jobcenter-musterstadt.example',
    support_phone: '01234 5678-900',
    support_hours: 'Mo–Fr 8:00–16:00 Uhr',
    support_email: 'service@jobcenter-musterstadt.example',
  },
  advisor: { email: 'berater@jobcenter-musterstadt.example', password: 'Demo-Passwort-2026', name: 'Petra Sommer' },
  // Sees everything the advisor does, plus organisation settings, staff and statistics.
  admin: { email: 'verwaltung@jobcenter-musterstadt.example', password: 'Demo-Passwort-2026', name: 'Jonas Weber' },
  citizen: { firstName: 'Max', lastName: 'Mustermann', email: 'max.mustermann@example.org' },
  startsInMinutes: 3,
  durationMinutes: 30,
}

const db = createDb(config.DATABASE_URL, { max: 2 })
try {
  const organisation = await db
    .insertInto('organisations')
    .values(DEMO.organisation)
    .onConflict((oc) => oc.column('slug').doUpdateSet(DEMO.organisation))
    .returning(['id'])
    .executeTakeFirstOrThrow()
  const advisorValues = {
    organisation_id: organisation.id,
    email: DEMO.advisor.email,
    display_name: DEMO.advisor.name,
    password_hash: await hashPassword(DEMO.advisor.password),
    role: 'advisor' as const,
  }
  const advisor = await db
    .insertInto('staff_users')
    .values(advisorValues)
    .onConflict((oc) => oc.column('email').doUpdateSet({ ...advisorValues, active: true }))
    .returning(['id', 'role'])
    .executeTakeFirstOrThrow()

  const adminValues = {
    organisation_id: organisation.id,
    email: DEMO.admin.email,
    display_name: DEMO.admin.name,
    password_hash: await hashPassword(DEMO.admin.password),
    role: 'admin' as const,
  }
  await db
    .insertInto('staff_users')
    .values(adminValues)
    .onConflict((oc) => oc.column('email').doUpdateSet({ ...adminValues, active: true }))
    .execute()

  const startsAt = new Date(Date.now() + DEMO.startsInMinutes * 60_000)
  const existing = await db
    .selectFrom('participants as p')
    .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
    .select(['p.id as participant_id', 'a.id as appointment_id'])
    .where('a.advisor_id', '=', advisor.id)
    .where('p.email', '=', DEMO.citizen.email)
    .executeTakeFirst()

  let link: string
  if (existing) {
    const token = newLinkToken()
    await db.transaction().execute(async (trx) => {
      const { sequence } = await trx
        .updateTable('appointments')
        .set((eb) => ({
          starts_at: startsAt,
          status: 'scheduled',
          updated_at: new Date(),
          call_started_at: null,
          call_ended_at: null,
          // A new version of the appointment: mails about the old one are obsolete.
          sequence: eb('sequence', '+', 1),
        }))
        .where('id', '=', existing.appointment_id)
        .returning('sequence')
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('participants')
        .set({
          link_token_hash: hashToken(token),
          link_token_sealed: sealToken(token, config.LINK_ENCRYPTION_KEY),
          link_issued_at: new Date(),
        })
        .where('id', '=', existing.participant_id)
        .execute()
      // The old link's sessions end with it.
      await trx.deleteFrom('participant_sessions').where('participant_id', '=', existing.participant_id).execute()
      await insertOutboxRows(trx, [{ kind: 'invitation', participantId: existing.participant_id, sequence }])
      await sql`notify outbox`.execute(trx)
    })
    link = personalLinkUrl(config.PUBLIC_URL, token)
  } else {
    const booked = await bookAppointment(
      { db, linkEncryptionKey: config.LINK_ENCRYPTION_KEY, publicUrl: config.PUBLIC_URL, now: new Date() },
      { userId: advisor.id, organisationId: organisation.id, role: advisor.role },
      {
        citizen: { ...DEMO.citizen, language: 'de' },
        startsAt: startsAt.toISOString(),
        durationMinutes: DEMO.durationMinutes,
      },
    )
    link = booked.personalLink
  }
  process.stdout.write(
    `${JSON.stringify({ advisorEmail: DEMO.advisor.email, advisorPassword: DEMO.advisor.password, adminEmail: DEMO.admin.email, adminPassword: DEMO.admin.password, citizenLink: link, startsAt: startsAt.toISOString() })}\n`,
  )
} finally {
  await db.destroy()
}
