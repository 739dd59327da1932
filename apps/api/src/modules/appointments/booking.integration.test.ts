import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'

const inOneHour = () => new Date(Date.now() + 3600_000).toISOString()
const validBooking = (email = `citizen-${randomUUID()}@test.example`) => ({
  citizen: { firstName: 'Jana', lastName: 'Beispiel', email, customerNumber: '123D456789', language: 'en' },
  startsAt: inOneHour(),
  durationMinutes: 30,
})

describe('booking an appointment (real Postgres)', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  // Scoped to one organisation, so tests running beside this one cannot disturb the numbers.
  const counts = async (organisationId: string) => {
    const row = await sql<{ appointments: number; participants: number; outbox: number }>`
      select (select count(*)::int from appointments a where a.organisation_id = ${organisationId}) as appointments,
             (select count(*)::int from participants p join appointments a on a.id = p.appointment_id
               where a.organisation_id = ${organisationId}) as participants,
             (select count(*)::int from outbox o join participants p on p.id = o.participant_id
               join appointments a on a.id = p.appointment_id where a.organisation_id = ${organisationId}) as outbox`.execute(
      db,
    )
    return row.rows[0]
  }

  it('needs a signed-in staff member', async () => {
    const { organisation } = await createOrganisationWithAdvisor(db)
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/appointments',
      payload: validBooking(),
    })
    expect(response.statusCode).toBe(401)
    expect(await counts(organisation.id)).toEqual({ appointments: 0, participants: 0, outbox: 0 })
  })

  it('writes appointment, participant (link as SHA-256 only) and invitation outbox row together', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const asStaff = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const body = validBooking()
    const response = await asStaff('POST', '/api/staff/appointments', body)
    expect(response.statusCode).toBe(201)
    const appointment = response.json()
    expect(appointment).toMatchObject({
      status: 'scheduled',
      durationMinutes: 30,
      advisor: { id: advisor.id },
      citizen: { firstName: 'Jana', lastName: 'Beispiel' },
    })
    // The staff response carries no link and no e-mail address.
    expect(response.body).not.toMatch(/\/t\/|@test\.example/)

    const participant = await db
      .selectFrom('participants')
      .selectAll()
      .where('appointment_id', '=', appointment.id)
      .executeTakeFirstOrThrow()
    expect(participant).toMatchObject({ email: body.citizen.email, customer_number: '123D456789', language: 'en' })
    expect(participant.link_token_hash).toHaveLength(32)
    // Sealed for the mails that carry the link (invitation, update, reminders), never in clear.
    expect(participant.link_token_sealed?.length).toBeGreaterThan(43)
    const outbox = await db
      .selectFrom('outbox')
      .selectAll()
      .where('participant_id', '=', participant.id)
      .orderBy('due_at', 'asc')
      .execute()
    // The invitation at once, and reminders 24 h and 1 h ahead that are still in the future.
    expect(outbox.map((o) => o.kind)).toEqual(['invitation'])
    expect(outbox[0]?.link_token_sealed).toBeNull()
  })

  it('gives each further participant (interpreter, trusted person, second advisor) a link and invitation of their own', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const asStaff = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const further = (role: string, n: number) => ({
      role,
      firstName: `Name${n}`,
      lastName: 'Weitere',
      email: `further-${randomUUID()}@test.example`,
    })
    const response = await asStaff('POST', '/api/staff/appointments', {
      ...validBooking(),
      furtherParticipants: [further('interpreter', 1), further('trusted_person', 2)],
    })
    expect(response.statusCode).toBe(201)
    const rows = await db
      .selectFrom('participants as p')
      .innerJoin('outbox as o', 'o.participant_id', 'p.id')
      .select(['p.role', 'p.link_token_hash'])
      .where('o.kind', '=', 'invitation')
      .where('p.appointment_id', '=', response.json().id)
      .execute()
    expect(rows.map((r) => r.role).sort()).toEqual(['citizen', 'interpreter', 'trusted_person'])
    expect(new Set(rows.map((r) => r.link_token_hash.toString('hex'))).size).toBe(3)

    for (const bad of [
      [further('citizen', 3)],
      [
        further('interpreter', 1),
        further('interpreter', 2),
        further('interpreter', 3),
        further('interpreter', 4),
        further('interpreter', 5),
      ],
      [{ ...further('interpreter', 1), email: 'nope' }],
    ]) {
      expect(
        (await asStaff('POST', '/api/staff/appointments', { ...validBooking(), furtherParticipants: bad })).statusCode,
      ).toBe(400)
    }
  })

  it('refuses bad input with a 4xx and a clear message, and changes nothing', async () => {
    const { advisor, organisation } = await createOrganisationWithAdvisor(db)
    const other = await createOrganisationWithAdvisor(db)
    const asStaff = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const base = validBooking()
    const cases: [string, unknown, number][] = [
      ['missing citizen', { ...base, citizen: undefined }, 400],
      ['blank first name', { ...base, citizen: { ...base.citizen, firstName: '   ' } }, 400],
      ['invalid e-mail', { ...base, citizen: { ...base.citizen, email: 'not-an-address' } }, 400],
      ['unknown language', { ...base, citizen: { ...base.citizen, language: 'xx' } }, 400],
      ['duration too short', { ...base, durationMinutes: 2 }, 400],
      ['duration too long', { ...base, durationMinutes: 600 }, 400],
      ['fractional duration', { ...base, durationMinutes: 30.5 }, 400],
      ['not a date', { ...base, startsAt: 'tomorrow' }, 400],
      // Passes the schema's date-time format, but no Date can hold it.
      ['a leap second', { ...base, startsAt: '2030-12-31T23:59:60Z' }, 400],
      ['in the past', { ...base, startsAt: new Date(Date.now() - 7200_000).toISOString() }, 400],
      ['unknown field', { ...base, roomAdmin: true }, 400],
      ['advisor of another organisation', { ...base, advisorId: other.advisor.id }, 403],
      ['plain text instead of JSON', 'hello', 415],
    ]
    const before = await counts(organisation.id)
    expect(before).toEqual({ appointments: 0, participants: 0, outbox: 0 })
    for (const [name, payload, status] of cases) {
      const response = await asStaff('POST', '/api/staff/appointments', payload)
      expect(response.statusCode, name).toBe(status)
      const error = response.json().error
      expect(error.code, name).toMatch(/^(bad_request|forbidden)$/)
      expect(error.message.length, name).toBeGreaterThan(5)
    }
    expect(await counts(organisation.id)).toEqual(before)
  })

  it('lists only the own organisation, and for advisors only their own appointments', async () => {
    const mine = await createOrganisationWithAdvisor(db)
    const theirs = await createOrganisationWithAdvisor(db)
    const asMine = await injectAsStaff(harness.app, mine.advisor.email, mine.advisor.password)
    const asTheirs = await injectAsStaff(harness.app, theirs.advisor.email, theirs.advisor.password)
    const booked = (await asMine('POST', '/api/staff/appointments', validBooking())).json()
    const theirBooking = (await asTheirs('POST', '/api/staff/appointments', validBooking())).json()

    const list = (await asMine('GET', '/api/staff/appointments')).json().appointments as { id: string }[]
    expect(list.map((a) => a.id)).toContain(booked.id)
    expect(list.map((a) => a.id)).not.toContain(theirBooking.id)
    const foreignToken = await asMine('POST', `/api/staff/appointments/${theirBooking.id}/room-token`)
    expect(foreignToken.statusCode).toBe(404)
  })
})
