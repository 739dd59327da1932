import { randomUUID } from 'node:crypto'
import type { DeviceCheckMeasurement } from '@videotermin/contracts'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEventStream as openEvents } from '../../../../../tests/support/api-process.ts'
import { buildTestApp, cookieFrom } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'
import { bookAppointment } from '../appointments/booking.service.ts'
import { PARTICIPANT_COOKIE } from '../participant/require-participant.ts'

const measurement: DeviceCheckMeasurement = {
  camera: { status: 'ok', framesSeen: 42 },
  microphone: { status: 'ok', peakLevel: 0.3 },
  speaker: { status: 'ok' },
  connection: { status: 'ok', signalling: true, webrtc: true, protocol: 'tcp', publishAudio: true, publishVideo: true },
  network: { uploadKbps: 1800, downloadKbps: null, rttMs: 12, packetLossPercent: 0 },
}

describe('citizen path on the server: consent, device check, waiting room, survey', () => {
  const db = openTestDb()
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  let baseUrl: string
  beforeAll(async () => {
    harness = await buildTestApp(db)
    baseUrl = await harness.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await harness.close()
    await db.destroy()
  })

  async function citizen(startsInMinutes = 2) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const booked = await bookAppointment(
      {
        db,
        linkEncryptionKey: harness.config.LINK_ENCRYPTION_KEY,
        publicUrl: harness.config.PUBLIC_URL,
        now: new Date(),
      },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Mira', lastName: 'Weg', email: `citizen-${randomUUID()}@test.example` },
        startsAt: new Date(Date.now() + startsInMinutes * 60_000).toISOString(),
        durationMinutes: 30,
      },
    )
    const opened = await harness.app.inject({
      url: `/t/${booked.personalLink.split('/t/')[1]}`,
      remoteAddress: '10.3.0.1',
    })
    const cookie = cookieFrom(opened.headers['set-cookie'], PARTICIPANT_COOKIE) ?? ''
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      harness.app.inject({
        method,
        url,
        headers: { cookie, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
        ...(payload ? { payload } : {}),
      })
    const asStaff = await injectAsStaff(harness.app, advisor.email, advisor.password)
    return { booked, organisation, advisor, cookie, call, asStaff }
  }

  it('asks for the organisation’s latest consent text in the participant’s language, and only accepts that version', async () => {
    const c = await citizen()
    await db
      .insertInto('consent_texts')
      .values([
        { organisation_id: c.organisation.id, version: 1, language: 'de', body: 'Alte Fassung' },
        { organisation_id: c.organisation.id, version: 2, language: 'de', body: 'Neue Fassung' },
        { organisation_id: c.organisation.id, version: 2, language: 'en', body: 'New version' },
      ])
      .execute()
    expect((await c.call('GET', '/api/p/me')).json().consent).toEqual({
      version: 2,
      text: 'Neue Fassung',
      given: false,
      withdrawn: false,
    })
    const stale = await c.call('POST', '/api/p/consent', { version: 1 })
    expect(stale.statusCode).toBe(409)
    expect((await c.call('POST', '/api/p/consent', { version: 2 })).statusCode).toBe(204)
    const stored = await db
      .selectFrom('participants')
      .select(['consent_version', 'consented_at'])
      .where('id', '=', c.booked.participantId)
      .executeTakeFirstOrThrow()
    expect(stored.consent_version).toBe(2)
    expect(stored.consented_at).toBeInstanceOf(Date)
    // A newer text needs a new consent.
    await db
      .insertInto('consent_texts')
      .values({ organisation_id: c.organisation.id, version: 3, language: 'de', body: 'Neueste Fassung' })
      .execute()
    expect((await c.call('GET', '/api/p/me')).json().consent).toMatchObject({ version: 3, given: false })
  })

  it('issues device-check tokens for a throw-away room only after consent, and stores results with device details', async () => {
    const c = await citizen(120)
    expect((await c.call('POST', '/api/p/device-check/token')).statusCode).toBe(403)
    expect((await c.call('POST', '/api/p/device-check/result', measurement)).statusCode).toBe(403)
    expect(
      await db.selectFrom('device_checks').select('id').where('participant_id', '=', c.booked.participantId).execute(),
    ).toEqual([])

    await c.call('POST', '/api/p/consent', { version: 0 })
    // Hours before the appointment the check works already.
    const token = await c.call('POST', '/api/p/device-check/token')
    expect(token.statusCode).toBe(200)
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString())
    const sender = claims(token.json().token)
    const receiver = claims(token.json().receiverToken)
    const room = sender.video.room as string
    expect(room).toMatch(/^check-[0-9a-f]{24}$/)
    // The page's second connection, for the download: the same room, another random identity,
    // which may only subscribe.
    expect(receiver.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublish: false })
    expect(receiver.sub).toMatch(/^check-[0-9a-f]{16}$/)
    expect(receiver.sub).not.toBe(sender.sub)
    const [created] = await harness.rooms.listRooms([room])
    expect(created?.maxParticipants).toBe(2)

    const result = await c.call('POST', '/api/p/device-check/result', measurement)
    expect(result.statusCode).toBe(201)
    // null stays null: an unmeasured rate is not a rate of 0.
    expect(result.json().measurement.network.downloadKbps).toBeNull()
    expect(result.json()).toMatchObject({
      overall: 'yellow',
      browser: 'Firefox 128',
      os: 'Linux',
      deviceType: 'desktop',
    })
    const bad = await c.call('POST', '/api/p/device-check/result', { ...measurement, camera: { status: 'great' } })
    expect(bad.statusCode).toBe(400)
    const detail = await c.asStaff('GET', `/api/staff/appointments/${c.booked.appointment.id}`)
    expect(detail.json().participants[0]).toMatchObject({
      status: 'consented',
      deviceCheck: { overall: 'yellow', browser: 'Firefox 128' },
    })
  })

  it('tells the waiting citizen of admission over SSE, and the advisor’s stream of the waiting citizen', async () => {
    const c = await citizen()
    await c.call('POST', '/api/p/consent', { version: 0 })
    const staffLogin = await fetch(`${baseUrl}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.4.0.1' },
      body: JSON.stringify({ email: c.advisor.email, password: c.advisor.password }),
    })
    const staffCookie = (staffLogin.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

    const citizenEvents = await openEvents(`${baseUrl}/api/p/events`, c.cookie)
    const staffEvents = await openEvents(`${baseUrl}/api/staff/events`, staffCookie)
    try {
      expect(await citizenEvents.next('status')).toEqual({
        status: 'not_waiting',
        cancelled: false,
        withdrawn: false,
        ended: false,
      })
      await staffEvents.next('ready')
      expect((await c.call('POST', '/api/p/waiting-room')).json()).toEqual({ status: 'waiting' })
      expect(await citizenEvents.next('status')).toMatchObject({ status: 'waiting' })
      expect(await staffEvents.next('change')).toEqual({ appointmentId: c.booked.appointment.id })
      const detail = await c.asStaff('GET', `/api/staff/appointments/${c.booked.appointment.id}`)
      expect(detail.json().participants[0]).toMatchObject({ status: 'waiting', waitingSince: expect.any(String) })

      const admit = await c.asStaff(
        'POST',
        `/api/staff/appointments/${c.booked.appointment.id}/participants/${c.booked.participantId}/admit`,
      )
      expect(admit.statusCode).toBe(204)
      expect(await citizenEvents.next('status')).toMatchObject({ status: 'admitted' })
    } finally {
      citizenEvents.close()
      staffEvents.close()
      await harness.rooms.deleteRoom(`appointment-${c.booked.appointment.id}`).catch(() => {})
    }
  })

  it('ends the waiting citizen’s stream at once when the advisor sends the link anew', async () => {
    const c = await citizen()
    await c.call('POST', '/api/p/consent', { version: 0 })
    expect((await c.call('POST', '/api/p/waiting-room')).json()).toEqual({ status: 'waiting' })
    const citizenEvents = await openEvents(`${baseUrl}/api/p/events`, c.cookie)
    try {
      expect(await citizenEvents.next('status')).toMatchObject({ status: 'waiting' })
      const resent = await c.asStaff(
        'POST',
        `/api/staff/appointments/${c.booked.appointment.id}/participants/${c.booked.participantId}/invitation`,
        {},
      )
      expect(resent.statusCode).toBe(204)
      // Whoever holds the old link learns that this page is done, and the stream ends.
      expect(await citizenEvents.next('session-ended')).toEqual({})
      await expect(citizenEvents.next('status', 2000)).rejects.toThrow('stream ended')
      // A new stream with the old session is refused like any other request of it.
      expect((await fetch(`${baseUrl}/api/p/events`, { headers: { cookie: c.cookie } })).status).toBe(401)
    } finally {
      citizenEvents.close()
    }
  })

  it('lets no advisor admit into another organisation’s appointment, nor someone who did not consent', async () => {
    const a = await citizen()
    const b = await citizen()
    const foreign = await a.asStaff(
      'POST',
      `/api/staff/appointments/${b.booked.appointment.id}/participants/${b.booked.participantId}/admit`,
    )
    expect(foreign.statusCode).toBe(404)
    expect((await a.asStaff('GET', `/api/staff/appointments/${b.booked.appointment.id}`)).statusCode).toBe(404)
    const noConsent = await b.asStaff(
      'POST',
      `/api/staff/appointments/${b.booked.appointment.id}/participants/${b.booked.participantId}/admit`,
    )
    expect(noConsent.statusCode).toBe(409)
    const row = await db
      .selectFrom('participants')
      .select('admitted_at')
      .where('id', '=', b.booked.participantId)
      .executeTakeFirstOrThrow()
    expect(row.admitted_at).toBeNull()
  })

  it('stores the survey once, anonymously: organisation and day, nothing that leads back', async () => {
    const c = await citizen()
    const invalid = await c.call('POST', '/api/p/survey', { satisfaction: 9 })
    expect(invalid.statusCode).toBe(400)
    expect((await c.call('POST', '/api/p/survey', { satisfaction: 4, useAgain: 'yes' })).statusCode).toBe(204)
    expect((await c.call('POST', '/api/p/survey', { satisfaction: 1 })).statusCode).toBe(409)
    const rows = await db
      .selectFrom('survey_responses')
      .selectAll()
      .where('organisation_id', '=', c.organisation.id)
      .execute()
    expect(rows).toEqual([
      {
        id: expect.any(String),
        organisation_id: c.organisation.id,
        day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        satisfaction: 4,
        av_quality: null,
        use_again: 'yes',
      },
    ])
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'survey_responses'`.execute(db)
    expect(columns.rows.map((r) => r.column_name).sort()).toEqual(
      ['av_quality', 'day', 'id', 'organisation_id', 'satisfaction', 'use_again'].sort(),
    )
  })

  it('withdrawing consent erases the personal data at once and closes the way in', async () => {
    const c = await citizen()
    await c.call('POST', '/api/p/consent', { version: 0 })
    await c.call('POST', '/api/p/device-check/result', measurement)
    await c.call('POST', '/api/p/waiting-room')
    expect((await c.call('POST', '/api/p/consent/withdraw')).statusCode).toBe(204)
    const row = await db
      .selectFrom('participants')
      .select(['first_name', 'last_name', 'email', 'customer_number', 'waiting_since', 'consent_withdrawn_at'])
      .where('id', '=', c.booked.participantId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ first_name: '', last_name: '', email: '', customer_number: null, waiting_since: null })
    expect(row.consent_withdrawn_at).toBeInstanceOf(Date)
    expect(
      await db.selectFrom('device_checks').select('id').where('participant_id', '=', c.booked.participantId).execute(),
    ).toEqual([])
    expect((await c.call('GET', '/api/p/me')).json().consent.withdrawn).toBe(true)
    expect((await c.call('POST', '/api/p/waiting-room')).statusCode).toBe(403)
    expect((await c.call('POST', '/api/p/consent', { version: 0 })).statusCode).toBe(403)
  })

  it('the public device check (no appointment) gives a throw-away room and is rate-limited per address', async () => {
    // An address of this run's own: the limit's window outlives a run on the same stack.
    const address = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await harness.app.inject({ method: 'POST', url: '/api/check/token', remoteAddress: address })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(statuses[10]).toBe(429)
  })
})
