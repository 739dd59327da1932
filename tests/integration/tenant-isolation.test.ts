import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../apps/api/src/modules/staff-auth/passwords.ts'
import { openEventStream } from '../support/api-process.ts'
import { createOrganisationWithAdvisor, openTestDb, type StaffClient, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { testEnv } from '../support/test-env.ts'

const MOVE = { startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), durationMinutes: 30 }

/** Every staff endpoint that names an appointment, with how to call it (a valid body, so only access decides). */
const APPOINTMENT_ENDPOINTS = [
  { method: 'GET', path: (a: string) => `/api/staff/appointments/${a}` },
  { method: 'PATCH', path: (a: string) => `/api/staff/appointments/${a}`, body: MOVE },
  { method: 'POST', path: (a: string) => `/api/staff/appointments/${a}/cancel` },
  { method: 'POST', path: (a: string) => `/api/staff/appointments/${a}/room-token` },
  { method: 'POST', path: (a: string, p: string) => `/api/staff/appointments/${a}/participants/${p}/admit` },
  { method: 'POST', path: (a: string, p: string) => `/api/staff/appointments/${a}/participants/${p}/remove` },
  { method: 'POST', path: (a: string) => `/api/staff/appointments/${a}/end` },
] as const

describe('tenant isolation and roles on every staff endpoint', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  /** An organisation with an advisor, an admin, a second advisor, and one booked appointment with a consenting citizen. */
  async function tenant() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const staff = async (role: 'advisor' | 'admin') => {
      const password = `pw-${randomUUID()}`
      const email = `${role}-${randomUUID()}@tenant.example`
      await db
        .insertInto('staff_users')
        .values({
          organisation_id: organisation.id,
          email,
          display_name: `${role} ${email.slice(0, 6)}`,
          password_hash: await hashPassword(password),
          role,
        })
        .execute()
      return signIn(testEnv.API_URL, email, password)
    }
    const owner = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    const email = `citizen-${randomUUID()}@tenant.example`
    const booking = await owner.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Tara', lastName: 'Mandant', email },
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
    })
    const appointmentId = ((await booking.json()) as { id: string }).id
    const participantId = (
      await db
        .selectFrom('participants')
        .select('id')
        .where('appointment_id', '=', appointmentId)
        .executeTakeFirstOrThrow()
    ).id
    const [mail] = await waitForMail(email)
    const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
    const opened = await fetch(`${testEnv.API_URL}/t/${token}`, { redirect: 'manual' })
    const citizenCookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    await fetch(`${testEnv.API_URL}/api/p/consent`, {
      method: 'POST',
      headers: { cookie: citizenCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 0 }),
    })
    return {
      organisationId: organisation.id,
      owner,
      otherAdvisor: await staff('advisor'),
      admin: await staff('admin'),
      appointmentId,
      participantId,
      citizenCookie,
    }
  }

  let a: Awaited<ReturnType<typeof tenant>>
  let b: Awaited<ReturnType<typeof tenant>>
  beforeAll(async () => {
    a = await tenant()
    b = await tenant()
  })

  const call = (client: StaffClient, endpoint: (typeof APPOINTMENT_ENDPOINTS)[number], t: typeof a) =>
    client.request(
      endpoint.method,
      endpoint.path(t.appointmentId, t.participantId),
      'body' in endpoint ? endpoint.body : undefined,
    )

  it('nobody of organisation A can read, change or admit anything of organisation B (404, nothing changes)', async () => {
    for (const client of [a.owner, a.otherAdvisor, a.admin]) {
      for (const endpoint of APPOINTMENT_ENDPOINTS) {
        const response = await call(client, endpoint, b)
        expect(response.status, `${endpoint.method} ${endpoint.path('B', 'P')}`).toBe(404)
      }
      const list = (await (await client.request('GET', '/api/staff/appointments')).json()) as {
        appointments: { id: string }[]
      }
      expect(list.appointments.map((x) => x.id)).not.toContain(b.appointmentId)
    }
    const row = await db
      .selectFrom('appointments')
      .select(['ended_at', 'status', 'sequence'])
      .where('id', '=', b.appointmentId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ ended_at: null, status: 'scheduled', sequence: 0 })
    const participant = await db
      .selectFrom('participants')
      .select(['admitted_at'])
      .where('id', '=', b.participantId)
      .executeTakeFirstOrThrow()
    expect(participant.admitted_at).toBeNull()
  })

  it('an advisor may act on their own appointments only; an admin on the whole organisation’s', async () => {
    for (const endpoint of APPOINTMENT_ENDPOINTS.filter(
      (e) => e.method === 'GET' || e.path('x', 'y').endsWith('/room-token'),
    )) {
      expect((await call(a.otherAdvisor, endpoint, a)).status).toBe(403)
      expect((await call(a.admin, endpoint, a)).status).toBe(200)
    }
    // Another advisor of the same organisation can neither move nor cancel it.
    for (const endpoint of APPOINTMENT_ENDPOINTS.filter(
      (e) => e.method === 'PATCH' || e.path('x', 'y').endsWith('/cancel'),
    )) {
      expect((await call(a.otherAdvisor, endpoint, a)).status).toBe(403)
    }
    const listOfOther = (await (await a.otherAdvisor.request('GET', '/api/staff/appointments')).json()) as {
      appointments: { id: string }[]
    }
    expect(listOfOther.appointments.map((x) => x.id)).not.toContain(a.appointmentId)
    const listOfAdmin = (await (await a.admin.request('GET', '/api/staff/appointments')).json()) as {
      appointments: { id: string }[]
    }
    expect(listOfAdmin.appointments.map((x) => x.id)).toContain(a.appointmentId)
    expect(
      (
        await a.otherAdvisor.request('POST', '/api/staff/appointments', {
          citizen: { firstName: 'X', lastName: 'Y', email: 'x@tenant.example' },
          startsAt: new Date(Date.now() + 3600_000).toISOString(),
          durationMinutes: 30,
          advisorId: (
            await db
              .selectFrom('appointments')
              .select('advisor_id')
              .where('id', '=', a.appointmentId)
              .executeTakeFirstOrThrow()
          ).advisor_id,
        })
      ).status,
    ).toBe(403)
  })

  it('the live event stream carries only the own organisation’s changes', async () => {
    const stream = await openEventStream(`${testEnv.API_URL}/api/staff/events`, a.admin.cookie)
    try {
      await stream.next('ready')
      // A change in B …
      await fetch(`${testEnv.API_URL}/api/p/waiting-room`, { method: 'POST', headers: { cookie: b.citizenCookie } })
      // … then one in A: the first event A's stream sees must be A's.
      await fetch(`${testEnv.API_URL}/api/p/waiting-room`, { method: 'POST', headers: { cookie: a.citizenCookie } })
      expect(await stream.next('change')).toEqual({ appointmentId: a.appointmentId })
    } finally {
      stream.close()
    }
  })

  it('statistics: an admin sees only the own organisation’s; advisors and citizens get none', async () => {
    const row = (organisationId: string, held: number) => ({
      organisation_id: organisationId,
      day: '2026-01-15',
      appointments_held: held,
      no_shows: 0,
      cancellations: 0,
      duration_median_minutes: null,
      checks_green: 0,
      checks_yellow: 0,
      checks_red: 0,
      browsers: '{}',
      operating_systems: '{}',
      connections: '{}',
      survey_count: 0,
      satisfaction_sum: 0,
      satisfaction_count: 0,
      av_quality_sum: 0,
      av_quality_count: 0,
      use_again: '{}',
      final: true,
      computed_at: new Date(),
    })
    await db
      .insertInto('daily_statistics')
      .values([row(a.organisationId, 11), row(b.organisationId, 23)])
      .execute()
    const path = '/api/staff/statistics?from=2026-01-01&to=2026-01-31'
    const ofA = await a.admin.request('GET', path)
    expect(ofA.status).toBe(200)
    expect(((await ofA.json()) as { totals: { appointmentsHeld: unknown } }).totals.appointmentsHeld).toBe(11)
    for (const advisor of [a.owner, a.otherAdvisor]) expect((await advisor.request('GET', path)).status).toBe(403)
    expect((await fetch(`${testEnv.API_URL}${path}`, { headers: { cookie: a.citizenCookie } })).status).toBe(401)
  })

  it('staff endpoints refuse anyone without a staff session, including a citizen with a personal-link cookie', async () => {
    for (const endpoint of APPOINTMENT_ENDPOINTS) {
      const response = await fetch(`${testEnv.API_URL}${endpoint.path(a.appointmentId, a.participantId)}`, {
        method: endpoint.method,
        headers: { cookie: a.citizenCookie, ...('body' in endpoint ? { 'content-type': 'application/json' } : {}) },
        body: 'body' in endpoint ? JSON.stringify(endpoint.body) : undefined,
      })
      expect(response.status).toBe(401)
    }
    expect((await fetch(`${testEnv.API_URL}/api/staff/events`, { headers: { cookie: a.citizenCookie } })).status).toBe(
      401,
    )
  })
})
